/**
 * Exposure fairness through the engine (issue 5) on the bundled marketplace: recommend() reranks
 * with the ledger's snapshot and records into it, lambda 0 is the plain ranking, the trace and
 * explain() show what the lift did, the floor and slate guards hold on real slates, the merit the
 * ledger records leaves `fairness.meritExclude` out, and `candidates.smallTier` adds the small
 * tier's products to the candidates.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createRecommender, type Recommender, type RecommenderConfigInput, type Slate } from '../../src/index.js';
import { fairTable, TIER_SMALL, type LedgerSnapshot } from '../../src/fairness/index.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

const DIR = join(import.meta.dirname, '../../fixtures/marketplace');
const SIGNALS: RecommenderConfigInput['signals'] = [
  { type: 'ials', weight: 1 },
  { type: 'item-knn', weight: 1 },
  { type: 'popularity', weight: 0.1 },
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

/** `1 / log2(rank + 1)` summed over ranks 1..10, by hand: 1 + 0.6309 + 0.5 + ... + 0.2891. */
const EXPOSURE_OF_10 = 4.543559338088346;

/** A full ledger snapshot at `at` holding these (exposure, merit) per merchant id. */
function ledgerOf(values: ReadonlyMap<string, readonly [number, number]>, at: number, halfLifeMs: number): LedgerSnapshot {
  const entries = [...values]
    .map(([merchantId, [exposure, merit]]) => ({ merchantId, exposure, merit }))
    .sort((a, b) => (a.merchantId < b.merchantId ? -1 : a.merchantId > b.merchantId ? 1 : 0));
  const exposure = entries.reduce((s, e) => s + e.exposure, 0);
  const merit = entries.reduce((s, e) => s + e.merit, 0);
  return { version: 1, at, halfLifeMs, partial: false, entries, totals: { exposure, merit, merchants: entries.length } };
}

/**
 * A ledger content where every merchant has exposure 10 and merit 1 (D = 10), except `starved`
 * with merit 1 and no exposure (D = 0). Fair rate D* = 10 * (M - 1) / M < 10: only `starved` is
 * below it, by the whole of D*, so its lift is exactly lambda.
 */
function starvedLedger(rec: Recommender, starved: string, at: number): LedgerSnapshot {
  const values = new Map(rec.dataset.merchants.ids().map((id) => [id, [id === starved ? 0 : 10, 1] as const] as const));
  return ledgerOf(values, at, rec.ledger.options.halfLifeMs);
}

