import { grow } from '../_internal/grow.js';

/**
 * Lazily refreshed float64 values by index (per-term idf, per-document norms), each stamped with
 * the version of the data it was computed from: a value is computed again only when asked for
 * after the version moved. Versions start at 1 (stamp 0 means never computed). Memory: 12 bytes
 * per index up to the largest asked for (capacity doubles).
 */
export class StampedValues {
  #stamp = new Int32Array(8);
  #value = new Float64Array(8);
  readonly #compute: (i: number) => number;

  /** @param compute the value of index `i` from the data as it stands */
  constructor(compute: (i: number) => number) {
    this.#compute = compute;
  }

  /** The value of index `i` (>= 0) at data version `version`, computed once per version. */
  get(i: number, version: number): number {
    return this.#stamp[i] === version ? this.#value[i]! : this.#refresh(i, version);
  }

  /** Computes index `i` at `version` and stamps it. */
  #refresh(i: number, version: number): number {
    if (i >= this.#stamp.length) {
      this.#stamp = grow(this.#stamp, i + 1);
      this.#value = grow(this.#value, i + 1);
    }
    const v = this.#compute(i);
    this.#value[i] = v;
    this.#stamp[i] = version;
    return v;
  }
}
