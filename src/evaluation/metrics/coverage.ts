import { _catalogueIndex, _merchantLayout } from './_context.js';
import type { MetricAccumulator, MetricContext, RankedList } from './types.js';

/**
 * Item coverage at k: distinct catalogue items appearing in any list's first `k`, divided by the
 * catalogue size (items outside the catalogue are ignored). 0 for an empty catalogue.
 */
export function createItemCoverageAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const items = _catalogueIndex(context);
  const seen = new Uint8Array(items.size);
  let distinct = 0;
  return {
    add(ranked: RankedList) {
      const n = Math.min(ranked.length, k);
      for (let r = 0; r < n; r++) {
        const i = items.get(ranked[r]!);
        if (i !== undefined && seen[i] === 0) {
          seen[i] = 1;
          distinct++;
        }
      }
    },
    result: () => (items.size === 0 ? 0 : distinct / items.size),
  };
}

/**
 * Merchant coverage at k: distinct merchants with an item in any list's first `k`, divided by the
 * number of merchants (those of `merchantTier` and of the catalogue's items). Needs `itemMerchant`.
 */
export function createMerchantCoverageAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const items = _catalogueIndex(context);
  const layout = _merchantLayout(context, items, 'merchant-coverage');
  const seen = new Uint8Array(layout.merchants.length);
  let distinct = 0;
  return {
    add(ranked: RankedList) {
      const n = Math.min(ranked.length, k);
      for (let r = 0; r < n; r++) {
        const i = items.get(ranked[r]!);
        if (i === undefined) continue;
        const m = layout.itemToMerchant[i]!;
        if (m >= 0 && seen[m] === 0) {
          seen[m] = 1;
          distinct++;
        }
      }
    },
    result: () => (layout.merchants.length === 0 ? 0 : distinct / layout.merchants.length),
  };
}
