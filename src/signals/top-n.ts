import { DataError } from '../errors.js';
import type { ScoredItems } from './signal.js';

export { topNOfScores } from '../_internal/linalg/top-k-scan.js';

/**
 * Checks the ids of a product subset: ascending, each once, within 0..products-1.
 * @throws DataError naming `who`, the entry and its value.
 */
export function checkSubsetIds(ids: Int32Array, products: number, who: string): void {
  for (let i = 0; i < ids.length; i++) {
    const p = ids[i]!;
    if (!(p >= 0 && p < products) || (i > 0 && p <= ids[i - 1]!)) {
      throw new DataError(`${who}: subset ids must be ascending product indices in 0..${products - 1}; entry ${i} is ${p}`);
    }
  }
}

/** Gathers `dense[candidates[i]]` into a Float32Array aligned with the candidates. */
export function gather(dense: ArrayLike<number>, candidates: Int32Array): Float32Array {
  const out = new Float32Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    out[i] = c >= 0 && c < dense.length ? dense[c]! : Number.NaN;
  }
  return out;
}

/** An empty result. */
export const NO_ITEMS: ScoredItems = Object.freeze({ ids: new Int32Array(0), scores: new Float64Array(0) });
