import { _catalogueIndex, _popularity } from './_context.js';
import type { MetricAccumulator, MetricContext, RankedList } from './types.js';

/**
 * Novelty at k in bits: the mean over lists of the mean over a list's first `k` items of
 * `-log2 p(i)`, with `p(i)` the item's share of training interactions. Items never seen in training
 * (or outside the catalogue) count as seen once: `p = 1 / total`. Empty lists are skipped; 0 when
 * no list or no training data. Needs `itemPopularity`.
 */
export function createNoveltyAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const items = _catalogueIndex(context);
  const { counts, total } = _popularity(context, items, 'novelty');
  let sum = 0;
  let lists = 0;
  return {
    add(ranked: RankedList) {
      const n = Math.min(ranked.length, k);
      if (n === 0 || total <= 0) return;
      let listSum = 0;
      for (let r = 0; r < n; r++) {
        const i = items.get(ranked[r]!);
        const c = i === undefined ? 0 : counts[i]!;
        listSum -= Math.log2(Math.max(c, 1) / total);
      }
      sum += listSum / n;
      lists++;
    },
    result: () => (lists === 0 ? 0 : sum / lists),
  };
}
