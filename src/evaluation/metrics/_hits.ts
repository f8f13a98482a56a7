import type { RankedList, RelevantSet } from './types.js';

/** Internal: whether `relevant` holds `item`, for either key kind. */
export function _isRelevant(relevant: RelevantSet, item: string | number): boolean {
  return (relevant as ReadonlySet<string | number>).has(item);
}

/** Internal: number of positions examined for cut-off `k` (`Infinity` = whole list). */
export function _cut(ranked: RankedList, k: number): number {
  return Math.min(ranked.length, k);
}

/**
 * Internal: whether position `i` holds a relevant item seen for the first time in the list (a
 * repeated relevant item counts once). Scans earlier positions only on hits: no allocation.
 */
export function _isNewHit(ranked: RankedList, relevant: RelevantSet, i: number): boolean {
  const item = ranked[i]!;
  if (!_isRelevant(relevant, item)) return false;
  for (let j = 0; j < i; j++) if (ranked[j] === item) return false;
  return true;
}

/** Internal: number of distinct relevant items among the first `k`. */
export function _countHits(ranked: RankedList, relevant: RelevantSet, k: number): number {
  const n = _cut(ranked, k);
  let hits = 0;
  for (let i = 0; i < n; i++) if (_isNewHit(ranked, relevant, i)) hits++;
  return hits;
}

/** Internal: 1 / log2(position0 + 2), the DCG discount of a 0-based position. */
export function _discount(position: number): number {
  return 1 / Math.log2(position + 2);
}
