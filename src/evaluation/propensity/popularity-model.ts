import { ConfigError } from '../../errors.js';
import type { ItemKey } from '../metrics/types.js';
import type { FittedPropensity } from './impressions-model.js';
import type { UserPropensity } from './types.js';

/** What the popularity model reports about itself. */
export interface PopularityPropensityInfo {
  readonly model: 'popularity';
  /** The power-law exponent of presentation, given or fitted. */
  readonly gamma: number;
  /** Where gamma came from: `given`, or the run whose top-50 lists it was fitted on. */
  readonly gammaFrom: string;
  /** Largest observed popularity (distinct training users). */
  readonly maxPopularity: number;
  /** Held-out relevant items without training interactions (popularity counted as 1). */
  readonly heldOutUnseen: number;
}

/**
 * Fits the power-law exponent gamma of the logging system's presentation bias the way Yang et al.
 * 2018 do (section 4.3): `f(n)` = mean number of recommendation lists an item of observed
 * popularity `n` appears in; gamma = least-squares slope of `log f` against `log n` over the
 * popularity levels with `f > 0`, leaving out the 0.5% most popular items. `lists` are the top 50
 * of the system that stands in for the logging policy.
 *
 * @throws ConfigError naming `propensity.gamma` when fewer than two popularity levels are recommended.
 * @example fitPopularityGamma(lists, popularity) // e.g. 1.8
 */
export function fitPopularityGamma(lists: Iterable<readonly string[]>, popularity: ReadonlyMap<ItemKey, number>): number {
  const shown = new Map<ItemKey, number>();
  for (const list of lists) for (const item of list.slice(0, 50)) shown.set(item, (shown.get(item) ?? 0) + 1);
  const counts = [...popularity.entries()].filter(([, n]) => n > 0);
  if (counts.length === 0) throw new ConfigError('propensity.gamma: no item has training interactions to fit gamma on; give propensity.gamma', 'propensity.gamma');
  const sorted = counts.map(([, n]) => n).sort((a, b) => a - b);
  // Keep items at or below the 99.5% quantile of popularity.
  const cap = sorted[Math.max(0, Math.ceil(0.995 * sorted.length) - 1)]!;
  const levels = new Map<number, { sum: number; items: number }>();
  for (const [item, n] of counts) {
    if (n > cap) continue;
    const level = levels.get(n) ?? { sum: 0, items: 0 };
    level.sum += shown.get(item) ?? 0;
    level.items += 1;
    levels.set(n, level);
  }
  const points = [...levels.entries()].filter(([, l]) => l.sum > 0).map(([n, l]) => [Math.log(n), Math.log(l.sum / l.items)] as const);
  if (points.length < 2) {
    throw new ConfigError(
      `propensity.gamma: the lists recommend items of only ${points.length} popularity level(s), too few to fit gamma; give propensity.gamma`,
      'propensity.gamma',
    );
  }
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxy / sxx;
}

/**
 * The item-popularity propensity model of Yang, Cui, Xuan, Wang, Belongie, Estrin 2018
 * ("Unbiased offline recommender evaluation for missing-not-at-random implicit feedback", RecSys),
 * for logs without impressions. An interaction is observed when the system presents the item
 * (probability proportional to `n*^gamma`, `n*` its observed popularity) and the user then
 * interacts (proportional to its true popularity `n`); with `n* = n * p` this gives
 * `p(i) proportional to n*(i)^((gamma + 1) / 2)`. Scaled so the most popular item has propensity 1
 * (weights at least 1); an item without training interactions counts as popularity 1 (the
 * largest weight) and has no support in the unsupported-exposure share. Weights are clipped at
 * `clip`. Per-item IPS only: an item earns its weight when relevant, else 0 (no reward model).
 *
 * @throws ConfigError naming `propensity.gamma` for gamma below -1 (presentation falling with popularity).
 */
export function fitPopularityPropensity(
  popularity: ReadonlyMap<ItemKey, number>,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  gamma: number,
  gammaFrom: string,
  clip: number,
): FittedPropensity<PopularityPropensityInfo> {
  if (!(Number.isFinite(gamma) && gamma >= -1)) {
    throw new ConfigError(`propensity.gamma: expected a number of at least -1, got ${gamma} (from ${gammaFrom}); give propensity.gamma`, 'propensity.gamma');
  }
  let top = 1;
  for (const n of popularity.values()) if (n > top) top = n;
  const exponent = (gamma + 1) / 2;
  const weightOf = (item: string): number => Math.min(clip, (top / Math.max(1, popularity.get(item) ?? 0)) ** exponent);
  let unseen = 0;
  const users = new Map<string, UserPropensity>();
  for (const [userId, items] of relevant) {
    const weights: number[] = [];
    for (const item of items) {
      if (!((popularity.get(item) ?? 0) > 0)) unseen++;
      weights.push(weightOf(item));
    }
    users.set(userId, {
      relevant: items,
      weights,
      value: (item) => (items.has(String(item)) ? weightOf(String(item)) : 0),
      supported: (item) => (popularity.get(item) ?? 0) > 0,
    });
  }
  return { users, info: { model: 'popularity', gamma, gammaFrom, maxPopularity: top, heldOutUnseen: unseen } };
}
