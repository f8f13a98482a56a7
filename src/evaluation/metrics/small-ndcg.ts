import { _catalogueIndex, _merchantLayout } from './_context.js';
import { ndcg } from './ndcg.js';
import type { ItemKey, MetricAccumulator, MetricContext, RankedList, RelevantSet } from './types.js';

/**
 * Small-tier NDCG at k: for each user with any relevant item sold by a small-tier merchant, NDCG@k
 * ({@link ndcg}) with only those small-tier items as relevant; averaged over those users (0 when
 * there are none). Answers "are small merchants' items found when they are relevant".
 * Needs `itemMerchant` and `merchantTier`.
 */
export function createSmallNdcgAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const items = _catalogueIndex(context);
  const layout = _merchantLayout(context, items, 'small-ndcg');
  const isSmall = (item: ItemKey): boolean => {
    const i = items.get(item);
    if (i === undefined) return false;
    const m = layout.itemToMerchant[i]!;
    return m >= 0 && layout.merchantTier[m] === 'small';
  };
  let sum = 0;
  let users = 0;
  return {
    add(ranked: RankedList, relevant: RelevantSet) {
      const small = new Set<ItemKey>();
      for (const item of relevant as ReadonlySet<ItemKey>) if (isSmall(item)) small.add(item);
      if (small.size === 0) return;
      sum += ndcg(ranked, small as RelevantSet, k);
      users++;
    },
    result: () => (users === 0 ? 0 : sum / users),
  };
}
