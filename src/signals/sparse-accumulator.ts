/**
 * A dense accumulator over product indices that remembers which entries it touched, so a sparse
 * sum (postings, topic matches) is added in O(1) per entry and cleared in O(touched), with no
 * allocation per request once it has grown to the catalogue size.
 */
export class SparseAccumulator {
  #values: Float64Array;
  #mark: Uint8Array;
  #touched: Int32Array;
  #count = 0;

  constructor(size: number) {
    this.#values = new Float64Array(size);
    this.#mark = new Uint8Array(size);
    this.#touched = new Int32Array(Math.max(8, Math.min(size, 1024)));
  }

  /** Number of slots (products). */
  get size(): number {
    return this.#values.length;
  }

  /** Number of entries touched since the last reset. */
  get count(): number {
    return this.#count;
  }

  /** The dense values (index = product); untouched entries are 0. Do not mutate. */
  get values(): Float64Array {
    return this.#values;
  }

  /** The i-th touched index (0 <= i < count), in first-touch order. */
  touchedAt(i: number): number {
    return this.#touched[i]!;
  }

  /** Adds `v` to entry `i`. */
  add(i: number, v: number): void {
    if (this.#mark[i] === 0) {
      this.#mark[i] = 1;
      if (this.#count === this.#touched.length) {
        const grown = new Int32Array(this.#touched.length * 2);
        grown.set(this.#touched);
        this.#touched = grown;
      }
      this.#touched[this.#count++] = i;
    }
    this.#values[i]! += v;
  }

  /** Raises entry `i` to `v` when `v` is larger (entries start at 0). */
  raise(i: number, v: number): void {
    if (this.#mark[i] === 0) this.add(i, v);
    else if (v > this.#values[i]!) this.#values[i] = v;
  }

  /** Zeroes every touched entry. */
  reset(): void {
    for (let k = 0; k < this.#count; k++) {
      const i = this.#touched[k]!;
      this.#values[i] = 0;
      this.#mark[i] = 0;
    }
    this.#count = 0;
  }
}
