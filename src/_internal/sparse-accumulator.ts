import { grow } from './grow.js';

/** Sums by index drained from {@link SparseAccumulator.take}: `ids` ascending, `sums` alongside (float32 or float64, as asked). */
export interface IdSums<S extends Float32Array | Float64Array> {
  readonly ids: Int32Array;
  readonly sums: S;
}

/**
 * A dense float64 accumulator over non-negative integer indices (products, terms, documents) that
 * remembers which entries it touched (a touched entry counts even when its sum is 0), so a sparse
 * sum (postings, topic matches, a query's BM25 scores, a document's weighted term counts) is added
 * in O(1) per entry and cleared ({@link reset}) in O(touched) or drained in index order
 * ({@link take}) in O(touched log touched), with no allocation per value once grown to the index
 * range.
 */
export class SparseAccumulator {
  #values: Float64Array;
  #mark: Uint8Array;
  #touched: Int32Array;
  #count = 0;

  /** @param size number of slots to start with (indices below it; {@link reserve} adds more) */
  constructor(size = 0) {
    this.#values = new Float64Array(size);
    this.#mark = new Uint8Array(size);
    this.#touched = new Int32Array(Math.max(8, Math.min(size, 1024)));
  }

  /** Number of slots (indices below it can be added to). */
  get size(): number {
    return this.#values.length;
  }

  /** Makes room for indices below `size`, keeping every entry (touched or not). */
  reserve(size: number): void {
    this.#values = grow(this.#values, size);
    this.#mark = grow(this.#mark, size);
  }

  /** Number of entries touched since the last reset. */
  get count(): number {
    return this.#count;
  }

  /** The i-th touched index (0 <= i < count), in first-touch order. */
  touchedAt(i: number): number {
    return this.#touched[i]!;
  }

  /** The dense values (position = index); untouched entries are 0. Do not mutate. */
  get values(): Float64Array {
    return this.#values;
  }

  /** Adds `v` to entry `i` (below {@link size}). */
  add(i: number, v: number): void {
    if (this.#mark[i] === 0) {
      this.#mark[i] = 1;
      if (this.#count === this.#touched.length) this.#touched = grow(this.#touched, this.#count + 1);
      this.#touched[this.#count++] = i;
    }
    this.#values[i]! += v;
  }

  /** Adds `v` to the entry of each index of `ids`, once per occurrence (indices below {@link size}). */
  addEach(ids: Int32Array, v: number): void {
    for (let k = 0; k < ids.length; k++) this.add(ids[k]!, v);
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

  /**
   * The sums of the touched entries, indices ascending, written into a new array of `kind`
   * (Float32Array rounds them); the accumulator is then empty, as after {@link reset}.
   */
  take<S extends Float32Array | Float64Array>(kind: new (length: number) => S): IdSums<S> {
    const count = this.#count;
    const ids = this.#touched.slice(0, count).sort();
    const sums = new kind(count);
    for (let k = 0; k < count; k++) {
      const i = ids[k]!;
      sums[k] = this.#values[i]!;
      this.#values[i] = 0;
      this.#mark[i] = 0;
    }
    this.#count = 0;
    return { ids, sums };
  }
}
