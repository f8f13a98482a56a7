/**
 * createRecommender on a small hand-built marketplace (numbers worked out by hand) and on
 * fixtures/marketplace: exact n, exclude, filter, out-of-stock, excludeSeen by type, cold start
 * and its trace, recommendMany, similarItems, observe of a brand-new user, blend weights
 * (including 0), every normalisation, no NaN, no mutation of the caller's input.
 *
 * The signals are given explicitly (small iALS configs) so the tests do not depend on the default
 * blend, except one test that fits and serves the default config.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NORMALISATIONS, normaliseScores, type Normalisation } from '../../src/engine/normalise.js';
import { createRecommender, type Recommender } from '../../src/engine/recommender.js';
import type { RecommenderConfigInput } from '../../src/engine/config.js';
import type { Slate } from '../../src/engine/slate.js';
import { DataError, NotFittedError, NotFoundError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import type { EventInput, ProductInput } from '../../src/schema/entities.js';
import type { MarketplaceData, MarketplaceInput } from '../../src/schema/marketplace-data.js';

const T = Date.UTC(2026, 5, 1);
const SMALL_IALS = { type: 'ials', factors: 8, iterations: 5 } as const;
const SIGNALS = [SMALL_IALS, { type: 'item-knn' }, { type: 'popularity', weight: 0.1 }];
const NO_FAIRNESS = { rerank: { lambda: 0 }, record: false };

// Hand-built marketplace: outdoor (merchant mA), kitchen (mB), books (mC; p9 out of stock).
const PRODUCTS: ProductInput[] = [
  ['p0', 'mA', 'tent'],
  ['p1', 'mA', 'backpack'],
  ['p2', 'mA', 'boots'],
  ['p3', 'mA', 'stove'],
  ['p4', 'mB', 'pan'],
  ['p5', 'mB', 'knife'],
  ['p6', 'mB', 'kettle'],
  ['p7', 'mC', 'novel'],
  ['p8', 'mC', 'atlas'],
  ['p9', 'mC', 'poems'],
].map(([id, merchantId, title]) => ({ id: id!, merchantId: merchantId!, title: title!, inStock: id !== 'p9' }));

const ev = (userId: string, productId: string, type: string): EventInput => ({ userId, productId, type, timestamp: T });
const EVENTS: EventInput[] = [
  ev('o1', 'p0', 'view'),
  ev('o1', 'p1', 'view'),
  ev('o1', 'p2', 'purchase'),
  ev('o2', 'p0', 'view'),
  ev('o2', 'p1', 'cart'),
  ev('o2', 'p3', 'view'),
  ev('o3', 'p1', 'click'),
  ev('o3', 'p2', 'view'),
  ev('o3', 'p3', 'view'),
  ev('k1', 'p4', 'view'),
  ev('k1', 'p5', 'purchase'),
  ev('k2', 'p4', 'view'),
  ev('k2', 'p6', 'view'),
  ev('k2', 'p5', 'click'),
  ev('k3', 'p5', 'view'),
  ev('k3', 'p6', 'view'),
  ev('b1', 'p7', 'view'),
  ev('b1', 'p8', 'view'),
  ev('b1', 'p9', 'view'),
  ev('imp', 'p0', 'impression'),
  ev('mix', 'p7', 'view'),
  ev('mix', 'p4', 'purchase'),
];
// Popularity mass (no decay; view 1, click 2, cart 4, purchase 6, impression 0):
// p0 2, p1 7, p2 7, p3 2, p4 8, p5 9, p6 2, p7 2, p8 1, p9 1 (out of stock).
const COLD_ORDER = ['p5', 'p4', 'p1', 'p2', 'p0', 'p3', 'p6', 'p7', 'p8'];
// Percentile of that order over the 9 in-stock candidates (ties share their mean rank).
const COLD_PERCENTILE = [1, 7 / 8, 1 - 2.5 / 8, 1 - 2.5 / 8, 1 - 5.5 / 8, 1 - 5.5 / 8, 1 - 5.5 / 8, 1 - 5.5 / 8, 0];
const COLD_LOG_RANK = [1, 2, 3.5, 3.5, 6.5, 6.5, 6.5, 6.5, 9].map((rank) => 1 - Math.log(rank) / Math.log(9));

const USERS = ['o1', 'o2', 'o3', 'k1', 'k2', 'k3', 'b1', 'imp', 'mix'];

function marketplace(): MarketplaceInput {
  return { products: PRODUCTS.map((p) => ({ ...p })), events: EVENTS.map((e) => ({ ...e })) };
}

/** The hand-computed numbers assume the plain weighted mean: mean-rank ties, no evidence prior, no boost. */
const PLAIN_BLEND = { ties: 'mean-rank', prior: { weight: 0 } } as const;

