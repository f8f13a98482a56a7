import { grow } from '../_internal/grow.js';

/** Sums by id drained from {@link SparseSums}: `ids` ascending, `sums` alongside. */
export interface IdSums {
  readonly ids: Int32Array;
  readonly sums: Float64Array;
}

/**
 * Scratch that sums values by non-negative integer id (a query's scores by document, a document's
 * weighted counts by term): dense by id, remembering which ids it touched, so adding costs O(1)
 * and draining O(touched log touched), with no allocation per value once grown to the id range.
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
    if (this.#seen[id] === 0) {
      this.#seen[id] = 1;
      if (this.#count === this.#touched.length) this.#touched = grow(this.#touched, this.#count + 1);
      this.#touched[this.#count++] = id;
    }
  }

  /** The sums of the touched ids, ids ascending; the scratch is then empty. */
  take(): IdSums {
    const count = this.#count;
    const ids = this.#touched.slice(0, count).sort();
    const sums = new Float64Array(count);
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
