/**
 * Property suite of issue 15 (fast-check, fixed seeds, so every run draws the same cases): random
 * recommender configs, event logs, requests and ledger snapshots, valid and hostile. Whatever the
 * input, the library throws nothing but its own error classes (GfpError), every slate score is a
 * finite number, and a slate holds the asked number of distinct products whenever that many are
 * eligible (never more, never a duplicate).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRecommender, type Recommender, type RecommendOptions } from '../../src/engine/recommender.js';
import { GfpError } from '../../src/errors.js';
import type { LedgerSnapshot } from '../../src/fairness/ledger-snapshot.js';
import type { Slate } from '../../src/engine/slate.js';

/** Seed of every property (change it to explore; a failure prints the seed and path to replay). */
const SEED = 20_261_204;

/** Runs `fn`; an error that is not one of the library's error classes fails the property. */
function libraryErrorsOnly<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof GfpError) return undefined;
    throw error;
  }
}

/** Every score finite, no product twice, at most `n` items. */
function expectWellFormed(slate: Slate, n: number): void {
  expect(slate.items.length).toBeLessThanOrEqual(n);
  expect(new Set(slate.items.map((i) => i.productId)).size).toBe(slate.items.length);
  for (const item of slate.items) expect(Number.isFinite(item.score), `${item.productId}: ${item.score}`).toBe(true);
}

const TEXT_WORDS = ['red', 'wool', 'scarf', 'linen', 'shirt', '羊毛', '围巾', 'café', 'lamp', 'oak'];

/** A small marketplace: products over a few merchants, events of a few types over a few days. */
const marketArb = fc
  .record({
    products: fc.integer({ min: 1, max: 24 }),
    merchants: fc.integer({ min: 1, max: 5 }),
    titles: fc.array(fc.array(fc.constantFrom(...TEXT_WORDS), { minLength: 1, maxLength: 4 }), { minLength: 24, maxLength: 24 }),
    outOfStock: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
    events: fc.array(
      fc.record({
        user: fc.integer({ min: 0, max: 9 }),
        product: fc.nat(),
        type: fc.constantFrom('impression', 'view', 'click', 'cart', 'purchase'),
        minute: fc.integer({ min: 0, max: 10 * 24 * 60 }),
        weight: fc.option(fc.constantFrom(0, 0.5, 1, 3, 1_000_000), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 120 },
    ),
  })
  .map(({ products, merchants, titles, outOfStock, events }) => ({
    products: Array.from({ length: products }, (_, i) => ({
      id: i === 0 ? '__proto__' : `p${i}`,
      merchantId: `m${i % merchants}`,
      title: titles[i]!.join(' '),
      tags: titles[(i + 1) % 24]!.slice(0, 2),
      inStock: !outOfStock[i],
    })),
    events: events.map((e) => ({
      userId: `u${e.user}`,
      productId: e.product % products === 0 ? '__proto__' : `p${e.product % products}`,
      type: e.type,
      timestamp: 1_700_000_000_000 + e.minute * 60_000,
      ...(e.weight === undefined ? {} : { weight: e.weight }),
    })),
  }));

/** Spelling groups of the text signals (words of the titles across scripts, a spelling with a space, accents). */
const synonymsArb = fc.constantFrom<string[][]>([], [['scarf', '围巾'], ['wool', '羊毛']], [['café', 'red lamp'], ['OAK', 'linen shirt']]);

/** Signal specs the suite draws from (small sizes, so that a fit takes milliseconds). */
const signalArb = fc.oneof(
  fc.record({ type: fc.constant('popularity'), weight: fc.constantFrom(0, 0.5, 1), measure: fc.constantFrom('mass', 'users') }),
  fc.record({ type: fc.constant('item-knn'), neighbours: fc.integer({ min: 1, max: 20 }), shrinkage: fc.constantFrom(0, 10) }),
  fc.record({ type: fc.constant('ease'), regularization: fc.constantFrom(1, 50, 500) }),
  fc.record({ type: fc.constant('ials'), factors: fc.integer({ min: 1, max: 4 }), iterations: fc.integer({ min: 0, max: 3 }), seed: fc.nat() }),
  fc.record({ type: fc.constant('content'), text: fc.record({ tokenizer: fc.record({ synonyms: synonymsArb }) }) }),
  fc.record({
    type: fc.constant('trending'),
    minMatch: fc.constantFrom(0, 0.3, 1),
    itemHeavyUserFactor: fc.constantFrom(null, 1.5, 10),
    itemResolutionSeconds: fc.constantFrom(0, 60, 3600),
    text: fc.record({ tokenizer: fc.record({ synonyms: synonymsArb }) }),
  }),
);

const configArb = fc.record({
  signals: fc.uniqueArray(signalArb, { minLength: 1, maxLength: 4, selector: (s) => s.type }),
  normalisation: fc.constantFrom('percentile', 'reciprocal-rank', 'min-max', 'z-score'),
  excludeSeen: fc.constantFrom('all', 'none'),
  excludeOutOfStock: fc.boolean(),
  weighting: fc.record({ halfLifeDays: fc.constantFrom(null, 'auto' as const, 0.01, 7), outlierUsers: fc.constantFrom('keep' as const, 'exclude' as const) }),
  candidates: fc.record({ perSignal: fc.integer({ min: 0, max: 30 }), popular: fc.integer({ min: 0, max: 30 }), max: fc.integer({ min: 1, max: 40 }), smallTier: fc.integer({ min: 0, max: 5 }) }),
  fairness: fc.record({
    rerank: fc.record({ lambda: fc.constantFrom(0, 0.3, 5), policy: fc.constantFrom('merit', 'equal', 'tier-floor'), maxPerMerchant: fc.constantFrom(null, 1, 3) }),
    ledger: fc.record({ halfLifeMs: fc.constantFrom(1, 3_600_000, 86_400_000) }),
  }),
});

type Market = typeof marketArb extends fc.Arbitrary<infer T> ? T : never;
type Config = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

/** A request: slate length, request time (possibly far from the data), an exclude list, topics. */
const requestArb = fc.record({
  user: fc.integer({ min: 0, max: 12 }),
  n: fc.integer({ min: 1, max: 30 }),
  nowOffsetDays: fc.constantFrom(-5000, -1, 0, 1, 30, 5000),
  exclude: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }),
  topics: fc.array(fc.record({ text: fc.array(fc.constantFrom(...TEXT_WORDS), { minLength: 1, maxLength: 3 }), count: fc.constantFrom(1, 1000, 1e12) }), { maxLength: 2 }),
  record: fc.boolean(),
});