function make(config: RecommenderConfigInput = {}): Recommender {
  return createRecommender({ signals: SIGNALS, fairness: NO_FAIRNESS, weighting: { halfLifeDays: null }, blend: PLAIN_BLEND, ...config }).fit(marketplace());
}

const idsOf = (s: Slate): string[] => s.items.map((i) => i.productId);

/** Products a user must not get under excludeSeen 'all' (positive-weight events) plus p9 (out of stock). */
function ineligible(userId: string): Set<string> {
  const out = new Set(['p9']);
  for (const e of EVENTS) if (e.userId === userId && e.type !== 'impression') out.add(String(e.productId));
  return out;
}

function expectWellFormed(slate: Slate, n: number): void {
  expect(slate.items.length).toBeLessThanOrEqual(n);
  expect(new Set(idsOf(slate)).size).toBe(slate.items.length);
  slate.items.forEach((item, r) => {
    expect(item.rank).toBe(r + 1);
    expect(Number.isFinite(item.score), `${item.productId} score ${item.score}`).toBe(true);
    if (r > 0) expect(item.score).toBeLessThanOrEqual(slate.items[r - 1]!.score);
  });
  expect(slate.trace.items.length).toBe(slate.items.length);
  for (const t of slate.trace.items) {
    expect(Number.isFinite(t.blended)).toBe(true);
    for (const z of t.normalised) expect(Number.isFinite(z)).toBe(true);
  }
}

