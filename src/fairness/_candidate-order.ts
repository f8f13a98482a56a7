/**
 * Internal: candidate positions in order of a key (higher first, ties by the smaller position),
 * taken lazily: the order of a {@link CandidateHeap} over the same positions, pop for pop, at a
 * cost that follows how far the caller reads rather than the candidate count. Not exported from
 * the package.
 */
import { before, CandidateHeap } from './_candidate-heap.js';

/** A key array by position: float64 keys or float32 scores. */
export type Keys = Float64Array | Float32Array;

/**
 * The first `m` of `positions[0 .. count)` (ascending) in key order, best first: a bounded heap
 * whose root is the worst kept, so most positions cost one comparison with its key (a later
 * position with an equal key comes after it). O(count log m).
 */
export function firstPositions(keys: Keys, positions: Int32Array, count: number, m: number): Int32Array {
  const size = Math.max(0, Math.min(m, count));
  const kept = new CandidateHeap(keys, new Int32Array(size), 0, true);
  let worst = -Infinity;
  for (let i = 0; i < count && size > 0; i++) {
    const p = positions[i]!;
    if (kept.size < size) kept.push(p);
    else if (keys[p]! > worst) kept.replaceTop(p);
    else continue;
    if (kept.size === size) worst = keys[kept.peek()]!;
  }
  // Worst first out of the heap, into the back of the output.
  const out = new Int32Array(kept.size);
  for (let i = out.length - 1; i >= 0; i--) out[i] = kept.pop();
  return out;
}

/**
 * The positions `positions[0 .. count)` (ascending; ownership taken) in key order, read with `peek` and
 * `pop` like a {@link CandidateHeap}: the first `head` are selected up front, the rest go into a
 * heap only if the reader gets past them.
 */
export class CandidateOrder {
  readonly #keys: Keys;
  readonly #positions: Int32Array;
  readonly #count: number;
  readonly #head: Int32Array;
  #at = 0;
  #rest: CandidateHeap | undefined;

  constructor(keys: Keys, positions: Int32Array, count: number, head: number) {
    this.#keys = keys;
    this.#positions = positions;
    this.#count = count;
    this.#head = firstPositions(keys, positions, count, head);
  }

  /** Number of positions left. */
  get size(): number {
    return this.#rest === undefined ? this.#count - this.#at : this.#rest.size;
  }

  /** The best position left, or -1 when none is. */
  peek(): number {
    return this.#at < this.#head.length ? this.#head[this.#at]! : this.#tail().peek();
  }

  /** Removes and returns the best position left, or -1 when none is. */
  pop(): number {
    return this.#at < this.#head.length ? this.#head[this.#at++]! : this.#tail().pop();
  }

  /** The positions after the head, as a heap (built on first use). */
  #tail(): CandidateHeap {
    if (this.#rest !== undefined) return this.#rest;
    const head = this.#head;
    const last = head.length === 0 ? -1 : head[head.length - 1]!;
    const rest = this.#positions;
    let n = 0;
    if (head.length < this.#count) {
      for (let i = 0; i < this.#count; i++) {
        const p = rest[i]!;
        if (last < 0 || before(this.#keys, last, p)) rest[n++] = p;
      }
    }
    return (this.#rest = new CandidateHeap(this.#keys, rest, n));
  }
}
