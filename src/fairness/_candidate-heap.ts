/**
 * Internal: a binary max-heap of candidate positions over a key array (higher key first, ties by
 * the smaller position), built in O(C) and popped in O(log C). Not exported from the package.
 */
export class CandidateHeap {
  readonly #keys: Float64Array | Float32Array;
  readonly #heap: Int32Array;
  #size: number;

  /** Heap over `positions[0..count)`, ordered by `keys[position]`. Takes ownership of `positions`. */
  constructor(keys: Float64Array | Float32Array, positions: Int32Array, count: number) {
    this.#keys = keys;
    this.#heap = positions;
    this.#size = count;
    for (let i = (count >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  /** Number of positions left. */
  get size(): number {
    return this.#size;
  }

  /** The best position, or -1 when empty. */
  peek(): number {
    return this.#size === 0 ? -1 : this.#heap[0]!;
  }

  /** Removes and returns the best position, or -1 when empty. */
  pop(): number {
    if (this.#size === 0) return -1;
    const top = this.#heap[0]!;
    this.#size--;
    if (this.#size > 0) {
      this.#heap[0] = this.#heap[this.#size]!;
      this.#down(0);
    }
    return top;
  }

  #better(a: number, b: number): boolean {
    const ka = this.#keys[a]!;
    const kb = this.#keys[b]!;
    return ka > kb || (ka === kb && a < b);
  }

  #down(i: number): void {
    const h = this.#heap;
    const n = this.#size;
    const item = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.#better(h[r]!, h[l]!)) c = r;
      if (!this.#better(h[c]!, item)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = item;
  }
}