describe('recommend() and the exposure ledger', () => {
  it('records the slate exposure and every candidate merit, per merchant', () => {
    // meritExclude [] so the merit is the ranking blend itself (what it leaves out is tested below).
    const rec = fitted({ fairness: { rerank: { lambda: 0.1 }, meritExclude: [] } });
    expect(rec.ledger.size).toBe(0);
    const now = rec.dataset.referenceTime + HOUR;
    const slate = rec.recommend(users[0]!, { now });
    expect(slate.items).toHaveLength(10);
    expect(slate.trace.fairness.recorded).toBe(true);
    const snap = rec.ledger.snapshot(now);
    expect(snap.totals.exposure).toBeCloseTo(EXPOSURE_OF_10, 12);
    // Exposure per merchant: v(rank) of its slate items.
    const shown = new Map<string, number>();
    const shownMerit = new Map<string, number>();
    for (const item of slate.items) {
      shown.set(item.merchantId, (shown.get(item.merchantId) ?? 0) + 1 / Math.log2(item.rank + 1));
      shownMerit.set(item.merchantId, (shownMerit.get(item.merchantId) ?? 0) + slate.trace.items[item.rank - 1]!.blended);
    }
    for (const e of snap.entries) {
      expect(e.exposure).toBeCloseTo(shown.get(e.merchantId) ?? 0, 6);
      // Merit: the blended relevance of all its candidates, shown or not (at least its shown ones).
      expect(e.merit).toBeGreaterThanOrEqual((shownMerit.get(e.merchantId) ?? 0) - 1e-6);
    }
    // Merchants with candidates but nothing shown gain merit and no exposure: merit is not clicks.
    const unseen = snap.entries.filter((e) => !shown.has(e.merchantId));
    expect(unseen.length).toBeGreaterThan(0);
    expect(unseen.every((e) => e.exposure === 0 && e.merit > 0)).toBe(true);

    const second = rec.recommend(users[1]!, { now: now + HOUR });
    expect(second.trace.fairness.recorded).toBe(true);
    // The first request's exposure has decayed by 2^(-1/24) (one hour of a one-day half-life).
    expect(rec.ledger.snapshot(now + HOUR).totals.exposure).toBeCloseTo(EXPOSURE_OF_10 * (1 + 2 ** (-1 / 24)), 9);
  });

  it('`record: false` on a call leaves the ledger untouched', () => {
    const rec = fitted();
    const now = rec.dataset.referenceTime + HOUR;
    rec.recommend(users[0]!, { now });
    const before = JSON.stringify(rec.ledger.snapshot(now + HOUR));
    const slate = rec.recommend(users[1]!, { now: now + HOUR, record: false });
    expect(slate.trace.fairness.recorded).toBe(false);
    expect(slate.items).toHaveLength(10);
    expect(JSON.stringify(rec.ledger.snapshot(now + HOUR))).toBe(before);
    expect(rec.ledger.clock).toBe(now);
  });

  it('`fairness.record: false` in the config leaves it untouched, and a call can still opt in', () => {
    const rec = fitted({ fairness: { record: false } });
    const now = rec.dataset.referenceTime + HOUR;
    for (const u of users.slice(0, 20)) expect(rec.recommend(u, { now }).trace.fairness.recorded).toBe(false);
    expect(rec.ledger.size).toBe(0);
    rec.recommend(users[0]!, { now, record: true });
    expect(rec.ledger.snapshot(now).totals.exposure).toBeCloseTo(EXPOSURE_OF_10, 12);
  });
});

describe('lambda and the plain ranking', () => {
  it('lambda = 0 gives exactly the plain ranking, whatever the ledger holds', () => {
    const warm = fitted({ fairness: { rerank: { lambda: 0 } } });
    const cold = fitted({ fairness: { rerank: { lambda: 0 }, record: false } });
    const t0 = warm.dataset.referenceTime;
    // Skew the ledger first: 300 recorded requests.
    for (let r = 0; r < 300; r++) warm.recommend(users[r % users.length]!, { now: t0 + r * 60_000 });
    const now = t0 + 300 * 60_000;
    for (const u of users.slice(0, 60)) {
      const a = warm.recommend(u, { now });
      const b = cold.recommend(u, { now });
      expect(a.items.map((i) => i.productId)).toEqual(b.items.map((i) => i.productId));
      a.trace.items.forEach((t, i) => {
        expect(t.lift).toBe(0);
        expect(t.stage).toBe('rank');
        expect(t.rankWithoutFairness).toBe(i + 1);
        expect(a.items[i]!.score).toBe(t.blended);
        if (i > 0) expect(a.trace.items[i - 1]!.blended).toBeGreaterThanOrEqual(t.blended);
      });
    }
  });

  it('the trace gives each item its lift and its rank without fairness (the lambda-0 slate)', () => {
    const fair = fitted({ fairness: { rerank: { lambda: 0.1 } } });
    const plain = fitted({ fairness: { rerank: { lambda: 0 }, record: false } });
    const t0 = fair.dataset.referenceTime;
    for (let r = 0; r < 400; r++) fair.recommend(users[(r * 7) % users.length]!, { now: t0 + r * 60_000 });
    const now = t0 + 400 * 60_000;
    let lifted = 0;
    let moved = 0;
    for (const u of users.slice(0, 80)) {
      const a = fair.recommend(u, { now, record: false });
      const b = plain.recommend(u, { now });
      const plainRank = new Map(b.items.map((i) => [i.productId, i.rank] as const));
      a.trace.items.forEach((t, i) => {
        expect(t.rankWithoutFairness).toBe(plainRank.get(t.productId) ?? null);
        expect(a.items[i]!.score).toBeCloseTo(t.blended + t.lift, 6);
        expect(t.lift).toBeGreaterThanOrEqual(0);
        expect(t.lift).toBeLessThanOrEqual(Math.fround(0.1));
        if (t.lift > 0) lifted++;
        if (t.stage === 'fairness-lift') {
          moved++;
          expect(t.lift).toBeGreaterThan(0);
          expect(t.rankWithoutFairness).not.toBe(i + 1);
        }
      });
    }
    // A warm ledger on this Zipf marketplace does lift (and move) items: the checks above ran.
    expect(lifted).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0);
  });
});

