import { _cut, _isRelevant } from './_hits.js';
import type { RankedList, RelevantSet } from './types.js';

/**
 * Hit: 1 if any of the first `k` items is relevant, else 0 (trec_eval success.k). Averaged over
 * users it is the hit rate.
 * @example hitRate(['x', 'a'], new Set(['a']), 1) // 0
 */
export function hitRate(ranked: RankedList, relevant: RelevantSet, k: number): number {
  const n = _cut(ranked, k);
  for (let i = 0; i < n; i++) if (_isRelevant(relevant, ranked[i]!)) return 1;
  return 0;
}
