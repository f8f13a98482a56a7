/**
 * Top-n selection: the bounded heap (TopK), topNOfScores with exclusions (the implicit#736 case:
 * filtering liked items must not shorten the list), ties by product index, n above the eligible
 * count, and the recommender's guarantee of exactly n results under every exclusion kind even
 * when the candidate budget is no larger than n.
 */
import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/_internal/top-k.js';
import { createRecommender } from '../../src/engine/recommender.js';
import type { EventInput, ProductInput } from '../../src/schema/entities.js';
import { gather, NO_ITEMS, topNOfScores } from '../../src/signals/top-n.js';

const ids = (r: { ids: Int32Array }): number[] => Array.from(r.ids);

describe('TopK', () => {
  it('keeps the k best of a stream, best first, whatever the arrival order', () => {
    const scores = [0.3, 0.9, 0.1, 0.7, 0.5, 0.8, 0.2];
    for (const order of [[0, 1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1, 0], [3, 0, 6, 1, 5, 2, 4]]) {
      const heap = new TopK(3);
      for (const i of order) heap.push(i, scores[i]!);
      expect(heap.size).toBe(3);
      const top = heap.drain();
      expect(ids(top)).toEqual([1, 5, 3]);
      expect(Array.from(top.scores)).toEqual([0.9, 0.8, 0.7]);
      expect(heap.size).toBe(0);
    }
  });

  it('breaks ties by the smaller index, whatever the arrival order', () => {
    for (const order of [[4, 2, 7, 1, 9], [9, 7, 4, 2, 1], [1, 9, 2, 7, 4]]) {
      const heap = new TopK(3);
      for (const i of order) heap.push(i, 5);
      expect(ids(heap.drain())).toEqual([1, 2, 4]);
    }
  });

  it('ignores NaN, reports its threshold, and holds nothing at capacity 0', () => {
    const heap = new TopK(2);
    expect(heap.threshold()).toBe(-Infinity);
    heap.push(0, Number.NaN);
    heap.push(1, 2);
    expect(heap.threshold()).toBe(-Infinity);
    heap.push(2, 3);
    expect(heap.threshold()).toBe(2);
    heap.push(3, -Infinity);
    expect(ids(heap.drain())).toEqual([2, 1]);
    const empty = new TopK(0);
    empty.push(0, 1);
    expect(empty.size).toBe(0);
    expect(ids(empty.drain())).toEqual([]);
  });
});

describe('topNOfScores', () => {
  // Product p scores 9 - p: the best products are 0, 1, 2, ...
  const scores = Float64Array.from({ length: 10 }, (_, p) => 9 - p);

  it('implicit#736: excluding liked items that are among the top n still returns n items', () => {
    // implicit took the top n and then dropped liked items, returning n - 3 here.
    const liked = new Set([0, 1, 2]);
    const top = topNOfScores(scores, 5, (p) => liked.has(p));
    expect(ids(top)).toEqual([3, 4, 5, 6, 7]);
    expect(Array.from(top.scores)).toEqual([6, 5, 4, 3, 2]);
  });

  it('excluded products anywhere in the ranking are skipped, the rest fill in', () => {
    const top = topNOfScores(scores, 4, (p) => p % 2 === 0);
    expect(ids(top)).toEqual([1, 3, 5, 7]);
  });

  it('skips NaN (no opinion) and returns fewer than n only when fewer are eligible', () => {
    const s = Float32Array.from([1, Number.NaN, 3, Number.NaN, 2]);
    expect(ids(topNOfScores(s, 10))).toEqual([2, 4, 0]);
    expect(ids(topNOfScores(s, 10, (p) => p === 2))).toEqual([4, 0]);
    expect(ids(topNOfScores(s, 0))).toEqual([]);
  });

  it('ties go to the smaller product index, also across the heap boundary', () => {
    const s = Float64Array.from([1, 2, 2, 0, 2, 2, 1]);
    expect(ids(topNOfScores(s, 3))).toEqual([1, 2, 4]);
    expect(ids(topNOfScores(s, 5))).toEqual([1, 2, 4, 5, 0]);
    expect(ids(topNOfScores(s, 3, (p) => p === 2))).toEqual([1, 4, 5]);
  });

  it('keeps negative scores (they are opinions, not absence)', () => {
    const s = Float64Array.from([-3, -1, -2]);
    const top = topNOfScores(s, 5);
    expect(ids(top)).toEqual([1, 2, 0]);
    expect(Array.from(top.scores)).toEqual([-1, -2, -3]);
  });

  it('gather aligns dense scores with candidates, NaN outside the catalogue', () => {
    const g = gather(Float64Array.from([0.5, 1.5, 2.5]), Int32Array.from([2, -1, 0, 3]));
    expect(Array.from(g)).toEqual([2.5, Number.NaN, 0.5, Number.NaN]);
    expect(NO_ITEMS.ids.length).toBe(0);
    expect(Object.isFrozen(NO_ITEMS)).toBe(true);
  });
});

