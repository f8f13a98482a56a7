/**
 * Internal: candidate positions in order of a key (higher first, ties by the smaller position),
 * taken lazily: the order of a {@link CandidateHeap} over the same positions, pop for pop, at a
 * cost that follows how far the caller reads rather than the candidate count. Not exported from
 * the package.
 */
import { CandidateHeap } from './_candidate-heap.js';

/** A key array by position: float64 keys or float32 scores. */
export type Keys = Float64Array | Float32Array;

/** True when position a comes before position b: a higher key, or an equal key and a smaller position. */
function before(keys: Keys, a: number, b: number): boolean {
  const ka = keys[a]!;
  const kb = keys[b]!;
  return ka > kb || (ka === kb && a < b);
}

/**
 * The first `m` of `positions[0 .. count)` (ascending) in key order, best first: a bounded heap
 * whose root is the worst kept, so most positions cost one comparison with its key (a later
 * position with an equal key comes after it). O(count log m).
 */
export function firstPositions(keys: Keys, positions: Int32Array, count: number, m: number): Int32Array {
  const size = Math.max(0, Math.min(m, count));
  const heap = new Int32Array(size);
  let len = 0;
  // Min-heap by the order: the root comes after every other kept position.
  const sift = (i: number): void => {
    const item = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= len) break;
      const r = l + 1;
      let c = l;
      if (r < len && before(keys, heap[l]!, heap[r]!)) c = r;
      if (!before(keys, item, heap[c]!)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = item;
  };
  let worst = -Infinity;
  for (let i = 0; i < count && size > 0; i++) {
    const p = positions[i]!;
    if (len === size && !(keys[p]! > worst)) continue;
    if (len < size) {
      // Sift up.
      let j = len++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (!before(keys, heap[parent]!, p)) break;
        heap[j] = heap[parent]!;
        j = parent;
      }
      heap[j] = p;
    } else {
      heap[0] = p;
      sift(0);
    }
    if (len === size) worst = keys[heap[0]!]!;
  }
  // Drain worst first into the back of the output.
  const out = new Int32Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = heap[0]!;
    heap[0] = heap[--len]!;
    sift(0);
  }
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
