import { TopK } from '../_internal/top-k.js';
import type { ScoredItems } from './signal.js';

/**
 * The `n` best entries of a dense score array (index = product), skipping NaN and excluded
 * products, with a bounded heap: O(P log n), no full sort. Ties go to the smaller index.
 */
export function topNOfScores(
  scores: ArrayLike<number>,
  n: number,
  exclude?: (product: number) => boolean,
): ScoredItems {
  const heap = new TopK(n);
  const total = scores.length;
  for (let p = 0; p < total; p++) {
    const s = scores[p]!;
    if (Number.isNaN(s) || s < heap.threshold()) continue;
    if (exclude !== undefined && exclude(p)) continue;
    heap.push(p, s);
  }
  return heap.drain();
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