/** Products eligible for `user` under `config` and `exclude`, when the count is knowable: the filters the config names. */
function eligibleCount(market: Market, config: Config, excluded: ReadonlySet<string>): number | undefined {
  // Seen products and a candidate cap below the catalogue (the config's own limit) make the count unknowable here.
  if (config.excludeSeen !== 'none' || config.candidates.max < market.products.length) return undefined;
  const perMerchant = new Map<string, number>();
  for (const p of market.products) {
    if (!excluded.has(p.id) && !(config.excludeOutOfStock && !p.inStock)) perMerchant.set(p.merchantId, (perMerchant.get(p.merchantId) ?? 0) + 1);
  }
  // A merchant cap lets at most that many products of one merchant into a slate.
  const cap = config.fairness.rerank.maxPerMerchant ?? Infinity;
  let count = 0;
  for (const c of perMerchant.values()) count += Math.min(c, cap);
  return count;
}

describe('the harness', () => {
  it('(control) fails on an error that is not the library\'s, on a non-finite score and on a duplicate', () => {
    expect(() => libraryErrorsOnly(() => [].map(null as never))).toThrow(TypeError);
    const item = (productId: string, score: number) => ({ productId, score }) as Slate['items'][number];
    expect(() => expectWellFormed({ items: [item('a', 1), item('b', Number.NaN)] } as unknown as Slate, 2)).toThrow();
    expect(() => expectWellFormed({ items: [item('a', 1), item('a', 0.5)] } as unknown as Slate, 2)).toThrow();
    expect(() => expectWellFormed({ items: [item('a', 1), item('b', 0.5)] } as unknown as Slate, 1)).toThrow();
  });
});

describe('random configs, events and requests (valid shapes)', () => {
  it('slates: library errors only, finite scores, distinct products, the asked length when that many are eligible', () => {
    fc.assert(
      fc.property(marketArb, configArb, fc.array(requestArb, { minLength: 1, maxLength: 6 }), (market, config, requests) => {
        const rec = libraryErrorsOnly(() => createRecommender(config).fit(market));
        if (rec === undefined) return;
        const t0 = rec.dataset.referenceTime;
        for (const r of requests) {
          const excluded = new Set(r.exclude.map((p) => (p === 0 ? '__proto__' : `p${p}`)));
          const options: RecommendOptions = {
            n: r.n,
            now: t0 + r.nowOffsetDays * 86_400_000,
            exclude: excluded,
            record: r.record,
            topics: r.topics.map((t, i) => ({ id: `t${i}`, text: t.text.join(' '), heat: [{ timestamp: t0, count: t.count }] })),
          };
          const slate = libraryErrorsOnly(() => rec.recommend(`u${r.user}`, options));
          if (slate === undefined) continue;
          expectWellFormed(slate, r.n);
          const eligible = eligibleCount(market, config, excluded);
          if (eligible !== undefined) expect(slate.items.length).toBe(Math.min(r.n, eligible));
        }
      }),
      { seed: SEED, numRuns: 600 },
    );
  });
});

