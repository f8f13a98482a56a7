import type { LedgerSnapshot } from '../../fairness/ledger-snapshot.js';
import type { MarketplaceData } from '../../schema/marketplace-data.js';
import type { UserPreferences } from './preferences.js';

/**
 * Each merchant's share of the true merit: the true relevance of its in-stock products summed
 * over every simulated user (the merit of fairness of exposure: expected relevance, summed over a
 * merchant's products), divided by the total. Merchants with no in-stock product are left out.
 * Cost: users x in-stock products relevance calls, once per simulation.
 */
export function trueMeritShares(preferences: UserPreferences, data: MarketplaceData): Map<string, number> {
  const merit = new Map<string, number>();
  let total = 0;
  for (const p of data.products) {
    if (!p.inStock) continue;
    let sum = 0;
    for (let u = 0; u < preferences.userIds.length; u++) sum += preferences.relevance(u, p.id);
    merit.set(p.merchantId, (merit.get(p.merchantId) ?? 0) + sum);
    total += sum;
  }
  if (total > 0) for (const [m, v] of merit) merit.set(m, v / total);
  return merit;
}

/**
 * How far the ledger's merit shares are from the true ones: the total variation distance
 * `0.5 * sum over merchants |ledger share - true share|`, in [0, 1] (0 = the ledger has learned
 * the true merit distribution; 1 = disjoint). Merchants absent from either side count with share 0;
 * an empty ledger is at distance 1 (when there is any true merit).
 */
export function meritError(snapshot: LedgerSnapshot, shares: ReadonlyMap<string, number>): number {
  const total = snapshot.totals.merit;
  if (!(total > 0)) return shares.size > 0 ? 1 : 0;
  const seen = new Set<string>();
  let distance = 0;
  for (const e of snapshot.entries) {
    const ledger = e.merit / total;
    distance += Math.abs(ledger - (shares.get(e.merchantId) ?? 0));
    seen.add(e.merchantId);
  }
  for (const [m, share] of shares) if (!seen.has(m)) distance += share;
  return Math.min(1, 0.5 * distance);
}
