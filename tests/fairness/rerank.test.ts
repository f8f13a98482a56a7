import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import {
  createRerankConfig,
  emptySnapshot,
  ExposureLedger,
  rerank,
  TIER_HEAD,
  TIER_SMALL,
  type LedgerSnapshot,
} from '../../src/fairness/index.js';

/** The hand-computed cases use the first version's absolute floor of 0.3 on the [0, 1] blend. */
const ABSOLUTE_FLOOR = { floorReference: 'absolute', relevanceFloor: 0.3 } as const;

/** A full snapshot with these (exposure, merit) per merchant, through the public restore path. */
function snapshotOf(values: Record<string, [number, number]>): LedgerSnapshot {
  const entries = Object.entries(values).map(([merchantId, [exposure, merit]]) => ({ merchantId, exposure, merit }));
  let exposure = 0;
  let merit = 0;
  for (const e of entries) {
    exposure += e.exposure;
    merit += e.merit;
  }
  const ledger = new ExposureLedger();
  ledger.restore({ version: 1, at: 0, halfLifeMs: 86_400_000, partial: false, entries, totals: { exposure, merit, merchants: entries.length } });
  return ledger.snapshot(0);
}

// E: a 3, b 1, c 0, d 0.5; M: a 1, b 1, c 2, d 1. Sum E = 4.5, sum M = 5, fair rate D* = 0.9.
const LEDGER = snapshotOf({ a: [3, 1], b: [1, 1], c: [0, 2], d: [0.5, 1] });
// candidates: 0 a 0.875, 1 b 0.75, 2 c 0.8125, 3 d 0.78125, 4 c 0.25 (below the floor 0.3)
const INPUT = {
  scores: Float32Array.of(0.875, 0.75, 0.8125, 0.78125, 0.25),
  merchantOf: Int32Array.of(0, 1, 2, 3, 2),
  merchantIds: ['a', 'b', 'c', 'd'],
  n: 5,
};

