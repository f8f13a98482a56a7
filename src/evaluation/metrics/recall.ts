import { _countHits } from './_hits.js';
import type { RankedList, RelevantSet } from './types.js';

/**
 * Recall at k: relevant items among the first `k` divided by `|relevant|` (trec_eval recall.k).
 * 0 when there are no relevant items.
 * @example recall(['a', 'x', 'b'], new Set(['a', 'b', 'c']), 2) // 1/3
 */
export function recall(ranked: RankedList, relevant: RelevantSet, k: number): number {
  if (relevant.size === 0) return 0;
  return _countHits(ranked, relevant, k) / relevant.size;
}
