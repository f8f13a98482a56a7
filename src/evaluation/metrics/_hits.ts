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
 * Internal: calls `onHit(position0)` for every first occurrence of a relevant item among the
 * first `k` positions (0-based), so a duplicated relevant item counts once.
 */
export function _forEachHit(ranked: RankedList, relevant: RelevantSet, k: number, onHit: (position: number, hitsSoFar: number) => void): number {
  const n = _cut(ranked, k);
  let hits = 0;
  let seen: Set<string | number> | undefined;
  for (let i = 0; i < n; i++) {
    const item = ranked[i]!;
    if (!_isRelevant(relevant, item)) continue;
    if (seen === undefined) seen = new Set();
    else if (seen.has(item)) continue;
    seen.add(item);
    hits++;
    onHit(i, hits);
  }
  return hits;
}

/** Internal: 1 / log2(position0 + 2), the DCG discount of a 0-based position. */
export function _discount(position: number): number {
  return 1 / Math.log2(position + 2);
}