describe('rerank: hand-computed lifts', () => {
  it('merit policy, mean reference: lift = lambda * clamp((D* - D) / D*, 0, 1)', () => {
    const r = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0 }));
    // D: a 3, b 1 (both >= 0.9: no lift), c 0 -> 0.125, d 0.5 -> 0.125 * 0.4 / 0.9
    const liftD = (0.125 * 0.4) / 0.9;
    expect(Array.from(r.merchantLift)).toEqual([0, 0, 0.125, Math.fround(liftD)]);
    // adjusted: a .875, b .75, c .9375, d .78125 + .0556 = .8368, c2 .25 (below floor, no lift)
    expect(Array.from(r.order)).toEqual([2, 0, 3, 1, 4]);
    expect(r.lift[0]).toBe(0.125);
    expect(r.lift[1]).toBe(0);
    expect(r.lift[2]).toBeCloseTo(liftD, 6);
    expect(r.lift[4]).toBe(0);
    expect(r.adjusted[0]).toBe(0.9375);
    expect(r.adjusted[2]).toBeCloseTo(0.78125 + liftD, 6);
    expect(r.adjusted[4]).toBe(0.25);
    expect(Array.from(r.forced)).toEqual([0, 0, 0, 0, 0]);
    expect(r.exposure[0]).toBe(1);
    expect(r.exposure[2]).toBe(0.5);
  });

  it('depth: only the top `depth` of the plain ranking (0 a, 2 c, 3 d, 1 b, 4 c2) are lifted', () => {
    // depth 2: c (plain rank 2) is lifted to .9375, d (rank 3) keeps .78125 although its merchant has a lift
    const two = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0, depth: 2 }));
    expect(Array.from(two.order)).toEqual([2, 0, 3, 1, 4]);
    expect(Array.from(two.lift)).toEqual([0.125, 0, 0, 0, 0]);
    expect(two.adjusted[2]).toBe(0.78125);
    expect(two.merchantLift[3]).toBe(Math.fround((0.125 * 0.4) / 0.9));
    // depth 1: only a (no lift) is in reach: the plain ranking
    const one = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0, depth: 1 }));
    expect(Array.from(one.order)).toEqual([0, 2, 3, 1, 4]);
    expect(Array.from(one.lift)).toEqual([0, 0, 0, 0, 0]);
    // depth >= eligible candidates or null: every candidate at or above the floor is in reach
    const all = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0, depth: null }));
    expect(rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0, depth: 5 }))).toEqual(all);
    expect(Array.from(all.order)).toEqual([2, 0, 3, 1, 4]);
  });

  it("liftScale 'reach': the lift is in units of the reach's score span", () => {
    // depth 2: span = .875 - .8125 = .0625, c's lift .125 * .0625 = .0078125 leaves it below a
    const two = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0, depth: 2, liftScale: 'reach' }));
    expect(Array.from(two.order)).toEqual([0, 2, 3, 1, 4]);
    expect(Array.from(two.lift)).toEqual([0, 0.0078125, 0, 0, 0]);
    expect(two.adjusted[1]).toBe(0.8203125);
    // everything in reach: span = .875 - .25 = .625, c .8125 + .078125 = .890625 passes a
    const all = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0, depth: null, liftScale: 'reach' }));
    expect(Array.from(all.order)).toEqual([2, 0, 3, 1, 4]);
    expect(all.adjusted[0]).toBe(0.890625);
    expect(all.adjusted[2]).toBeCloseTo(0.78125 + ((0.125 * 0.4) / 0.9) * 0.625, 6);
  });

  it("liftScale 'reach' on a percentile ranking: the same slate whatever the candidate count", () => {
    // Plain rank k = candidate k, score 1 - k/(C - 1), merchants a b c d in turn. Depth 8, lambda 1:
    // c moves up 7 places (lift 1 x span 7/(C - 1)), d 7 x 0.4/0.9 = 3.11 places.
    const slate = (C: number, liftScale: 'score' | 'reach'): number[] => {
      const input = {
        scores: Float32Array.from({ length: C }, (_, k) => 1 - k / (C - 1)),
        merchantOf: Int32Array.from({ length: C }, (_, k) => k % 4),
        merchantIds: ['a', 'b', 'c', 'd'],
        n: 10,
      };
      return Array.from(rerank(input, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: liftScale === 'reach' ? 1 : 0.125, meritPrior: 0, depth: 8, liftScale })).order);
    };
    // effective places: c2 -5, c6 -1, d3 -0.11, a0 0, b1 1, d7 3.89, a4 4, b5 5, then 8, 9 out of reach
    expect(slate(17, 'reach')).toEqual([2, 6, 3, 0, 1, 7, 4, 5, 8, 9]);
    expect(slate(33, 'reach')).toEqual([2, 6, 3, 0, 1, 7, 4, 5, 8, 9]);
    // on the score scale the same lambda moves c 2 places among 17 candidates, 4 among 33
    expect(slate(17, 'score')).toEqual([0, 2, 1, 3, 4, 6, 5, 7, 8, 9]);
    expect(slate(33, 'score')).toEqual([2, 0, 1, 3, 6, 4, 5, 7, 8, 9]);
  });

  it('meritPrior adds prior x mean merit per merchant to every merit (prior 0.5)', () => {
    // mean merit 5 / 4 = 1.25, prior 0.625: M' a 1.625, b 1.625, c 2.625, d 1.625; D* = 4.5 / 7.5 = 0.6.
    // D: a 1.85, b 0.615 (both >= 0.6: no lift), c 0 -> 0.125, d 0.5 / 1.625 = 0.3077 -> 0.125 * 0.4872.
    // e (not in the ledger) has M' = 0.625 and no exposure: the full lift (no lift without a prior).
    const input = { ...INPUT, scores: Float32Array.of(0.875, 0.75, 0.8125, 0.78125, 0.5), merchantOf: Int32Array.of(0, 1, 2, 3, 4), merchantIds: ['a', 'b', 'c', 'd', 'e'] };
    const r = rerank(input, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0.5 }));
    const liftD = 0.125 * ((0.6 - 0.5 / 1.625) / 0.6);
    expect(r.merchantLift[0]).toBe(0);
    expect(r.merchantLift[1]).toBe(0);
    expect(r.merchantLift[2]).toBe(0.125);
    expect(r.merchantLift[3]).toBeCloseTo(liftD, 7);
    expect(r.merchantLift[4]).toBe(0.125);
    // adjusted: a .875, b .75, c .9375, d .8421, e .625
    expect(Array.from(r.order)).toEqual([2, 0, 3, 1, 4]);
    expect(rerank(input, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0 })).merchantLift[4]).toBe(0);
    // a large prior approaches policy equal: b (E 1 < mean 1.125) is lifted too
    const wide = rerank(input, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 1000 }));
    expect(wide.merchantLift[1]).toBeGreaterThan(0);
    expect(wide.merchantLift[1]).toBeCloseTo(0.125 * (1 - 1 / 1.125), 3);
  });

  it("'max' reference is DESIGN.md's FairCo form and also lifts b, which is above its merit share", () => {
    const r = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, meritPrior: 0, reference: 'max' }));
    // max D = 3 (a): b 0.125 * 2/3, c 0.125, d 0.125 * 2.5/3; b has E share 1/4.5 > M share 1/5
    expect(r.merchantLift[0]).toBe(0);
    expect(r.merchantLift[1]).toBeCloseTo((0.125 * 2) / 3, 7);
    expect(r.merchantLift[2]).toBe(0.125);
    expect(r.merchantLift[3]).toBeCloseTo((0.125 * 2.5) / 3, 7);
    // adjusted: a .875, b .8333, c .9375, d .8854 -> c, d, a, b, c2
    expect(Array.from(r.order)).toEqual([2, 3, 0, 1, 4]);
  });

  it('equal policy: D = E against the mean exposure per merchant', () => {
    const r = rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, policy: 'equal' }));
    // mean E = 4.5 / 4 = 1.125: a 0, b 0.125 * 0.125/1.125, c 0.125, d 0.125 * 0.625/1.125
    expect(r.merchantLift[0]).toBe(0);
    expect(r.merchantLift[1]).toBeCloseTo(0.125 / 9, 7);
    expect(r.merchantLift[2]).toBe(0.125);
    expect(r.merchantLift[3]).toBeCloseTo((0.125 * 5) / 9, 7);
  });

  it('tier-floor policy lifts the small tier while its exposure share is under the floor', () => {
    const tierOf = Uint8Array.of(TIER_HEAD, TIER_HEAD, TIER_SMALL, TIER_SMALL);
    // small share among the request's merchants = (0 + 0.5) / 4.5 = 1/9; floor 0.2 -> gap (0.2 - 1/9) / 0.2 = 4/9
    const r = rerank({ ...INPUT, tierOf }, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, policy: 'tier-floor', smallShare: 0.2 }));
    expect(r.merchantLift[0]).toBe(0);
    expect(r.merchantLift[1]).toBe(0);
    expect(r.merchantLift[2]).toBeCloseTo((0.125 * 4) / 9, 7);
    expect(r.merchantLift[3]).toBeCloseTo((0.125 * 4) / 9, 7);
    // at a floor already met: no lift
    const met = rerank({ ...INPUT, tierOf }, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, policy: 'tier-floor', smallShare: 0.1 }));
    expect(Array.from(met.merchantLift)).toEqual([0, 0, 0, 0]);
    expect(() => rerank(INPUT, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, policy: 'tier-floor' }))).toThrow(ConfigError);
  });

  it('tier-floor takes the small share over the whole ledger from a full snapshot, over the listed merchants from a partial one', () => {
    // The LEDGER merchants plus e, a small merchant with exposure 4.5 that has no candidate here.
    const snap = snapshotOf({ a: [3, 1], b: [1, 1], c: [0, 2], d: [0.5, 1], e: [4.5, 1] });
    const ledger = new ExposureLedger();
    ledger.restore(snap);
    const merchantIds = ['a', 'b', 'c', 'd', 'e'];
    const tierOf = Uint8Array.of(TIER_HEAD, TIER_HEAD, TIER_SMALL, TIER_SMALL, TIER_SMALL);
    const input = { ...INPUT, merchantIds, tierOf };
    const config = createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.125, policy: 'tier-floor', smallShare: 0.2 });
    // Whole ledger: small share (0 + 0.5 + 4.5) / 9 = 5/9 >= 0.2, the floor is met: no lift.
    const full = rerank(input, snap, config);
    expect(Array.from(full.merchantLift)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(full.order)).toEqual([0, 2, 3, 1, 4]);
    // Partial snapshot of the request's merchants: (0 + 0.5) / 4.5 = 1/9, gap 4/9 as above.
    const partial = rerank(input, ledger.snapshot(0, ['a', 'b', 'c', 'd']), config);
    expect(partial.merchantLift[2]).toBeCloseTo((0.125 * 4) / 9, 7);
    expect(partial.merchantLift[3]).toBeCloseTo((0.125 * 4) / 9, 7);
    // And the other way round: e at exposure 0 and a head merchant f with 40.5 outside the request:
    // whole-ledger share 0.5 / 45 = 1/90 -> gap (0.2 - 1/90) / 0.2 = 17/18.
    const r = rerank(
      { ...input, merchantIds: [...merchantIds, 'f'], tierOf: Uint8Array.of(TIER_HEAD, TIER_HEAD, TIER_SMALL, TIER_SMALL, TIER_SMALL, TIER_HEAD) },
      snapshotOf({ a: [3, 1], b: [1, 1], c: [0, 2], d: [0.5, 1], e: [0, 1], f: [40.5, 1] }),
      config,
    );
    expect(r.merchantLift[2]).toBeCloseTo((0.125 * 17) / 18, 7);
    expect(r.merchantLift[3]).toBeCloseTo((0.125 * 17) / 18, 7);
    expect(r.merchantLift[0]).toBe(0);
  });

  it('a merchant with merit 0 and a cold ledger get no lift; merit > 0 and no exposure gets the most', () => {
    const snap = snapshotOf({ a: [2, 0], b: [0, 1], c: [1, 1] });
    const r = rerank(
      { scores: Float32Array.of(0.5, 0.5, 0.5, 0.5), merchantOf: Int32Array.of(0, 1, 2, 3), merchantIds: ['a', 'b', 'c', 'new'], n: 4 },
      snap,
      createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.5, meritPrior: 0 }),
    );
    // D* = 3 / 2 = 1.5: a has no merit -> 0, b D = 0 -> 0.5, c D = 1 -> 0.5 * 0.5/1.5, new (absent) -> 0
    expect(r.merchantLift[0]).toBe(0);
    expect(r.merchantLift[1]).toBe(0.5);
    expect(r.merchantLift[2]).toBeCloseTo(0.5 / 3, 7);
    expect(r.merchantLift[3]).toBe(0);
    expect(Array.from(r.order)).toEqual([1, 2, 0, 3]);
    const cold = rerank(INPUT, emptySnapshot(), createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 1 }));
    expect(Array.from(cold.order)).toEqual([0, 2, 3, 1, 4]);
    expect(Array.from(cold.lift)).toEqual([0, 0, 0, 0, 0]);
  });

  it('lambda = 0 is exactly the score order, ties by candidate position', () => {
    const r = rerank(
      { scores: Float32Array.of(0.5, 0.9, 0.5, 0.9, 0.1), merchantOf: Int32Array.of(0, 1, 2, 3, 0), merchantIds: ['a', 'b', 'c', 'd'], n: 10 },
      LEDGER,
      createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0 }),
    );
    expect(Array.from(r.order)).toEqual([1, 3, 0, 2, 4]);
    expect(Array.from(r.adjusted)).toEqual([0.9, 0.9, 0.5, 0.5, 0.1].map(Math.fround));
  });
});