describe('recommend on a hand-built marketplace', () => {
  it('returns exactly n (or every eligible product) for every user and every n', () => {
    const rec = make();
    for (const user of [...USERS, 'stranger']) {
      const bad = ineligible(user);
      const eligible = 10 - bad.size;
      for (let n = 1; n <= 11; n++) {
        const slate = rec.recommend(user, { n });
        expectWellFormed(slate, n);
        expect(slate.items.length, `${user} n=${n}`).toBe(Math.min(n, eligible));
        for (const id of idsOf(slate)) expect(bad.has(id), `${user} got ${id}`).toBe(false);
      }
    }
  });

  it('exclude: listed products never appear and the slate is still full', () => {
    const rec = make();
    const slate = rec.recommend('o1', { n: 4, exclude: ['p4', 'p5', 'unknown-id'] });
    // o1 saw p0 p1 p2; p9 is out of stock; p4 p5 excluded: p3 p6 p7 p8 remain.
    expect(idsOf(slate).sort()).toEqual(['p3', 'p6', 'p7', 'p8']);
    const excluded = new Set(idsOf(rec.recommend('o1', { n: 3 })));
    const again = rec.recommend('o1', { n: 3, exclude: excluded });
    expect(again.items.length).toBe(3);
    for (const id of idsOf(again)) expect(excluded.has(id)).toBe(false);
  });

  it('filter: the caller predicate sees product records and drops what it rejects', () => {
    const rec = make();
    const seen: string[] = [];
    const slate = rec.recommend('k1', {
      n: 10,
      filter: (p) => {
        seen.push(`${p.id}:${p.merchantId}:${p.title}`);
        return p.merchantId !== 'mA';
      },
    });
    expect(seen).toContain('p0:mA:tent');
    expect(idsOf(slate).sort()).toEqual(['p6', 'p7', 'p8']);
    expect(slate.items.every((i) => i.merchantId !== 'mA')).toBe(true);
  });

  it('out-of-stock products are left out unless excludeOutOfStock is false', () => {
    expect(idsOf(make().recommend('o1', { n: 10 }))).not.toContain('p9');
    const withOos = make({ excludeOutOfStock: false });
    expect(idsOf(withOos.recommend('o1', { n: 10 }))).toContain('p9');
    expect(idsOf(withOos.recommend('o1', { n: 10 })).length).toBe(7);
    // b1 viewed p9: seen still excludes it.
    expect(idsOf(withOos.recommend('b1', { n: 10 }))).not.toContain('p9');
  });

  it('excludeSeen by event type: purchases only, or none', () => {
    // o1 viewed p0 and p1 and bought p2; mix viewed p7 and bought p4.
    const byPurchase = make({ excludeSeen: ['purchase'] });
    const o1 = idsOf(byPurchase.recommend('o1', { n: 10 }));
    expect(o1).toContain('p0');
    expect(o1).toContain('p1');
    expect(o1).not.toContain('p2');
    expect(o1.length).toBe(8);
    const mix = byPurchase.recommend('mix', { n: 10 });
    expect(idsOf(mix)).toContain('p7');
    expect(idsOf(mix)).not.toContain('p4');
    expect(mix.trace.history).toEqual({ items: 2, excluded: 1 });
    const none = make({ excludeSeen: 'none' });
    expect(idsOf(none.recommend('o1', { n: 10 })).length).toBe(9);
    expect(none.recommend('o1', { n: 10 }).trace.history).toEqual({ items: 3, excluded: 0 });
  });

  it('cold start: an unknown user gets popularity, and the trace says so', () => {
    const rec = make();
    const slate = rec.recommend('stranger', { n: 9 });
    expect(idsOf(slate)).toEqual(COLD_ORDER);
    // iALS and item-kNN have no opinion: the blend is popularity's normalised score alone (the
    // default percentile-log: the mean of its percentile and log-rank).
    slate.items.forEach((item, r) => expect(item.score, item.productId).toBeCloseTo((COLD_PERCENTILE[r]! + COLD_LOG_RANK[r]!) / 2, 5));
    expect(slate.trace.coldStart).toBe(true);
    expect(slate.trace.knownUser).toBe(false);
    expect(slate.trace.history).toEqual({ items: 0, excluded: 0 });
    const first = slate.trace.items[0]!;
    expect(first.raw[0]).toBeNull();
    expect(first.raw[1]).toBeNull();
    expect(first.raw[2]).toBeCloseTo(9, 6);
    expect(first.sources).toContain('popular');
    expect(slate.items[0]!.reasons).toEqual(['popular right now', 'new here: popular and trending picks']);
    // A known user whose only events are impressions has no history either.
    const imp = rec.recommend('imp', { n: 3 });
    expect(imp.trace.coldStart).toBe(true);
    expect(imp.trace.knownUser).toBe(true);
    expect(idsOf(imp)).toEqual(['p5', 'p4', 'p1']);
    // A known user with history is not cold.
    expect(rec.recommend('o1').trace.coldStart).toBe(false);
  });

  it('cold start without popularity in the blend still ranks by popularity', () => {
    const rec = make({ signals: [SMALL_IALS, { type: 'item-knn' }] });
    const slate = rec.recommend('stranger', { n: 4 });
    expect(idsOf(slate)).toEqual(COLD_ORDER.slice(0, 4));
    expect(slate.trace.blend.signals).toEqual(['ials', 'item-knn', 'popularity']);
    expect(slate.trace.blend.weights).toEqual([1, 1, 1]);
  });

  it('cold start with popularity at weight 0 still ranks by popularity', () => {
    const rec = make({ signals: [SMALL_IALS, { type: 'item-knn' }, { type: 'popularity', weight: 0 }] });
    expect(idsOf(rec.recommend('stranger', { n: 4 }))).toEqual(COLD_ORDER.slice(0, 4));
  });

  it('recommendMany equals repeated recommend (also with the ledger recording and fairness on)', () => {
    const users = ['o1', 'stranger', 'k2', 'o1', 'b1'];
    for (const fairness of [NO_FAIRNESS, { rerank: { lambda: 0.3 }, record: true }]) {
      const a = make({ fairness });
      const b = make({ fairness });
      const many = a.recommendMany(users, { n: 4, now: T + 1000 });
      const one = users.map((u) => b.recommend(u, { n: 4, now: T + 1000 }));
      expect(many).toEqual(one);
    }
  });

  it('similarItems: the first similarity signal, in stock only by default; NotFoundError for an unknown id', () => {
    const rec = make({ signals: [{ type: 'item-knn' }, SMALL_IALS, { type: 'popularity' }] });
    // Columns (no decay): p4 = (k1 1, k2 1, mix 6), p5 = (k1 6, k2 2, k3 1), p6 = (k2 1, k3 1), p7 = (b1 1, mix 1).
    const p5 = rec.similarItems('p5', { n: 5 });
    expect(p5.map((i) => i.productId)).toEqual(['p6', 'p4']);
    expect(p5[0]!.score).toBeCloseTo(3 / Math.sqrt(82), 6);
    expect(p5[1]!.score).toBeCloseTo(8 / Math.sqrt(38 * 41), 6);
    expect(p5.map((i) => i.rank)).toEqual([1, 2]);
    expect(p5[0]!.merchantId).toBe('mB');
    expect(p5[0]!.reasons).toEqual(['similar by item-knn']);
    const p4 = rec.similarItems('p4', { n: 2 });
    expect(p4.map((i) => i.productId)).toEqual(['p7', 'p5']);
    expect(p4[0]!.score).toBeCloseTo(6 / Math.sqrt(76), 6);
    // p8's neighbours: p9 (cosine 1, out of stock), p7 (1/sqrt2).
    expect(rec.similarItems('p8').map((i) => i.productId)).toEqual(['p7']);
    expect(rec.similarItems('p8', { inStockOnly: false }).map((i) => i.productId)).toEqual(['p9', 'p7']);
    expect(() => rec.similarItems('nope')).toThrow(NotFoundError);
    try {
      rec.similarItems('nope');
    } catch (error) {
      expect(error).toMatchObject({ kind: 'product', id: 'nope', code: 'NOT_FOUND' });
    }
    // The default blend leads with iALS: its similarity is used.
    expect(make().similarItems('p5', { n: 3 })[0]!.reasons).toEqual(['similar by ials']);
  });

  it('observe: a brand-new user works from the first event', () => {
    // The default blend (below ties, evidence prior): item-kNN's neighbours of p6 lead, popularity orders the rest.
    const rec = make({ signals: [{ type: 'item-knn' }, { type: 'popularity', weight: 0.1 }], blend: {} });
    expect(rec.recommend('newbie', { n: 3 }).trace.coldStart).toBe(true);
    const result = rec.observe([{ userId: 'newbie', productId: 'p6', type: 'purchase', timestamp: T }]);
    expect(result).toEqual({ events: 1, users: 1, skippedUnknownProduct: 0, topics: 0, products: { added: 0, updated: 0, removed: 0, unchanged: 0, unknownRemoved: [] } });
    const slate = rec.recommend('newbie', { n: 3 });
    expect(slate.trace.coldStart).toBe(false);
    expect(slate.trace.knownUser).toBe(false);
    expect(slate.trace.history).toEqual({ items: 1, excluded: 1 });
    // item-kNN: p5 = 6 * 3/sqrt82, p4 = 6 * 1/sqrt76, no opinion on the rest; p6 itself is seen.
    expect(idsOf(slate)).toEqual(['p5', 'p4', 'p1']);
    expect(slate.trace.items[0]!.raw[0]).toBeCloseTo((6 * 3) / Math.sqrt(82), 5);
    expect(slate.trace.items[1]!.raw[0]).toBeCloseTo(6 / Math.sqrt(76), 5);
  });

  it('observe folds a new user into iALS, and a known user excludes what it just bought', () => {
    const rec = make();
    rec.observe({ events: [ev('newbie', 'p6', 'view'), ev('newbie', 'p5', 'view'), ev('o1', 'p3', 'purchase')] });
    const slate = rec.recommend('newbie', { n: 3 });
    expect(slate.trace.items.every((t) => t.raw[0] !== null)).toBe(true); // iALS has an opinion
    expect(idsOf(slate)[0]).toBe('p4');
    expect(idsOf(rec.recommend('o1', { n: 10 }))).not.toContain('p3');
    expect(rec.recommend('o1', { n: 10 }).items.length).toBe(5);
    const skipped = rec.observe([{ userId: 'o1', productId: 'not-in-catalogue', type: 'view', timestamp: T }]);
    expect(skipped.skippedUnknownProduct).toBe(1);
  });

  it('observe refuses a batch with an unweighted custom event type before changing anything', () => {
    const rec = make();
    const before = rec.recommend('o1', { n: 5, record: false });
    const batch = [ev('o1', 'p3', 'purchase'), ev('newbie', 'p2', 'wishlist')];
    expect(() => rec.observe(batch)).toThrow(
      'observe.events[1]: event type "wishlist" has no weight: set weighting.typeWeights.wishlist or the event\'s weight',
    );
    expect(rec.recommend('o1', { n: 5, record: false })).toEqual(before);
    expect([...rec.observedHistories()]).toEqual([]);
    // With a weight on the event itself the same type is taken.
    expect(rec.observe([{ ...batch[1]!, weight: 2 }]).users).toBe(1);
  });

  it('similarItems refuses an n that is not a positive integer', () => {
    for (const n of [0, -1, 2.5, Number.NaN]) expect(() => make().similarItems('p1', { n })).toThrow(`similarItems: n must be a positive integer, got ${n}`);
  });

  it('a new user observed only through impressions is cold: iALS has no opinion', () => {
    const rec = make();
    rec.observe([ev('window-shopper', 'p1', 'impression')]);
    const slate = rec.recommend('window-shopper', { n: 3 });
    expect(slate.trace.coldStart).toBe(true);
    expect(idsOf(slate)).toEqual(COLD_ORDER.slice(0, 3));
    for (const t of slate.trace.items) expect(t.raw[0]).toBeNull();
    for (const item of slate.items) expect(item.reasons).toEqual(['popular right now', 'new here: popular and trending picks']);
  });

  it('weights 0: a weight-0 signal proposes candidates and is traced, but does not move the blend', () => {
    const rec = make({ signals: [{ ...SMALL_IALS, weight: 0 }, { type: 'item-knn', weight: 1 }, { type: 'popularity', weight: 0 }] });
    const slate = rec.recommend('o2', { n: 6 });
    expect(slate.trace.blend.weights).toEqual([0, 1, 0]);
    for (const t of slate.trace.items) {
      expect(t.raw[0]).not.toBeNull();
      expect(t.blended).toBeCloseTo(t.normalised[1]!, 6);
    }
    const knn = slate.trace.items.map((t) => t.normalised[1]!);
    for (let r = 1; r < knn.length; r++) expect(knn[r]!).toBeLessThanOrEqual(knn[r - 1]!);
  });

  it('blends the normalised scores as a weighted mean, for every normalisation', () => {
    const weights = [2, 1, 0.5];
    for (const normalisation of NORMALISATIONS) {
      const rec = make({
        normalisation,
        signals: [{ ...SMALL_IALS, weight: 2 }, { type: 'item-knn', weight: 1 }, { type: 'popularity', weight: 0.5 }],
      });
      // n covers every candidate, so the trace holds the whole candidate set.
      const slate = rec.recommend('o3', { n: 20 });
      expect(slate.items.length).toBe(6);
      expect(slate.trace.blend.normalisation).toBe(normalisation);
      const t = slate.trace.items;
      const expectedZ = [0, 1, 2].map((s) => normalised(t.map((x) => x.raw[s] ?? Number.NaN), normalisation));
      // The mean is over the signals with an opinion on the candidate (item-kNN has none on products it does not reach).
      const mean = t.map((x, c) => {
        let num = 0;
        let den = 0;
        for (let s = 0; s < 3; s++) {
          if (x.raw[s] === null) continue;
          num += weights[s]! * expectedZ[s]![c]!;
          den += weights[s]!;
        }
        return num / den;
      });
      const blended = normalisation === 'z-score' ? minMax(mean) : mean;
      t.forEach((x, c) => {
        for (let s = 0; s < 3; s++) expect(x.normalised[s], `${normalisation} ${x.productId} signal ${s}`).toBeCloseTo(expectedZ[s]![c]!, 5);
        expect(x.blended, `${normalisation} ${x.productId}`).toBeCloseTo(blended[c]!, 5);
        expect(slate.items[c]!.score).toBeCloseTo(blended[c]!, 5);
      });
    }
  });

  it('each normalisation by hand on the cold-start slate (popularity alone)', () => {
    // Mass in slate order: 9, 8, 7, 7, 2, 2, 2, 2, 1.
    const expected: Record<Normalisation, number[]> = {
      percentile: COLD_PERCENTILE,
      // 1 - ln(mean rank) / ln 9: the 7s share ranks 3 and 4 (3.5), the 2s ranks 5 to 8 (6.5).
      'log-rank': COLD_LOG_RANK,
      'percentile-log': COLD_PERCENTILE.map((p, r) => (p + COLD_LOG_RANK[r]!) / 2),
      'reciprocal-rank': [1, 1 / 2, 1 / 3, 1 / 3, 1 / 5, 1 / 5, 1 / 5, 1 / 5, 1 / 9],
      'min-max': [1, 7 / 8, 6 / 8, 6 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8, 0],
      // z-scores are an affine map of the mass; the blend is rescaled to [0, 1]: min-max again.
      'z-score': [1, 7 / 8, 6 / 8, 6 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8, 0],
    };
    for (const normalisation of NORMALISATIONS) {
      const slate = make({ normalisation, signals: [{ type: 'popularity' }] }).recommend('stranger', { n: 9 });
      expect(idsOf(slate)).toEqual(COLD_ORDER);
      slate.items.forEach((item, r) => expect(item.score, `${normalisation} ${item.productId}`).toBeCloseTo(expected[normalisation][r]!, 5));
    }
  });

  it('validates n and refuses use before fit', () => {
    const rec = make();
    expect(() => rec.recommend('o1', { n: 0 })).toThrow(DataError);
    expect(() => rec.recommend('o1', { n: 2.5 })).toThrow(/n must be a positive integer, got 2.5/);
    const unfitted = createRecommender({ signals: SIGNALS });
    expect(() => unfitted.recommend('o1')).toThrow(NotFittedError);
    expect(() => unfitted.similarItems('p1')).toThrow(NotFittedError);
    expect(() => unfitted.observe([])).toThrow(NotFittedError);
  });

  it('does not mutate its input (fit records, observed events, exclude list)', () => {
    const input = marketplace();
    const before = structuredClone(input);
    deepFreeze(input);
    const rec = createRecommender({ signals: SIGNALS, weighting: { halfLifeDays: null } }).fit(input);
    expect(input).toEqual(before);
    const events = deepFreeze([ev('newbie', 'p1', 'view'), ev('o1', 'p5', 'cart')]);
    const eventsBefore = structuredClone(events);
    rec.observe(events);
    expect(events).toEqual(eventsBefore);
    const exclude = Object.freeze(['p3', 'p4']);
    rec.recommend('o2', { exclude });
    expect(exclude).toEqual(['p3', 'p4']);
  });
});

