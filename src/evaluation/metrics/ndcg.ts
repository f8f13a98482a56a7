import { _cut, _discount, _isNewHit } from './_hits.js';
import type { RankedList, RelevantSet } from './types.js';

/**
 * NDCG at k with binary gain: `DCG = sum over hits at 1-based rank r <= k of 1 / log2(r + 1)`,
 * divided by the ideal DCG over `min(|relevant|, k)` items (trec_eval ndcg_cut.k). 0 when there
 * are no relevant items.
 * @example ndcg(['x', 'a'], new Set(['a']), 10) // 1 / log2(3) = 0.6309...
 */
export function ndcg(ranked: RankedList, relevant: RelevantSet, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  const n = _cut(ranked, k);
  for (let i = 0; i < n; i++) if (_isNewHit(ranked, relevant, i)) dcg += _discount(i);
  if (dcg === 0) return 0;
  return dcg / idealDcg(Math.min(relevant.size, k));
}

/** Ideal DCG of `n` relevant items with binary gain: `sum_{r=1..n} 1 / log2(r + 1)`. */
export function idealDcg(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += _discount(i);
  return sum;
}