describe('a constructed lift', () => {
  /** A user, the plain slate of 30 and a merchant absent from its top 10 but with a candidate at rank 11..30. */
  function setUp(): { user: string; starved: string; best: number; plainRank: number; now: number } {
    const plain = fitted({ fairness: { rerank: { lambda: 0 }, record: false } });
    const now = plain.dataset.referenceTime + HOUR;
    for (const user of users) {
      const slate = plain.recommend(user, { now, n: 30 });
      const top = new Set(slate.items.slice(0, 10).map((i) => i.merchantId));
      const item = slate.items.slice(10).find((i) => !top.has(i.merchantId));
      if (item !== undefined) {
        return { user, starved: item.merchantId, best: slate.trace.items[item.rank - 1]!.blended, plainRank: item.rank, now };
      }
    }
    throw new Error('no user with a merchant outside the top 10');
  }

  it('explain() says the item was lifted because its merchant is below its exposure share', () => {
    const { user, starved, plainRank, now } = setUp();
    // Damping off: the merchant's whole lift lands on each of its candidates (the damped share is
    // tested in tests/fairness/rerank.test.ts).
    const rec = fitted({ fairness: { rerank: { lambda: 1, relevanceFloor: 0, popularityDamping: 0 } } });
    rec.ledger.restore(starvedLedger(rec, starved, now));
    const slate = rec.recommend(user, { now, n: 10, record: false });
    // Every candidate of `starved` gets +1 and nobody else anything: they open the slate.
    const first = slate.items[0]!;
    expect(first.merchantId).toBe(starved);
    const t = slate.trace.items[0]!;
    expect(t.lift).toBe(1);
    expect(t.stage).toBe('fairness-lift');
    expect(t.rankWithoutFairness === null || t.rankWithoutFairness > 1).toBe(true);
    expect(slate.trace.items.filter((x) => x.merchantId !== starved).every((x) => x.lift === 0)).toBe(true);
    expect(first.reasons).toContain(`lifted by fairness: merchant ${starved} below its exposure share`);
    const lines = rec.explain(slate).items[0]!.lines;
    const line = lines.find((l) => l.startsWith('lifted by fairness'));
    expect(line).toBeDefined();
    expect(line).toContain(`lifted by fairness: merchant ${starved} below its exposure share (+1.000)`);
    expect(line).toMatch(t.rankWithoutFairness === null ? /brought it into the slate/ : /moved it from rank \d+ to 1/);
    // The plain slate had the merchant's best candidate at plainRank > 10.
    expect(plainRank).toBeGreaterThan(10);
  });

  it('relevanceFloor holds through the engine: candidates below it are never lifted', () => {
    const { user, starved, best, now } = setUp();
    const plain = fitted({ fairness: { rerank: { lambda: 0 }, record: false } }).recommend(user, { now, record: false });
    // Floor just above the starved merchant's best candidate: nothing of it may be lifted.
    // An absolute floor on the [0, 1] blend (the default is a share of the plain slate's n-th score).
    const absolute = { floorReference: 'absolute', exploration: { share: 0 } } as const;
    const above = fitted({ fairness: { rerank: { ...absolute, lambda: 1, relevanceFloor: Math.min(1, best + 1e-4) } } });
    above.ledger.restore(starvedLedger(above, starved, now));
    const blocked = above.recommend(user, { now, record: false });
    expect(blocked.items.map((i) => i.productId)).toEqual(plain.items.map((i) => i.productId));
    expect(blocked.trace.items.every((t) => t.lift === 0)).toBe(true);
    // Floor at its best candidate: that candidate is lifted into the slate.
    const at = fitted({ fairness: { rerank: { ...absolute, lambda: 1, relevanceFloor: Math.fround(best) } } });
    at.ledger.restore(starvedLedger(at, starved, now));
    const opened = at.recommend(user, { now, record: false });
    expect(opened.items[0]!.merchantId).toBe(starved);
    for (const t of opened.trace.items) if (t.lift > 0) expect(t.blended).toBeGreaterThanOrEqual(Math.fround(best));
  });
});