describe('rerank: guards', () => {
  it('maxPerMerchant caps items per merchant (the slate may get shorter)', () => {
    const r = rerank(
      { scores: Float32Array.of(0.9, 0.8, 0.7, 0.6), merchantOf: Int32Array.of(0, 0, 0, 1), merchantIds: ['a', 'b'], n: 4 },
      emptySnapshot(),
      createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0, maxPerMerchant: 2 }),
    );
    expect(Array.from(r.order)).toEqual([0, 1, 3]);
    expect(Array.from(r.forced)).toEqual([0, 0, 0]);
  });

  it('the relevance floor: junk is never lifted', () => {
    // c is starved (D = 0) but its only candidate is below the floor
    const r = rerank(
      { scores: Float32Array.of(0.9, 0.29), merchantOf: Int32Array.of(0, 2), merchantIds: ['a', 'b', 'c'], n: 2 },
      LEDGER,
      createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 1, relevanceFloor: 0.3 }),
    );
    expect(r.merchantLift[2]).toBe(1);
    expect(Array.from(r.order)).toEqual([0, 1]);
    expect(r.lift[1]).toBe(0);
    expect(r.adjusted[1]).toBe(Math.fround(0.29));
  });

  it('FA*IR forces the best small-tier item where the table asks for one', () => {
    // 10 head items (0.95 .. 0.5), 2 small items 0.45, 0.4; table (10, 0.2, 0.15) = [0 x 8, 1, 1]
    const scores = Float32Array.of(0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4);
    const merchantOf = Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    const tierOf = Uint8Array.of(TIER_HEAD, TIER_SMALL);
    const config = createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0, fair: { p: 0.2, alpha: 0.15, adjust: false } });
    const r = rerank({ scores, merchantOf, merchantIds: ['h', 's'], tierOf, n: 10 }, emptySnapshot(), config);
    expect(Array.from(r.order)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 10, 8]);
    expect(Array.from(r.forced)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    // small items below the floor are never forced in
    const low = Float32Array.from(scores);
    low[10] = 0.2;
    low[11] = 0.1;
    const r2 = rerank({ scores: low, merchantOf, merchantIds: ['h', 's'], tierOf, n: 10 }, emptySnapshot(), config);
    expect(Array.from(r2.order)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(r2.forced)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => rerank({ scores, merchantOf, merchantIds: ['h', 's'], n: 10 }, emptySnapshot(), config)).toThrow(ConfigError);
  });

  it('FA*IR does not force when a small item is already there', () => {
    const scores = Float32Array.of(0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5);
    const merchantOf = Int32Array.of(0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    const r = rerank(
      { scores, merchantOf, merchantIds: ['h', 's'], tierOf: Uint8Array.of(TIER_HEAD, TIER_SMALL), n: 10 },
      emptySnapshot(),
      createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0, fair: { p: 0.2, alpha: 0.15 } }),
    );
    expect(Array.from(r.order)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.forced.every((f) => f === 0)).toBe(true);
  });
});

