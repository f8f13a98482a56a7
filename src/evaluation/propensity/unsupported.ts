import type { ExposureModel, RankedList } from '../metrics/types.js';
import type { UserPropensity } from './types.js';

/**
 * Share of the exposure of a run's lists (position weights `exposure(r)` of the first `k` items)
 * that falls on items the logging policy could not have shown the user: what no propensity can
 * value (docs/design.md 6). Lists of users without propensity information are skipped. 0 without
 * exposure.
 *
 * @example unsupportedExposure([{ userId: 'u', ranked: ['a', 'b'] }], users, 2, (r) => 1 / Math.log2(r + 1)) // e.g. 0.39 when only b is unsupported
 */
export function unsupportedExposure(
  lists: Iterable<{ readonly userId: string; readonly ranked: RankedList }>,
  users: ReadonlyMap<string, UserPropensity>,
  k: number,
  exposure: ExposureModel,
): number {
  let total = 0;
  let unsupported = 0;
  for (const list of lists) {
    const user = users.get(list.userId);
    if (user === undefined) continue;
    const n = Math.min(list.ranked.length, k);
    for (let r = 0; r < n; r++) {
      const v = exposure(r + 1);
      total += v;
      if (!user.supported(list.ranked[r]!)) unsupported += v;
    }
  }
  return total > 0 ? unsupported / total : 0;
}
