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

/**
 * Internal: the merchant layout restricted to the merchants the fairness metrics cover: all of
 * them (`context.fairnessMerchants` absent or `all`), or those with evidence (`evidence`: at least
 * one catalogue product with training interactions); items of the others map to -1.
 * @throws ConfigError when `evidence` is asked without `itemPopularity`.
 */
export function _coveredLayout(context: MetricContext, items: Map<ItemKey, number>, layout: _MerchantLayout, metric: string): _MerchantLayout {
  if ((context.fairnessMerchants ?? 'all') === 'all') return layout;
  const popularity = context.itemPopularity;
  if (popularity === undefined) throw new ConfigError(`metric ${metric}: fairnessMerchants "evidence" needs context.itemPopularity`, 'fairnessMerchants');
  const evidence = new Uint8Array(layout.merchants.length);
  for (const [item, i] of items) {
    const m = layout.itemToMerchant[i]!;
    if (m >= 0 && (popularity.get(item) ?? 0) > 0) evidence[m] = 1;
  }
  const remap = new Int32Array(layout.merchants.length).fill(-1);
  const merchants: string[] = [];
  const merchantTier: Tier[] = [];
  layout.merchants.forEach((m, i) => {
    if (evidence[i] !== 1) return;
    remap[i] = merchants.push(m) - 1;
    merchantTier.push(layout.merchantTier[i]!);
  });
  const itemToMerchant = Int32Array.from(layout.itemToMerchant, (m) => (m >= 0 ? remap[m]! : -1));
  return { merchants, itemToMerchant, merchantTier };
}

/**
 * Merchants the exposure-fairness metrics cover under `context.fairnessMerchants`, and all
 * merchants of the catalogue (and of `merchantTier`).
 * @example merchantCoverage({ catalogue: ['a', 'b'], itemMerchant: new Map([['a', 'x'], ['b', 'y']]), itemPopularity: new Map([['a', 3]]), fairnessMerchants: 'evidence' }) // { covered: 1, total: 2 }
 */
export function merchantCoverage(context: MetricContext): { covered: number; total: number } {
  const items = _catalogueIndex(context);
  const layout = _merchantLayout(context, items, 'merchant coverage', true);
  return { covered: _coveredLayout(context, items, layout, 'merchant coverage').merchants.length, total: layout.merchants.length };
}
