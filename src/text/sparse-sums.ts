import { grow } from '../_internal/grow.js';

/** Sums by id drained from {@link SparseSums}: `ids` ascending, `sums` alongside (float32 or float64, as asked). */
export interface IdSums<S extends Float32Array | Float64Array> {
  readonly ids: Int32Array;
  readonly sums: S;
}

/**
 * Scratch that sums values by non-negative integer id (a query's BM25 scores by document, a
 * document's weighted counts by term): dense by id, remembering which ids it touched (a touched
 * id is drained even when its sum is 0), so adding costs O(1) and draining O(touched log
 * touched), with no allocation per value once grown to the id range.
 */
export class SparseSums {
  #acc = new Float64Array(8);
  #seen = new Uint8Array(8);
  #touched = new Int32Array(8);
  #count = 0;

  /** Makes room for ids below `size`. */
  reserve(size: number): void {
    this.#acc = grow(this.#acc, size);
    this.#seen = grow(this.#seen, size);
  }

  /** Adds `value` to the sum of `id` (below the reserved size). */
  add(id: number, value: number): void {
    this.#acc[id]! += value;
    if (this.#seen[id] === 0) this.#touch(id);
  }

  /** Adds `value` to the sum of each id of `ids`, once per occurrence (ids below the reserved size). */
  addEach(ids: Int32Array, value: number): void {
    const acc = this.#acc;
    const seen = this.#seen;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      acc[id]! += value;
      if (seen[id] === 0) this.#touch(id);
    }
  }

  /** Marks `id` touched. */
  #touch(id: number): void {
    this.#seen[id] = 1;
    if (this.#count === this.#touched.length) this.#touched = grow(this.#touched, this.#count + 1);
    this.#touched[this.#count++] = id;
  }

  /**
   * The sums of the touched ids, ids ascending, written into a new array of `kind` (Float32Array
   * rounds them); the scratch is then empty.
   */
  take<S extends Float32Array | Float64Array>(kind: new (length: number) => S): IdSums<S> {
    const count = this.#count;
    const ids = this.#touched.slice(0, count).sort();
    const sums = new kind(count);
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      sums[i] = this.#acc[id]!;
      this.#acc[id] = 0;
      this.#seen[id] = 0;
    }
    this.#count = 0;
    return { ids, sums };
  }
}
