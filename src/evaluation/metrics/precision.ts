import { _countHits } from './_hits.js';
import type { RankedList, RelevantSet } from './types.js';

/**
 * Precision at k: relevant items among the first `k` divided by `k` (even when fewer than `k` are
 * ranked, as trec_eval's P.k). With `k = Infinity` it divides by the list length. 0 for an empty list.
 * @example precision(['a', 'x'], new Set(['a']), 5) // 0.2
 */
export function precision(ranked: RankedList, relevant: RelevantSet, k: number): number {
  const hits = _countHits(ranked, relevant, k);
  const denominator = Number.isFinite(k) ? k : ranked.length;
  return denominator > 0 ? hits / denominator : 0;
}
