/**
 * What the engine gives the fairness term to work with (issue 5): the merit the ledger records
 * (the blend without `fairness.meritExclude`, by default popularity) and the small-tier candidate
 * source (`candidates.smallTier`), on the bundled marketplace.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { TIER_SMALL } from '../../src/fairness/index.js';
import { createRecommender, type Recommender, type RecommenderConfigInput, type Slate } from '../../src/index.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

const DIR = join(import.meta.dirname, '../../fixtures/marketplace');
const SIGNALS: RecommenderConfigInput['signals'] = [
  { type: 'ials', weight: 1 },
  { type: 'item-knn', weight: 2 },
  { type: 'popularity', weight: 0.5 },
];
const HOUR = 3_600_000;

let data: MarketplaceData;
let users: string[];

beforeAll(async () => {
  data = (await loadMarketplace(DIR)).data;
  users = [...new Set(data.events.map((e) => e.userId))].sort();
});

function fitted(config: RecommenderConfigInput = {}): Recommender {
  return createRecommender({ signals: SIGNALS, n: 10, ...config }).fitRecords(data);
}

/** A slate holding every candidate (n = catalogue size), recorded into the ledger, and the ledger's merit after it. */
function everyCandidate(rec: Recommender, userId: string): { slate: Slate; merit: Map<string, number> } {
  const now = rec.dataset.referenceTime + HOUR;
  const slate = rec.recommend(userId, { now, n: rec.dataset.products.size });
  expect(slate.trace.items).toHaveLength(slate.trace.candidates.total);
  return { slate, merit: new Map(rec.ledger.snapshot(now).entries.map((e) => [e.merchantId, e.merit] as const)) };
}

/** Sum per merchant of `value(item)` over the slate's trace items. */
function perMerchant(slate: Slate, value: (t: Slate['trace']['items'][number]) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of slate.trace.items) out.set(t.merchantId, (out.get(t.merchantId) ?? 0) + value(t));
  return out;
}

function expectSameSums(actual: Map<string, number>, expected: Map<string, number>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [m, v] of expected) expect(actual.get(m)).toBeCloseTo(v, 3);
}

describe('fairness.meritExclude: what the ledger counts as merit', () => {
  it('by default the merit is the blend without popularity, weights renormalised, summed per merchant', () => {
    const rec = fitted();
    const { slate, merit } = everyCandidate(rec, users[0]!);
    expect(slate.trace.blend.signals).toEqual(['ials', 'item-knn', 'popularity']);
    // (1 x ials + 2 x item-knn) / 3 on the normalised scale, not the ranking blend's / 3.5 with popularity
    const expected = perMerchant(slate, (t) => (t.normalised[0]! + 2 * t.normalised[1]!) / 3);
    expectSameSums(merit, expected);
    const withPopularity = perMerchant(slate, (t) => t.blended);
    const moved = [...expected].filter(([m, v]) => Math.abs(v - withPopularity.get(m)!) > 0.05);
    expect(moved.length).toBeGreaterThan(5);
  });

  it('meritExclude [] records the ranking blend itself', () => {
    const rec = fitted({ fairness: { meritExclude: [] } });
    const { slate, merit } = everyCandidate(rec, users[1]!);
    expectSameSums(merit, perMerchant(slate, (t) => t.blended));
  });

  it('a user only popularity has an opinion on (cold start) records the ranking blend: the model sees nothing else', () => {
    const rec = fitted();
    const { slate, merit } = everyCandidate(rec, 'someone-new');
    expect(slate.trace.coldStart).toBe(true);
    expectSameSums(merit, perMerchant(slate, (t) => t.blended));
    expect([...merit.values()].some((v) => v > 0)).toBe(true);
  });

  it('the merit it records does not change the slates of lambda 0 (ranking is the full blend)', () => {
    const a = fitted({ fairness: { rerank: { lambda: 0 } } });
    const b = fitted({ fairness: { rerank: { lambda: 0 }, meritExclude: [] } });
    const now = a.dataset.referenceTime + HOUR;
    for (const u of users.slice(0, 10)) {
      expect(a.recommend(u, { now }).items.map((i) => i.productId)).toEqual(b.recommend(u, { now }).items.map((i) => i.productId));
    }
  });

  it('an unknown signal type is refused with its JSON path', () => {
    expect(() => createRecommender({ fairness: { meritExclude: ['populartiy'] } })).toThrow(ConfigError);
    try {
      createRecommender({ fairness: { meritExclude: ['ials', 'populartiy'] } });
    } catch (error) {
      expect((error as ConfigError).path).toBe('fairness.meritExclude.1');
      expect((error as Error).message).toContain('unknown signal type "populartiy"');
    }
  });
});