describe('slate guards on real slates of fixtures/marketplace', () => {
  it('maxPerMerchant caps every slate', () => {
    const rec = fitted({ fairness: { rerank: { lambda: 0.1, maxPerMerchant: 2 } } });
    const plain = fitted({ fairness: { rerank: { lambda: 0 }, record: false } });
    const t0 = rec.dataset.referenceTime;
    let cappedSomewhere = false;
    users.forEach((u, r) => {
      const now = t0 + r * 60_000;
      const slate = rec.recommend(u, { now });
      expect(slate.items).toHaveLength(10);
      const per = new Map<string, number>();
      for (const i of slate.items) per.set(i.merchantId, (per.get(i.merchantId) ?? 0) + 1);
      for (const c of per.values()) expect(c).toBeLessThanOrEqual(2);
      const plainPer = new Map<string, number>();
      for (const i of plain.recommend(u, { now }).items) plainPer.set(i.merchantId, (plainPer.get(i.merchantId) ?? 0) + 1);
      if ([...plainPer.values()].some((c) => c > 2)) cappedSomewhere = true;
    });
    // The head merchant (93 of 400 products) fills plain slates: the cap really bit.
    expect(cappedSomewhere).toBe(true);
  });

  it('FA*IR: every prefix holds the table minimum of small-tier items when the candidates allow it', () => {
    const fair = { p: 0.3, alpha: 0.1 };
    // The absolute floor of 0.3 and no exploration, so that the supply below is what FA*IR may force.
    const rec = fitted({ fairness: { rerank: { lambda: 0.05, fair, floorReference: 'absolute', relevanceFloor: 0.3, exploration: { share: 0 } } } });
    // n = 50 keeps the candidate set of n = 10 (perSignal 200, popular 50) and lists its top 50.
    const plain = fitted({ fairness: { rerank: { lambda: 0 }, record: false } });
    const table = fairTable(10, fair.p, fair.alpha).table;
    expect(table[9]).toBeGreaterThan(0);
    const tierOf = new Map(rec.dataset.merchants.ids().map((id, m) => [id, rec.tiers[m]!] as const));
    const floor = rec.config.fairness.rerank.relevanceFloor;
    const t0 = rec.dataset.referenceTime;
    let forced = 0;
    let checked = 0;
    users.forEach((u, r) => {
      const now = t0 + r * 60_000;
      const slate = rec.recommend(u, { now });
      const top50 = plain.recommend(u, { now, n: 50 });
      const supply = top50.trace.items.filter((t) => t.blended >= floor && tierOf.get(t.merchantId) === TIER_SMALL).length;
      // With at least m(10) eligible small-tier candidates, every prefix must meet the table.
      if (supply < table[9]!) return;
      checked++;
      let small = 0;
      slate.items.forEach((item, i) => {
        if (tierOf.get(item.merchantId) === TIER_SMALL) small++;
        expect(small).toBeGreaterThanOrEqual(table[i]!);
      });
      for (const t of slate.trace.items) if (t.stage === 'fairness-guard') forced++;
    });
    expect(checked).toBeGreaterThan(users.length / 2);
    // The guard did work on these slates (the plain ranking alone would fail the table).
    expect(forced).toBeGreaterThan(0);
  });
});

