import type { ImpressionLog } from './impression-log.js';

/**
 * How likely the logging policy is to show an item to a user in one slate, estimated from the
 * training impressions; see {@link estimateShowRates}.
 */
export interface ShowRates {
  /**
   * Probability that one slate shown to `user` holds `item` (log indices, -1 = absent from the
   * training impressions): the user's own share of slates with the item, shrunk toward the item's
   * share of all slates. 0 for an item no training slate held (no support).
   */
  perSlate(user: number, item: number): number;
  /** Share of all training slates holding the item (0 when absent). */
  itemRate(item: number): number;
  /** Strength of the shrinkage, in slates (the Beta prior's `alpha`). */
  readonly priorSlates: number;
}

/**
 * Estimates per-slate show probabilities (docs/design.md 6, "Exposure bias"). For user u and item i
 * with `c` of the user's `n` training slates holding i, and `q` the share of all training slates
 * holding i, the estimate is the Beta-binomial posterior mean `(c + a * q) / (n + a)`: a user the
 * policy showed i often keeps a high rate, a user who never saw it gets a rate proportional to
 * how often the policy shows i to anyone. `a` (prior slates) is given or, by default, estimated by
 * the method of moments from how much the users' own rates of the 200 most shown items vary
 * beyond binomial noise (a personalised policy varies a lot: small `a`), bounded to [0.5, 1000].
 *
 * @example estimateShowRates(log).perSlate(0, 3) // e.g. 0.42
 */
export function estimateShowRates(log: ImpressionLog, priorSlates?: number): ShowRates {
  const users = log.users.length;
  const items = log.items.length;
  const slatesOfItem = new Float64Array(items);
  // Distinct (slate, item) and (user, item) counts: an item listed twice in one slate counts once.
  const seen = new Set<number>();
  const pairCount = new Map<number, number>();
  for (let j = 0; j < log.user.length; j++) {
    const slateKey = log.slate[j]! * items + log.item[j]!;
    if (seen.has(slateKey)) continue;
    seen.add(slateKey);
    slatesOfItem[log.item[j]!]! += 1;
    const pair = log.user[j]! * items + log.item[j]!;
    pairCount.set(pair, (pairCount.get(pair) ?? 0) + 1);
  }
  const total = Math.max(1, log.slates);
  const q = Float64Array.from(slatesOfItem, (c) => c / total);
  const alpha = priorSlates ?? momentPrior(log, q, pairCount);
  return {
    priorSlates: alpha,
    itemRate: (item) => (item >= 0 ? q[item]! : 0),
    perSlate(user, item) {
      if (item < 0) return 0;
      const n = user >= 0 && user < users ? log.slatesOfUser[user]! : 0;
      const c = user >= 0 ? (pairCount.get(user * items + item) ?? 0) : 0;
      return (c + alpha * q[item]!) / (n + alpha);
    },
  };
}

/**
 * Method-of-moments strength of a Beta(a q, a (1 - q)) prior on per-user rates: for the most
 * shown items, the variance of the users' rates `c / n` beyond the binomial noise `q (1 - q) / n`
 * estimates the prior variance `q (1 - q) / (a + 1)`.
 */
function momentPrior(log: ImpressionLog, q: Float64Array, pairCount: ReadonlyMap<number, number>): number {
  const items = q.length;
  const top = Array.from({ length: items }, (_, i) => i)
    .sort((x, y) => q[y]! - q[x]! || x - y)
    .slice(0, 200);
  const users = log.users.length;
  let excess = 0;
  let scale = 0;
  for (const i of top) {
    const qi = q[i]!;
    if (!(qi > 0 && qi < 1)) continue;
    let between = 0;
    let noise = 0;
    let weight = 0;
    for (let u = 0; u < users; u++) {
      const n = log.slatesOfUser[u]!;
      if (n === 0) continue;
      const rate = (pairCount.get(u * items + i) ?? 0) / n;
      between += n * (rate - qi) ** 2;
      noise += qi * (1 - qi);
      weight += n;
    }
    if (weight === 0) continue;
    excess += between - noise;
    scale += qi * (1 - qi) * (weight - users);
  }
  if (!(excess > 0 && scale > 0)) return 1000;
  // excess ~ sum_u (n_u - 1) q (1 - q) / (a + 1), so a + 1 = scale / excess.
  return Math.min(1000, Math.max(0.5, scale / excess - 1));
}