describe('rerank: input handling', () => {
  it('skips NaN scores, handles n = 0 and empty input, does not mutate its input', () => {
    const scores = Float32Array.of(0.5, Number.NaN, 0.7);
    const merchantOf = Int32Array.of(0, 1, 0);
    const before = [Array.from(scores), Array.from(merchantOf)];
    const r = rerank({ scores, merchantOf, merchantIds: ['a', 'b'], n: 5 }, LEDGER, createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: 0.3 }));
    expect(Array.from(r.order)).toEqual([2, 0]);
    expect([Array.from(scores), Array.from(merchantOf)]).toEqual(before);
    expect(rerank({ scores, merchantOf, merchantIds: ['a', 'b'], n: 0 }, LEDGER, createRerankConfig()).order.length).toBe(0);
    const empty = rerank({ scores: new Float32Array(0), merchantOf: new Int32Array(0), merchantIds: [], n: 3 }, LEDGER, createRerankConfig());
    expect(empty.order.length).toBe(0);
  });

  it('rejects inconsistent input and bad config', () => {
    const cfg = createRerankConfig();
    expect(() => rerank({ scores: Float32Array.of(1), merchantOf: Int32Array.of(), merchantIds: [], n: 1 }, LEDGER, cfg)).toThrow(DataError);
    expect(() => rerank({ scores: Float32Array.of(1), merchantOf: Int32Array.of(3), merchantIds: ['a'], n: 1 }, LEDGER, cfg)).toThrow(DataError);
    expect(() => rerank({ scores: Float32Array.of(1), merchantOf: Int32Array.of(0), merchantIds: ['a'], n: -1 }, LEDGER, cfg)).toThrow(DataError);
    expect(() => createRerankConfig({ ...ABSOLUTE_FLOOR, lambda: -1 })).toThrow(ConfigError);
    // A lift above 1 already outranks any relevance gap: lambda 10 only pushed slate scores to 10.9.
    expect(() => createRerankConfig({ lambda: 10 })).toThrow(ConfigError);
    expect(() => createRerankConfig({ lambda: 2.01 })).toThrow(/lambda/);
    expect(createRerankConfig({ lambda: 2 }).lambda).toBe(2);
    expect(() => createRerankConfig({ ...ABSOLUTE_FLOOR, lamda: 1 } as never)).toThrow(ConfigError);
    expect(createRerankConfig()).toEqual({
      lambda: 0.5,
      policy: 'merit',
      reference: 'mean',
      smallShare: 0.2,
      relevanceFloor: 0.3,
      floorReference: 'slate',
      exploration: { share: 0, untilExposure: 20 },
      meritPrior: 2,
      depth: null,
      liftScale: 'score',
      popularityDamping: 1,
      popularityDampingScope: 'outside-slate',
      maxPerMerchant: null,
      fair: null,
      exposure: { kind: 'log' },
    });
    expect(() => createRerankConfig({ ...ABSOLUTE_FLOOR, depth: 0 })).toThrow(ConfigError);
    expect(() => createRerankConfig({ ...ABSOLUTE_FLOOR, meritPrior: -0.1 })).toThrow(ConfigError);
    expect(() => createRerankConfig({ ...ABSOLUTE_FLOOR, depth: 2.5 })).toThrow(ConfigError);
    // Issue 13's bad input: an exploration share outside [0, 1) and a floor outside its range, named.
    for (const [bad, path] of [
      [{ exploration: { share: 1 } }, 'exploration.share'],
      [{ exploration: { share: -0.1 } }, 'exploration.share'],
      [{ relevanceFloor: 1.5 }, 'relevanceFloor'],
      [{ relevanceFloor: -0.2 }, 'relevanceFloor'],
      [{ floorReference: 'kth' }, 'floorReference'],
    ] as const) {
      expect(() => createRerankConfig(bad as never), path).toThrow(expect.objectContaining({ path }));
    }
  });
});