describe('tier-floor through the engine', () => {
  it('compares the floor with the small tier share of the whole ledger, not of the request', () => {
    // Candidates restricted to a head merchant and a small one. The ledger: the small one holds
    // 10 of the request merchants' 11 units of exposure, but a head merchant outside the request
    // holds 1000: whole-ledger small share 10 / 1011, under the floor 0.2 by (0.2 - 10/1011) / 0.2.
    // Damping off, so that each small candidate's lift is the merchant's.
    const rec = fitted({ fairness: { rerank: { lambda: 0.5, policy: 'tier-floor', smallShare: 0.2, relevanceFloor: 0, popularityDamping: 0 } } });
    const tier = new Map(data.merchants.map((m) => [m.id, m.tier] as const));
    expect([tier.get('m-014'), tier.get('m-035'), tier.get('m-006'), tier.get('m-031')]).toEqual(['head', 'small', 'head', 'small']);
    const now = rec.dataset.referenceTime + HOUR;
    const values = new Map<string, readonly [number, number]>([
      ['m-014', [1, 1]],
      ['m-035', [10, 1]],
      ['m-006', [1000, 1]],
      ['m-031', [0, 1]],
    ]);
    rec.ledger.restore(ledgerOf(values, now, rec.ledger.options.halfLifeMs));
    const pair = new Set(['m-014', 'm-035']);
    const slate = rec.recommend(users[0]!, { now, record: false, filter: (p) => pair.has(p.merchantId) });
    const expected = 0.5 * ((0.2 - 10 / 1011) / 0.2);
    const small = slate.trace.items.filter((t) => t.merchantId === 'm-035');
    expect(small.length).toBeGreaterThan(0);
    for (const t of small) expect(t.lift).toBeCloseTo(expected, 6);
    for (const t of slate.trace.items) if (t.merchantId === 'm-014') expect(t.lift).toBe(0);
    // The request's own share, 10 / 11, would have met the floor: no lift at all.
  });
});

// Merit and the small-tier source. Weights chosen so that leaving popularity out of the merit
// visibly moves it (popularity 0.5 of 3.5).
const MERIT_SIGNALS: RecommenderConfigInput['signals'] = [
  { type: 'ials', weight: 1 },
  { type: 'item-knn', weight: 2 },
  { type: 'popularity', weight: 0.5 },
];

function fittedMerit(config: RecommenderConfigInput = {}): Recommender {
  return fitted({ signals: MERIT_SIGNALS, ...config });
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

/**
 * The merit blend of iALS (weight 1) and item-kNN (2) without popularity, by the documented formula
 * (docs/design.md, "Blend"): over the signals with an opinion on the candidate, shrunk with the
 * default prior (weight 2, value 0: k = 2 W, W = 3) and reported as s (W + k) / W = 3 s.
 */
function meritWithoutPopularity(t: Slate['trace']['items'][number]): number {
  const w = [1, 2];
  let num = 0;
  let den = 0;
  for (let s = 0; s < 2; s++) {
    if (t.raw[s] === null) continue;
    num += w[s]! * t.normalised[s]!;
    den += w[s]!;
  }
  return (3 * num) / (den + 6);
}

function expectSameSums(actual: Map<string, number>, expected: Map<string, number>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [m, v] of expected) expect(actual.get(m)).toBeCloseTo(v, 3);
}

