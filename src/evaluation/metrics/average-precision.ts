import { _cut, _isNewHit } from './_hits.js';
import type { RankedList, RelevantSet } from './types.js';

/** Denominator of AP@k: `|relevant|` (trec_eval map_cut) or `min(|relevant|, k)`. */
export type ApDenominator = 'relevant' | 'min-relevant-k';

/**
 * Average precision at k: the sum of precision at each hit's rank within the first `k`, divided
 * by `|relevant|` (trec_eval map_cut.k, the default) or by `min(|relevant|, k)`. 0 when there are
 * no relevant items. Averaged over users it is MAP@k.
 * @example averagePrecision(['a', 'x', 'b'], new Set(['a', 'b']), 10) // (1 + 2/3) / 2 = 0.8333
 */
export function averagePrecision(
  ranked: RankedList,
  relevant: RelevantSet,
  k: number,
  denominator: ApDenominator = 'relevant',
): number {
  if (relevant.size === 0) return 0;
  let sum = 0;
  const n = _cut(ranked, k);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    if (!_isNewHit(ranked, relevant, i)) continue;
    hits++;
    sum += hits / (i + 1);
  }
  const d = denominator === 'relevant' ? relevant.size : Math.min(relevant.size, k);
  return sum / d;
}
