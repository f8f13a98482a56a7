/**
 * The measurement harnesses of the test catalogues, on tiny hand-made catalogues whose answers
 * are worked out by hand: a popularity-only recommender ranks by decayed interaction mass (all
 * events at one time, so by type weight: view 1, click 2), seen products excluded, ties by
 * catalogue order, so every slate, and every number the harness derives from it, is known.
 */
import { describe, expect, it } from 'vitest';
import type { RecommenderConfigInput } from '../../src/index.js';
import type { BreakoutCatalogue } from '../_catalogues/breakout-catalogue.js';
import { measureBreakout, summariseRanks } from '../_catalogues/breakout-harness.js';
import { gradedNdcg, measureExposureBias, withLambda } from '../_catalogues/exposure-bias-harness.js';
import type { ExposureCatalogue } from '../_catalogues/exposure-catalogue.js';

const POPULARITY_ONLY: RecommenderConfigInput = { signals: [{ type: 'popularity', weight: 1 }], fairness: { rerank: { lambda: 0 } } };
const NOW = Date.UTC(2024, 0, 10);
const T0 = NOW - 86_400_000;

describe('summariseRanks', () => {
  it('takes the median (mean of the middle two), top-10 share and rank-1 share; Infinity is outside the slate', () => {
    expect(summariseRanks([1, 4, 12, Infinity])).toEqual({ users: 4, medianRank: 8, top10Share: 0.5, firstShare: 0.25 });
    expect(summariseRanks([3, 1, 2])).toEqual({ users: 3, medianRank: 2, top10Share: 1, firstShare: 1 / 3 });
    expect(summariseRanks([11, Infinity, Infinity])).toEqual({ users: 3, medianRank: Infinity, top10Share: 0, firstShare: 0 });
    expect(summariseRanks([10, 11])).toEqual({ users: 2, medianRank: 10.5, top10Share: 0.5, firstShare: 0 });
    expect(summariseRanks([]).users).toBe(0);
  });
});

describe('gradedNdcg', () => {
  it('divides the discounted gains of the ranking by those of the best gains', () => {
    expect(gradedNdcg([0, 1], [1, 0], 10)).toBeCloseTo(1 / Math.log2(3), 12);
    // DCG = 0.2 + 0.5 / log2 3 + 0.8 / 2; ideal = 0.8 + 0.5 / log2 3 + 0.2 / 2.
    const expected = (0.2 + 0.5 / Math.log2(3) + 0.4) / (0.8 + 0.5 / Math.log2(3) + 0.1);
    expect(gradedNdcg([0.2, 0.5, 0.8], [0.5, 0.2, 0.8], 10)).toBeCloseTo(expected, 12);
    // Cut at k: only the first gain counts, against the best one.
    expect(gradedNdcg([0.2, 0.8], [0.8, 0.2], 1)).toBeCloseTo(0.25, 12);
    expect(gradedNdcg([0.3], [0, 0], 10)).toBe(0);
    expect(gradedNdcg([0.6, 0.4], [0.4, 0.6], 10)).toBeCloseTo((0.6 + 0.4 / Math.log2(3)) / (0.6 + 0.4 / Math.log2(3)), 12);
  });
});

describe('withLambda', () => {
  it('sets the reranker`s lambda and keeps every other key, without mutating its input', () => {
    const config: RecommenderConfigInput = { n: 7, fairness: { record: false, rerank: { relevanceFloor: 0.5 } } };
    const before = JSON.stringify(config);
    expect(withLambda(config, 0.2)).toEqual({ n: 7, fairness: { record: false, rerank: { relevanceFloor: 0.5, lambda: 0.2 } } });
    expect(withLambda({}, 0)).toEqual({ fairness: { rerank: { lambda: 0 } } });
    expect(JSON.stringify(config)).toBe(before);
  });
});

/**
 * Products x (3 views), y (2 views), target t (none); shoppers k1 (kitchen: x), k2 (kitchen:
 * x, y), p1 (pets: y), p2 (pets: x). Slates: k1 [y, t] -> t at 2; k2 [t] -> 1; p1 [x, t] -> 2;
 * p2 [y, t] -> 2.
 */
function tinyBreakout(): BreakoutCatalogue {
  const view = (userId: string, productId: string) => ({ userId, productId, type: 'view', timestamp: T0 });
  return {
    products: [
      { id: 'x', merchantId: 'big', title: '铸铁炒锅', category: 'kitchen' },
      { id: 'y', merchantId: 'big', title: 'cat litter', category: 'pets' },
      { id: 't', merchantId: 'tiny', title: '天水麻辣烫砂锅 Tianshui malatang clay pot', category: 'kitchen' },
    ],
    merchants: [{ id: 'big' }, { id: 'tiny' }],
    events: [view('k1', 'x'), view('k2', 'x'), view('k2', 'y'), view('p1', 'y'), view('p2', 'x')],
    now: NOW,
    target: { productId: 't', merchantId: 'tiny', category: 'kitchen' },
    lookAlikes: [],
    userCategory: new Map([['k1', 'kitchen'], ['k2', 'kitchen'], ['p1', 'pets'], ['p2', 'pets']]),
    shopSales: new Map([['big', 1000], ['tiny', 10]]),
  };
}

