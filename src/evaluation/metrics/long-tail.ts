import { ConfigError } from '../../errors.js';
import { _catalogueIndex, _popularity } from './_context.js';
import type { ItemKey, MetricAccumulator, MetricContext, RankedList } from './types.js';

/**
 * The long tail of a catalogue: every item outside the short head, where the short head is the
 * smallest set of most popular items (by training interactions, ties by catalogue order) whose
 * interactions reach `headShare` (default 0.8) of the total. Items never seen in training are
 * always in the tail. Returns a Uint8Array over catalogue order: 1 = long tail.
 * @example longTailMask([10, 6, 3, 1], 0.8) // [0, 0, 1, 1]: 10 + 6 = 16 >= 0.8 * 20
 */
export function longTailMask(counts: ArrayLike<number>, headShare = 0.8): Uint8Array {
  if (!(headShare >= 0 && headShare <= 1)) throw new ConfigError(`headShare must be in [0, 1], got ${headShare}`, 'headShare');
  const n = counts.length;
  const tail = new Uint8Array(n).fill(1);
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i]!;
  if (total <= 0) return tail;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
  let mass = 0;
  for (const i of order) {
    if (mass >= headShare * total || counts[i]! <= 0) break;
    tail[i] = 0;
    mass += counts[i]!;
  }
  return tail;
}

/**
 * APLT at k (average percentage of long tail items): the mean over non-empty lists of the share
 * of a list's first `k` items that are in the long tail ({@link longTailMask}); items outside the
 * catalogue count as long tail. Needs `itemPopularity`.
 */
export function createApltAccumulator(context: MetricContext, k: number): MetricAccumulator {
  const items: Map<ItemKey, number> = _catalogueIndex(context);
  const { counts } = _popularity(context, items, 'aplt');
  const tail = longTailMask(counts, context.headShare ?? 0.8);
  let sum = 0;
  let lists = 0;
  return {
    add(ranked: RankedList) {
      const n = Math.min(ranked.length, k);
      if (n === 0) return;
      let inTail = 0;
      for (let r = 0; r < n; r++) {
        const i = items.get(ranked[r]!);
        if (i === undefined || tail[i] === 1) inTail++;
      }
      sum += inTail / n;
      lists++;
    },
    result: () => (lists === 0 ? 0 : sum / lists),
  };
}