describe('recommend: exactly n under every exclusion kind (candidate budget = n)', () => {
  // 12 products; popularity falls with the index (product p has 12 - p viewers), so the user's
  // own items, the out-of-stock one, the excluded one and the filtered one are all at the top.
  const T = Date.UTC(2026, 5, 1);
  const products: ProductInput[] = Array.from({ length: 12 }, (_, p) => ({
    id: `p${p}`,
    merchantId: p === 3 ? 'm-filtered' : `m${p % 3}`,
    title: `product ${p}`,
    inStock: p !== 2,
  }));
  const events: EventInput[] = [];
  for (let p = 0; p < 12; p++) for (let u = 0; u < 12 - p; u++) events.push({ userId: `u${u}`, productId: `p${p}`, type: 'view', timestamp: T });
  // The target user bought p0 and viewed p1 (both among the most popular).
  events.push({ userId: 'target', productId: 'p0', type: 'purchase', timestamp: T });
  events.push({ userId: 'target', productId: 'p1', type: 'view', timestamp: T });

  const fitted = (excludeSeen: 'all' | 'none' | string[] = 'all') =>
    createRecommender({
      signals: [{ type: 'popularity' }],
      candidates: { perSignal: 0, popular: 0, max: 1 },
      excludeSeen,
      fairness: { rerank: { lambda: 0 }, record: false },
      weighting: { halfLifeDays: null },
    }).fit({ products, events });

  it('seen, out-of-stock, exclude list and predicate together: n results from the rest', () => {
    const rec = fitted();
    // p0, p1 seen; p2 out of stock; p4 excluded; p3 filtered by merchant.
    const slate = rec.recommend('target', { n: 4, exclude: ['p4'], filter: (p) => p.merchantId !== 'm-filtered' });
    expect(slate.items.map((i) => i.productId)).toEqual(['p5', 'p6', 'p7', 'p8']);
    expect(slate.items.map((i) => i.rank)).toEqual([1, 2, 3, 4]);
  });

  it('each exclusion kind alone', () => {
    const rec = fitted();
    const top = (opts: Parameters<typeof rec.recommend>[1]): string[] => rec.recommend('target', { n: 3, ...opts }).items.map((i) => i.productId);
    expect(top({})).toEqual(['p3', 'p4', 'p5']); // seen p0 p1, out of stock p2
    expect(top({ exclude: ['p3', 'p5', 'not-a-product'] })).toEqual(['p4', 'p6', 'p7']);
    expect(top({ filter: (p) => p.merchantId !== 'm1' })).toEqual(['p3', 'p5', 'p6']); // m1 holds p1, p4, p7, p10
    expect(top({ filter: (p) => p.merchantId !== 'm2' })).toEqual(['p3', 'p4', 'p6']); // m2 holds p2, p5, p8, p11
  });

  it('excludeSeen by event type: only purchases exclude', () => {
    const rec = fitted(['purchase']);
    expect(rec.recommend('target', { n: 3 }).items.map((i) => i.productId)).toEqual(['p1', 'p3', 'p4']);
    const none = fitted('none');
    expect(none.recommend('target', { n: 3 }).items.map((i) => i.productId)).toEqual(['p0', 'p1', 'p3']);
  });

  it('n above the eligible count returns every eligible product, in order', () => {
    const rec = fitted();
    // 12 products minus p0, p1 (seen) and p2 (out of stock).
    const slate = rec.recommend('target', { n: 50 });
    expect(slate.items.map((i) => i.productId)).toEqual(['p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11']);
    const none = rec.recommend('target', { n: 5, filter: () => false });
    expect(none.items).toEqual([]);
  });
});
