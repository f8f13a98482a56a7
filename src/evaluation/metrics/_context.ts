import { ConfigError } from '../../errors.js';
import type { Tier } from '../../schema/entities.js';
import type { ItemKey, MetricContext } from './types.js';

/** Internal: the catalogue as a Map from item key to dense index. */
export function _catalogueIndex(context: MetricContext): Map<ItemKey, number> {
  const index = new Map<ItemKey, number>();
  for (const item of context.catalogue) if (!index.has(item)) index.set(item, index.size);
  return index;
}

/** Internal: merchants (dense), the merchant index of each catalogue item, and each merchant's tier. */
export interface _MerchantLayout {
  readonly merchants: readonly string[];
  readonly itemToMerchant: Int32Array;
  readonly merchantTier: readonly Tier[];
}

/** Internal: builds the merchant layout; throws ConfigError naming the metric when `itemMerchant` is missing (unless `optional`: no merchants). */
export function _merchantLayout(context: MetricContext, items: Map<ItemKey, number>, metric: string, optional = false): _MerchantLayout {
  const itemMerchant = context.itemMerchant;
  if (itemMerchant === undefined && optional) return { merchants: [], itemToMerchant: new Int32Array(items.size).fill(-1), merchantTier: [] };
  if (itemMerchant === undefined) throw new ConfigError(`metric ${metric} needs context.itemMerchant`, 'itemMerchant');
  const merchantIndex = new Map<string, number>();
  const merchants: string[] = [];
  const add = (m: string): number => {
    let i = merchantIndex.get(m);
    if (i === undefined) {
      i = merchants.length;
      merchantIndex.set(m, i);
      merchants.push(m);
    }
    return i;
  };
  if (context.merchantTier !== undefined) for (const m of context.merchantTier.keys()) add(m);
  const itemToMerchant = new Int32Array(items.size).fill(-1);
  for (const [item, i] of items) {
    const m = itemMerchant.get(item);
    if (m !== undefined) itemToMerchant[i] = add(m);
  }
  const merchantTier = merchants.map((m) => context.merchantTier?.get(m) ?? 'mid');
  return { merchants, itemToMerchant, merchantTier };
}

/** Internal: the training popularity of each catalogue item (dense), and the total. */
export function _popularity(context: MetricContext, items: Map<ItemKey, number>, metric: string): { counts: Float64Array; total: number } {
  const pop = context.itemPopularity;
  if (pop === undefined) throw new ConfigError(`metric ${metric} needs context.itemPopularity`, 'itemPopularity');
  const counts = new Float64Array(items.size);
  let total = 0;
  for (const [item, i] of items) {
    const c = pop.get(item) ?? 0;
    counts[i] = c;
    total += c;
  }
  return { counts, total };
}
