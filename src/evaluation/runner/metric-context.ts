import { deriveTiers, tierName } from '../../fairness/tiers.js';
import type { Event, Tier } from '../../schema/entities.js';
import type { MarketplaceData } from '../../schema/marketplace-data.js';
import type { MetricContext } from '../metrics/types.js';
import { _isPositive } from './relevance.js';

/**
 * Internal: the metric context of an evaluation, the same for every run: the catalogue (every
 * product), each product's merchant, each merchant's tier (given on its record, else derived from
 * the training interactions with the default thresholds) and item popularity = distinct training
 * users with a positive event on the item.
 */
export function _metricContext(data: MarketplaceData, train: readonly Event[]): MetricContext {
  const catalogue = data.products.map((p) => p.id);
  const itemMerchant = new Map<string, string>();
  for (const p of data.products) if (!itemMerchant.has(p.id)) itemMerchant.set(p.id, p.merchantId);
  const pairs = new Map<string, Set<string>>();
  for (const e of train) {
    if (!_isPositive(e) || !itemMerchant.has(e.productId)) continue;
    let users = pairs.get(e.productId);
    if (users === undefined) pairs.set(e.productId, (users = new Set()));
    users.add(e.userId);
  }
  const itemPopularity = new Map<string, number>();
  for (const [item, users] of pairs) itemPopularity.set(item, users.size);

  const merchants: string[] = [];
  const merchantIndex = new Map<string, number>();
  const add = (m: string): number => {
    let i = merchantIndex.get(m);
    if (i === undefined) merchantIndex.set(m, (i = merchants.push(m) - 1));
    return i;
  };
  for (const m of data.merchants) add(m.id);
  for (const p of data.products) add(p.merchantId);
  const mass = new Float64Array(merchants.length);
  for (const [item, count] of itemPopularity) mass[merchantIndex.get(itemMerchant.get(item)!)!]! += count;
  const derived = deriveTiers(mass);
  const merchantTier = new Map<string, Tier>();
  merchants.forEach((m, i) => merchantTier.set(m, tierName(derived[i]!)));
  for (const m of data.merchants) if (m.tier !== undefined) merchantTier.set(m.id, m.tier);
  return { catalogue, itemMerchant, merchantTier, itemPopularity };
}