describe('hostile configs', () => {
  /** Any JSON-like value, with the config's own keys among the object keys. */
  const hostile = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, undefined, 0, -1, 1e308, -1e308, Number.NaN, Infinity, '', 'x', true, '__proto__'),
      fc.double(),
      fc.integer(),
      fc.string({ maxLength: 8 }),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('signals', 'type', 'factors', 'n', 'weight', 'fairness', 'rerank', 'lambda', 'ledger', 'candidates', 'normalisation', '__proto__', 'constructor', 'typo'), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('createRecommender(anything) returns a recommender or throws a library error, and then serves well-formed slates', () => {
    const market = { products: [{ id: 'p1', merchantId: 'm1', title: 'red scarf' }, { id: 'p2', merchantId: 'm2', title: 'oak lamp' }], events: [{ userId: 'u1', productId: 'p1', type: 'view', timestamp: 0 }] };
    fc.assert(
      fc.property(hostile, (config) => {
        const rec = libraryErrorsOnly(() => createRecommender(config as never));
        if (rec === undefined) return;
        const fitted = libraryErrorsOnly(() => rec.fit(market));
        if (fitted === undefined) return;
        const slate = libraryErrorsOnly(() => fitted.recommend('u1', { n: 2 }));
        if (slate !== undefined) expectWellFormed(slate, 2);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('recommend(user, anything) and observe(anything) throw library errors only', () => {
    const rec = createRecommender({ signals: [{ type: 'popularity' }, { type: 'item-knn' }] }).fit({
      products: Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, merchantId: `m${i % 2}`, title: `thing ${i}` })),
      events: Array.from({ length: 20 }, (_, i) => ({ userId: `u${i % 3}`, productId: `p${(i * 3) % 8}`, type: 'click', timestamp: i * 1000 })),
    });
    fc.assert(
      fc.property(hostile, hostile, (options, input) => {
        const slate = libraryErrorsOnly(() => rec.recommend('u1', options as never));
        if (slate !== undefined) expectWellFormed(slate, typeof (options as { n?: unknown } | null)?.n === 'number' ? ((options as { n: number }).n) : rec.config.n);
        libraryErrorsOnly(() => rec.observe(input as never));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('random ledger snapshots', () => {
  const massArb = fc.oneof(fc.constantFrom(0, 1e-300, 1, 1e15, 1e300, -1, Number.NaN, Infinity), fc.double({ min: 0, max: 1e6, noNaN: true }));
  const snapshotArb = fc.record({
    version: fc.constantFrom(1, 2, '1'),
    at: fc.oneof(fc.constantFrom(0, -1e300, 1e300, 8.64e15, Number.NaN), fc.integer({ min: -1e12, max: 1e13 })),
    halfLifeMs: fc.constantFrom(1, 86_400_000, 0, -5, Infinity),
    partial: fc.boolean(),
    entries: fc.array(fc.record({ merchantId: fc.constantFrom('m0', 'm1', 'm2', '__proto__', ''), exposure: massArb, merit: massArb }), { maxLength: 5 }),
    totals: fc.record({ exposure: massArb, merit: massArb, merchants: fc.integer({ min: -1, max: 5 }) }),
  });

  it('restore and merge take a snapshot or refuse it with a library error; later slates stay well formed', () => {
    const market = {
      products: Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, merchantId: `m${i % 3}`, title: `thing ${i}` })),
      events: Array.from({ length: 40 }, (_, i) => ({ userId: `u${i % 4}`, productId: `p${(i * 5) % 12}`, type: 'view', timestamp: 1_700_000_000_000 + i * 60_000 })),
    };
    const base: Recommender = createRecommender({ signals: [{ type: 'popularity' }], fairness: { rerank: { lambda: 2 } } }).fit(market);
    const state = base.exportState();
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom('merit', 'equal', 'tier-floor'), fc.boolean(), fc.integer({ min: -3000, max: 3000 }), (snapshot, policy, merge, nowDays) => {
        const rec = createRecommender({ ...state.config, fairness: { ...state.config.fairness, rerank: { ...state.config.fairness.rerank, policy } } }).fit(market);
        libraryErrorsOnly(() => (merge ? rec.ledger.merge(snapshot as unknown as LedgerSnapshot) : rec.ledger.restore(snapshot as unknown as LedgerSnapshot)));
        const slate = libraryErrorsOnly(() => rec.recommend('u1', { n: 6, now: rec.dataset.referenceTime + nowDays * 86_400_000 }));
        if (slate === undefined) return;
        expectWellFormed(slate, 6);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
