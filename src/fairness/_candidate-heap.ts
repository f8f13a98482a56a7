/**
 * Internal: a binary heap of candidate positions over a key array: best first (higher key, ties
 * by the smaller position), or with `worstFirst` the reverse (the bounded selection's heap).
 * Built in O(C), popped in O(log C). Not exported from the package.
 */
export class CandidateHeap {
  readonly #keys: Float64Array | Float32Array;
  readonly #heap: Int32Array;
  readonly #worstFirst: boolean;
  #size: number;

  /**
   * Heap over `positions[0..count)`, ordered by `keys[position]`. Takes ownership of `positions`
   * (whose length bounds what {@link push} can add).
   */
  constructor(keys: Float64Array | Float32Array, positions: Int32Array, count: number, worstFirst = false) {
    this.#keys = keys;
    this.#heap = positions;
    this.#size = count;
    this.#worstFirst = worstFirst;
    for (let i = (count >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  /** Number of positions left. */
  get size(): number {
    return this.#size;
  }

  /** The best position (the worst with `worstFirst`), or -1 when empty. */
  peek(): number {
    return this.#size === 0 ? -1 : this.#heap[0]!;
  }

  /** Removes and returns the top position, or -1 when empty. */
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

  /** Adds a position (the heap has room: fewer than its array's length). */
  push(position: number): void {
    const h = this.#heap;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#above(position, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = position;
  }

  /** Replaces the top position with `position` (the heap is not empty). */
  replaceTop(position: number): void {
    this.#heap[0] = position;
    this.#down(0);
  }

  /** True when position a goes above position b in this heap. */
  #above(a: number, b: number): boolean {
    return this.#worstFirst ? before(this.#keys, b, a) : before(this.#keys, a, b);
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
      if (r < n && this.#above(h[r]!, h[l]!)) c = r;
      if (!this.#above(h[c]!, item)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = item;
  }
}

/** True when position a comes before position b: a higher key, or an equal key and a smaller position. */
export function before(keys: Float64Array | Float32Array, a: number, b: number): boolean {
  const ka = keys[a]!;
  const kb = keys[b]!;
  return ka > kb || (ka === kb && a < b);
}
