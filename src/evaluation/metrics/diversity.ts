import { ConfigError } from '../../errors.js';
import type { ItemKey, MetricAccumulator, MetricContext, RankedList } from './types.js';

/** Cosine of two vectors; 0 when either has zero norm. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Intra-list diversity at k: the mean over lists of `1 - mean pairwise cosine` of the item vectors
 * (`context.itemVector`) of a list's first `k` items. Items without a vector are left out; lists
 * with fewer than 2 vectors are skipped; 0 when no list qualifies. In [0, 1] for non-negative vectors.
 */
export function createIldAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const itemVector = context.itemVector;
  if (itemVector === undefined) throw new ConfigError('metric ild needs context.itemVector', 'itemVector');
  const cache = new Map<ItemKey, ArrayLike<number> | undefined>();
  const vectorOf = (item: ItemKey): ArrayLike<number> | undefined => {
    if (!cache.has(item)) cache.set(item, itemVector(item));
    return cache.get(item);
  };
  let sum = 0;
  let lists = 0;
  return {
    add(ranked: RankedList) {
      const n = Math.min(ranked.length, k);
      const vectors: ArrayLike<number>[] = [];
      for (let r = 0; r < n; r++) {
        const v = vectorOf(ranked[r]!);
        if (v !== undefined) vectors.push(v);
      }
      if (vectors.length < 2) return;
      let cos = 0;
      let pairs = 0;
      for (let a = 0; a < vectors.length; a++) {
        for (let b = a + 1; b < vectors.length; b++) {
          cos += cosine(vectors[a]!, vectors[b]!);
          pairs++;
        }
      }
      sum += 1 - cos / pairs;
      lists++;
    },
    result: () => (lists === 0 ? 0 : sum / lists),
  };
}
