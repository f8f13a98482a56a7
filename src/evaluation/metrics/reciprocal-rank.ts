import { _cut, _isRelevant } from './_hits.js';
import type { RankedList, RelevantSet } from './types.js';

/**
 * Reciprocal rank: `1 / r` for the 1-based rank `r` of the first relevant item within the first
 * `k`, else 0. With `k = Infinity` it is trec_eval's recip_rank. Averaged over users it is MRR.
 * @example reciprocalRank(['x', 'y', 'a'], new Set(['a']), 10) // 1/3
 */
export function reciprocalRank(ranked: RankedList, relevant: RelevantSet, k: number): number {
  const n = _cut(ranked, k);
  for (let i = 0; i < n; i++) if (_isRelevant(relevant, ranked[i]!)) return 1 / (i + 1);
  return 0;
}
