import { _catalogueIndex, _merchantLayout } from './_context.js';
import type { ItemKey, MetricAccumulator, MetricContext, RankedList } from './types.js';

/**
 * Distinct slots hit by the first `k` items of every list added, over `slots`: `slotOf` maps an
 * item to its slot (a catalogue index, a merchant index) or -1 to ignore it. 0 when `slots` is 0.
 */
function distinctShareAccumulator(k: number, slots: number, slotOf: (item: ItemKey) => number): MetricAccumulator {
  const seen = new Uint8Array(slots);
  let distinct = 0;
  return {
    add(ranked: RankedList) {
      const n = Math.min(ranked.length, k);
      for (let r = 0; r < n; r++) {
        const s = slotOf(ranked[r]!);
        if (s >= 0 && seen[s] === 0) {
          seen[s] = 1;
          distinct++;
        }
      }
    },
    result: () => (slots === 0 ? 0 : distinct / slots),
  };
}

/**
 * Item coverage at k: distinct catalogue items appearing in any list's first `k`, divided by the
 * catalogue size (items outside the catalogue are ignored). 0 for an empty catalogue.
 */
export function createItemCoverageAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const items = _catalogueIndex(context);
  return distinctShareAccumulator(k, items.size, (item) => items.get(item) ?? -1);
}

/**
 * Merchant coverage at k: distinct merchants with an item in any list's first `k`, divided by the
 * number of merchants (those of `merchantTier` and of the catalogue's items). Needs `itemMerchant`.
 */
export function createMerchantCoverageAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const items = _catalogueIndex(context);
  const layout = _merchantLayout(context, items, 'merchant-coverage');
  return distinctShareAccumulator(k, layout.merchants.length, (item) => {
    const i = items.get(item);
    return i === undefined ? -1 : layout.itemToMerchant[i]!;
  });
}