describe('recommend on fixtures/marketplace', () => {
  let data: MarketplaceData;
  beforeAll(async () => {
    data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
  });

  it('exact n, exclusions and no NaN for every user, under every normalisation', () => {
    const outOfStock = new Set(data.products.filter((p) => !p.inStock).map((p) => p.id));
    expect(outOfStock.size).toBe(7);
    const users = [...new Set(data.events.map((e) => e.userId))];
    for (const normalisation of NORMALISATIONS) {
      const rec = createRecommender({ signals: SIGNALS, normalisation }).fitRecords(data);
      const sample = normalisation === 'percentile' ? users : users.slice(0, 60);
      for (const user of sample) {
        const slate = rec.recommend(user, { n: 20 });
        expectWellFormed(slate, 20);
        expect(slate.items.length, user).toBe(20);
        const seen = new Set(rec.history(user).seen);
        for (const item of slate.items) {
          expect(outOfStock.has(item.productId)).toBe(false);
          expect(seen.has(rec.dataset.products.indexOf(item.productId))).toBe(false);
        }
      }
    }
  });

  it('exclude and filter on the fixture keep the slate full', () => {
    const rec = createRecommender({ signals: SIGNALS }).fitRecords(data);
    const user = data.events.find((e) => e.type === 'purchase')!.userId;
    const first = idsOf(rec.recommend(user, { n: 10 }));
    const merchant = rec.recommend(user, { n: 1 }).items[0]!.merchantId;
    const slate = rec.recommend(user, { n: 10, exclude: first, filter: (p) => p.merchantId !== merchant });
    expect(slate.items.length).toBe(10);
    for (const item of slate.items) {
      expect(first).not.toContain(item.productId);
      expect(item.merchantId).not.toBe(merchant);
    }
  });

  it('the default config fits and recommends without NaN', () => {
    const rec = createRecommender().fitRecords(data);
    for (const user of ['u-0001', 'u-0150', 'u-0300', 'nobody']) {
      const slate = rec.recommend(user);
      expectWellFormed(slate, 20);
      expect(slate.items.length).toBe(20);
    }
  });
});

/** Reference normalisation of one signal's raw scores (via the library function, tested by hand in normalise.test.ts). */
function normalised(raw: number[], method: Normalisation): number[] {
  const out = new Float32Array(raw.length);
  normaliseScores(Float32Array.from(raw), method, out, new Int32Array(raw.length));
  return Array.from(out);
}

function minMax(x: number[]): number[] {
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  return x.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 1));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