describe('fairness.meritExclude: what the ledger counts as merit', () => {
  it('by default the merit is the blend without popularity, weights renormalised, summed per merchant', () => {
    const rec = fittedMerit();
    const { slate, merit } = everyCandidate(rec, users[0]!);
    expect(slate.trace.blend.signals).toEqual(['ials', 'item-knn', 'popularity']);
    // (1 x ials + 2 x item-knn) over the signals with an opinion, not the ranking blend with popularity
    const expected = perMerchant(slate, meritWithoutPopularity);
    expectSameSums(merit, expected);
    const withPopularity = perMerchant(slate, (t) => t.blended);
    const moved = [...expected].filter(([m, v]) => Math.abs(v - withPopularity.get(m)!) > 0.05);
    expect(moved.length).toBeGreaterThan(5);
  });

  it('meritExclude [] records the ranking blend itself', () => {
    const rec = fittedMerit({ fairness: { meritExclude: [] } });
    const { slate, merit } = everyCandidate(rec, users[1]!);
    expectSameSums(merit, perMerchant(slate, (t) => t.blended));
  });

  it('under z-score normalisation the merit blend is rescaled to [0, 1] like the ranking blend', () => {
    const rec = fittedMerit({ normalisation: 'z-score' });
    const { slate, merit } = everyCandidate(rec, users[4]!);
    const raw = slate.trace.items.map(meritWithoutPopularity);
    const lo = Math.min(...raw);
    const hi = Math.max(...raw);
    expect(hi).toBeGreaterThan(lo);
    const expected = new Map<string, number>();
    slate.trace.items.forEach((t, i) => expected.set(t.merchantId, (expected.get(t.merchantId) ?? 0) + (raw[i]! - lo) / (hi - lo)));
    expectSameSums(merit, expected);
  });

  it('a user only popularity has an opinion on (cold start) records the ranking blend: the model sees nothing else', () => {
    const rec = fittedMerit();
    const { slate, merit } = everyCandidate(rec, 'someone-new');
    expect(slate.trace.coldStart).toBe(true);
    expectSameSums(merit, perMerchant(slate, (t) => t.blended));
    expect([...merit.values()].some((v) => v > 0)).toBe(true);
  });

  it('the merit it records does not change the slates of lambda 0 (ranking is the full blend)', () => {
    const a = fittedMerit({ fairness: { rerank: { lambda: 0 } } });
    const b = fittedMerit({ fairness: { rerank: { lambda: 0 }, meritExclude: [] } });
    const now = a.dataset.referenceTime + HOUR;
    for (const u of users.slice(0, 10)) {
      expect(a.recommend(u, { now }).items.map((i) => i.productId)).toEqual(b.recommend(u, { now }).items.map((i) => i.productId));
    }
  });

  it('an unknown signal type is refused with its JSON path', () => {
    expect(() => createRecommender({ fairness: { meritExclude: ['populartiy'] } })).toThrow(ConfigError);
    expect(() => createRecommender({ fairness: { meritExclude: ['ials', 'populartiy'] } })).toThrow(
      expect.objectContaining({ path: 'fairness.meritExclude.1', message: expect.stringContaining('unknown signal type "populartiy"') }),
    );
  });
});

describe('candidates.smallTier: small merchants reach the candidates', () => {
  const tight = { perSignal: 5, popular: 5, max: 1000 };

  it("adds each signal's top products among the small tier's, under source 'small-tier'", () => {
    const rec = fittedMerit({ candidates: { ...tight, smallTier: 4 } });
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
    // The ledger's merit reaches small merchants the plain candidates leave out (a merchant whose
    // candidates no merit signal has an opinion on gains no merit: evidence, not presence).
    const without = fittedMerit({ candidates: { ...tight, smallTier: 0 } });
    rec.recommend(user, { now });
    without.recommend(user, { now });
    const merchants = (r: Recommender): Set<string> => new Set(r.ledger.snapshot(now).entries.filter((e) => e.merit > 0).map((e) => e.merchantId));
    const gained = [...merchants(rec)].filter((m) => !merchants(without).has(m));
    expect(gained.filter((m) => rec.tiers[ds.merchants.indexOf(m)] === TIER_SMALL).length).toBeGreaterThan(0);
  });

  it('is off at 0 (the default): no such source; on, it adds candidates', () => {
    const off = fittedMerit({ candidates: tight });
    const now = off.dataset.referenceTime + HOUR;
    const slate = off.recommend(users[2]!, { now, record: false });
    expect(slate.trace.candidates.bySource.map(([name]) => name)).toEqual(['ials', 'item-knn', 'popularity', 'popular']);
    const on = fittedMerit({ candidates: { ...tight, smallTier: 4 } }).recommend(users[2]!, { now, record: false });
    expect(on.trace.candidates.total).toBeGreaterThan(slate.trace.candidates.total);
  });

  it('brings small merchants no other source proposed into the ledger merit', () => {
    const merchantsAfter = (smallTier: number): Set<string> => {
      const rec = fittedMerit({ candidates: { ...tight, smallTier } });
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
    const rec = fittedMerit();
    for (const m of added) expect(rec.tiers[rec.dataset.merchants.indexOf(m)]).toBe(TIER_SMALL);
    expect(added.some((m) => tierOf.get(m) === 'small')).toBe(true);
  });
});