describe('measureBreakout', () => {
  it('ranks the product per shopper and summarises the two groups, with and without the topic', () => {
    const expected = {
      category: { users: 2, medianRank: 1.5, top10Share: 1, firstShare: 0.5 },
      others: { users: 2, medianRank: 2, top10Share: 1, firstShare: 0 },
    };
    for (const variant of ['zh-hant', 'burst'] as const) {
      const m = measureBreakout(POPULARITY_ONLY, variant, { catalogue: tinyBreakout() });
      expect(m.variant).toBe(variant);
      expect(m.n).toBe(50);
      // Popularity has no view of topics: the same slates with the topic and without.
      expect(m.withTopic).toEqual(expected);
      expect(m.withoutTopic).toEqual(expected);
      expect(m.fitMs.withTopic).toBeGreaterThan(0);
    }
  });

  it('counts a product outside a short slate as absent', () => {
    const m = measureBreakout(POPULARITY_ONLY, 'en', { catalogue: tinyBreakout(), n: 1 });
    expect(m.withTopic.category).toEqual({ users: 2, medianRank: Infinity, top10Share: 0.5, firstShare: 0.5 });
    expect(m.withTopic.others).toEqual({ users: 2, medianRank: Infinity, top10Share: 0, firstShare: 0 });
  });
});

/**
 * Shops A (head: a1, a2), B (b1), C (new: c1). Training: u0 clicks a1, u1 clicks a1 and b1 (and
 * an impression of a2 for u0, weight 0). Popularity: a1 4, b1 2, a2 0, c1 0. Slates: u0 (a1 seen)
 * [b1, a2, c1]; u1 (a1, b1 seen) [a2, c1]. Held out: both click a2. u2 has no training click and
 * is not evaluated.
 */
function tinyExposure(): ExposureCatalogue {
  const ev = (userId: string, productId: string, type: string, timestamp: number) => ({ userId, productId, type, timestamp, ...(type === 'impression' ? { position: 2 } : {}) });
  return {
    products: [
      { id: 'a1', merchantId: 'A', title: 'fountain pen' },
      { id: 'a2', merchantId: 'A', title: 'gel ink pens' },
      { id: 'b1', merchantId: 'B', title: 'weekly planner' },
      { id: 'c1', merchantId: 'C', title: 'washi tape set' },
    ],
    merchants: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
    trainEvents: [ev('u0', 'a1', 'click', T0), ev('u1', 'a1', 'click', T0), ev('u1', 'b1', 'click', T0), ev('u0', 'a2', 'impression', T0), ev('u2', 'b1', 'impression', T0)],
    testEvents: [ev('u0', 'a2', 'click', NOW + 1000), ev('u1', 'a2', 'click', NOW + 1000), ev('u2', 'c1', 'click', NOW + 1000)],
    trainEnd: NOW,
    userIds: ['u0', 'u1', 'u2'],
    productIds: ['a1', 'a2', 'b1', 'c1'],
    // Rows u0, u1, u2; columns a1, a2, b1, c1.
    appeal: Float64Array.from([0.9, 0.5, 0.2, 0.8, 0.1, 0.4, 0.3, 0.6, 0.5, 0.5, 0.5, 0.5]),
    quality: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
    headShops: new Set(['A']),
    newShops: new Set(['C']),
    exposureFactor: Float64Array.from([4, 4, 1, 0]),
  };
}

describe('measureExposureBias', () => {
  it('computes true and logged NDCG, the merchant Gini and the head share of known slates', () => {
    const m = measureExposureBias(POPULARITY_ONLY, { catalogue: tinyExposure() });
    const l3 = Math.log2(3);
    expect(m.users).toBe(2);
    expect(m.k).toBe(10);
    // u0: gains [0.2, 0.5, 0.8] against [0.8, 0.5, 0.2]; u1: [0.4, 0.6] against [0.6, 0.4].
    const u0 = (0.2 + 0.5 / l3 + 0.8 / 2) / (0.8 + 0.5 / l3 + 0.2 / 2);
    const u1 = (0.4 + 0.6 / l3) / (0.6 + 0.4 / l3);
    expect(m.trueNdcg).toBeCloseTo((u0 + u1) / 2, 12);
    // a2 at rank 2 for u0 (1 / log2 3), rank 1 for u1 (1).
    expect(m.loggedNdcg).toBeCloseTo((1 / l3 + 1) / 2, 12);
    // Exposure: A = 1 / log2 3 + 1, B = 1, C = 1 / 2 + 1 / log2 3 (over the last pass only).
    const A = 1 / l3 + 1;
    const B = 1;
    const C = 0.5 + 1 / l3;
    expect(m.evidenceMerchants).toBe(2);
    expect(m.merchantGini).toBeCloseTo((A - B) / (A + B), 12);
    expect(m.merchantGiniAll).toBeCloseTo((2 * A - 2 * B) / (2 * (A + B + C)), 12);
    expect(m.headExposureShare).toBeCloseTo(A / (A + B + C), 12);
  });

  it('sees a fairness rerank on the exposure-biased catalogue: lambda 0.3 spreads exposure away from the head', () => {
    const plain = measureExposureBias(withLambda({}, 0));
    const fair = measureExposureBias(withLambda({}, 0.3));
    expect(plain.users).toBeGreaterThan(200);
    expect(fair.users).toBe(plain.users);
    // The reranker's promise: merchants owed exposure get more, so exposure is more even.
    expect(fair.merchantGini).toBeLessThan(plain.merchantGini);
    expect(fair.headExposureShare).toBeLessThan(plain.headExposureShare);
    for (const m of [plain, fair]) {
      expect(m.trueNdcg).toBeGreaterThan(0);
      expect(m.trueNdcg).toBeLessThanOrEqual(1);
      expect(m.loggedNdcg).toBeGreaterThan(0);
    }
  });
});