describe('candidates.smallTier: small merchants reach the candidates', () => {
  const tight = { perSignal: 5, popular: 5, max: 1000 };

  it("adds each signal's top products among the small tier's, under source 'small-tier'", () => {
    const rec = fitted({ candidates: { ...tight, smallTier: 4 } });
    const ds = rec.dataset;
    const small = (productId: string): boolean => rec.tiers[ds.productMerchant[ds.products.indexOf(productId)]!] === TIER_SMALL;
    const now = ds.referenceTime + HOUR;
    const user = users[2]!;
    const slate = rec.recommend(user, { now, record: false });
    const listed = slate.trace.candidates.bySource.find(([name]) => name === 'small-tier');
    // By hand: each signal's own topN of 4 with the small tier's eligible products only, unioned.
    const ctx = rec.userContext(user, now);
    const seen = new Set(rec.history(user).seen);
    const onlySmall = (p: number): boolean => seen.has(p) || ds.inStock[p] === 0 || rec.tiers[ds.productMerchant[p]!] !== TIER_SMALL;
    const expected = new Set<number>();
    for (const s of rec.signals) for (const p of s.topN(ctx, 4, onlySmall).ids) expected.add(p);
    expect(expected.size).toBeGreaterThan(4);
    expect(listed).toEqual(['small-tier', expected.size]);
    // Shown items the source proposed are among them; the ledger's merit covers all their merchants.
    for (const t of slate.trace.items) if (t.sources.includes('small-tier')) expect(expected.has(ds.products.indexOf(t.productId))).toBe(true);
    expect([...expected].every((p) => small(ds.products.idAt(p)))).toBe(true);
    rec.recommend(user, { now });
    const inLedger = new Set(rec.ledger.snapshot(now).entries.map((e) => e.merchantId));
    for (const p of expected) expect(inLedger.has(ds.merchants.idAt(ds.productMerchant[p]!))).toBe(true);
  });

  it('is off at 0 (the default): no such source; on, it adds candidates', () => {
    const off = fitted({ candidates: tight });
    const now = off.dataset.referenceTime + HOUR;
    const slate = off.recommend(users[2]!, { now, record: false });
    expect(slate.trace.candidates.bySource.map(([name]) => name)).toEqual(['ials', 'item-knn', 'popularity', 'popular']);
    const on = fitted({ candidates: { ...tight, smallTier: 4 } }).recommend(users[2]!, { now, record: false });
    expect(on.trace.candidates.total).toBeGreaterThan(slate.trace.candidates.total);
  });

  it('brings small merchants no other source proposed into the ledger merit', () => {
    const merchantsAfter = (smallTier: number): Set<string> => {
      const rec = fitted({ candidates: { ...tight, smallTier } });
      const now = rec.dataset.referenceTime + HOUR;
      for (const u of users.slice(0, 5)) rec.recommend(u, { now });
      return new Set(rec.ledger.snapshot(now).entries.map((e) => e.merchantId));
    };
    const without = merchantsAfter(0);
    const withSmall = merchantsAfter(4);
    const added = [...withSmall].filter((m) => !without.has(m));
    expect([...without].every((m) => withSmall.has(m))).toBe(true);
    expect(added.length).toBeGreaterThan(0);
    const tierOf = new Map(data.merchants.map((m) => [m.id, m.tier] as const));
    const rec = fitted();
    for (const m of added) expect(rec.tiers[rec.dataset.merchants.indexOf(m)]).toBe(TIER_SMALL);
    expect(added.some((m) => tierOf.get(m) === 'small')).toBe(true);
  });
});
