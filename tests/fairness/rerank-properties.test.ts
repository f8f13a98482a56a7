import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import {
  createRerankConfig,
  deriveTiers,
  ExposureLedger,
  fairTable,
  rerank,
  TIER_SMALL,
  type LedgerSnapshot,
  type RerankConfigInput,
  type RerankInput,
} from '../../src/fairness/index.js';

interface Case {
  readonly input: RerankInput;
  readonly snapshot: LedgerSnapshot;
}

/** Random requests: up to 60 candidates over up to 8 merchants, scores on a coarse grid (many ties). */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    merchants: fc.integer({ min: 1, max: 8 }),
    candidates: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 9 })), { maxLength: 60 }),
    ledger: fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 40 })), fc.integer({ min: 0, max: 40 })), {
      minLength: 8,
      maxLength: 8,
    }),
    tiers: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 8 }),
    n: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ merchants, candidates, ledger, tiers, n }) => {
    const merchantIds = Array.from({ length: merchants }, (_, m) => (m === 0 ? '__proto__' : `m${m}`));
    const scores = Float32Array.from(candidates, ([s, , nan]) => (nan && s === 7 ? Number.NaN : s / 20));
    const merchantOf = Int32Array.from(candidates, ([, m]) => m % merchants);
    const entries = [];
    for (let m = 0; m < merchants; m++) {
      const [e, me] = ledger[m]!;
      if (e !== null) entries.push({ merchantId: merchantIds[m]!, exposure: e / 4, merit: me / 4 });
    }
    let exposure = 0;
    let merit = 0;
    for (const e of entries) {
      exposure += e.exposure;
      merit += e.merit;
    }
    const l = new ExposureLedger();
    l.restore({ version: 1, at: 0, halfLifeMs: 86_400_000, partial: false, entries, totals: { exposure, merit, merchants: entries.length } });
    const tierOf = Uint8Array.from(tiers.slice(0, merchants));
    // Most candidates evidenced, one in ten not (only the baseline or nothing has an opinion).
    const evidenced = Uint8Array.from(candidates, ([, , , e]) => (e === 0 ? 0 : 1));
    return { input: { scores, merchantOf, merchantIds, tierOf, n, evidenced }, snapshot: l.snapshot(0) };
  });

const configArb: fc.Arbitrary<RerankConfigInput> = fc.record({
  lambda: fc.constantFrom(0, 0.05, 0.1, 0.5, 1, 2),
  policy: fc.constantFrom('merit', 'equal', 'tier-floor'),
  reference: fc.constantFrom('mean', 'max'),
  relevanceFloor: fc.constantFrom(0, 0.3, 0.5, 0.9),
  floorReference: fc.constantFrom('slate' as const, 'absolute' as const),
  maxPerMerchant: fc.constantFrom(null, 1, 2, 3),
  fair: fc.constantFrom(null, { p: 0.2, alpha: 0.1 }, { p: 0.5, alpha: 0.1, adjust: false }),
  depth: fc.constantFrom(1, 3, 10, 100, null),
  liftScale: fc.constantFrom('score', 'reach'),
  exploration: fc.record({ share: fc.constantFrom(0, 0.1, 0.3, 0.6), untilExposure: fc.constantFrom(0, 1, 5) }),
});

/** Candidates sorted by score desc, ties by position (NaN excluded): the unfair ranking. */
function unfairOrder(scores: Float32Array): number[] {
  const idx: number[] = [];
  for (let c = 0; c < scores.length; c++) if (!Number.isNaN(scores[c]!)) idx.push(c);
  return idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

const RUNS = { seed: 42, numRuns: 300 };

describe('rerank properties (fast-check)', () => {
  it('output is a permutation of a subset of the eligible candidates, guards respected', () => {
    fc.assert(
      fc.property(caseArb, configArb, ({ input, snapshot }, cfgIn) => {
        const config = createRerankConfig(cfgIn);
        const r = rerank(input, snapshot, config);
        const eligible = unfairOrder(input.scores).length;
        expect(r.order.length).toBeLessThanOrEqual(Math.min(input.n, eligible));
        if (config.maxPerMerchant === null) expect(r.order.length).toBe(Math.min(input.n, eligible));
        expect(new Set(r.order).size).toBe(r.order.length);
        const perMerchant = new Map<number, number>();
        for (const c of r.order) {
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThan(input.scores.length);
          expect(Number.isNaN(input.scores[c]!)).toBe(false);
          const m = input.merchantOf[c]!;
          perMerchant.set(m, (perMerchant.get(m) ?? 0) + 1);
        }
        if (config.maxPerMerchant !== null) for (const v of perMerchant.values()) expect(v).toBeLessThanOrEqual(config.maxPerMerchant);
        for (let i = 0; i < r.order.length; i++) {
          expect(Number.isFinite(r.adjusted[i]!)).toBe(true);
          expect(r.lift[i]!).toBeGreaterThanOrEqual(0);
          expect(r.lift[i]!).toBeLessThanOrEqual(Math.fround(config.lambda));
        }
        // without FA*IR, the output is sorted by adjusted score
        if (config.fair === null) for (let i = 1; i < r.order.length; i++) expect(r.adjusted[i - 1]!).toBeGreaterThanOrEqual(r.adjusted[i]!);
      }),
      RUNS,
    );
  });

  it('no candidate below the floor is lifted or forced', () => {
    fc.assert(
      fc.property(caseArb, configArb, ({ input, snapshot }, cfgIn) => {
        const config = createRerankConfig(cfgIn);
        const r = rerank(input, snapshot, config);
        // The floor the request used: the absolute one, or that share of the plain slate's n-th score.
        expect(r.floor!).toBeGreaterThanOrEqual(0);
        if (config.floorReference === 'absolute') expect(r.floor).toBe(config.relevanceFloor);
        for (let i = 0; i < r.order.length; i++) {
          const s = input.scores[r.order[i]!]!;
          if (s < r.floor!) {
            expect(r.lift[i]).toBe(0);
            expect(r.forced[i]).toBe(0);
            expect(r.adjusted[i]).toBe(s);
          }
        }
      }),
      RUNS,
    );
  });

  it('lambda = 0 without guards is exactly the unfair ranking', () => {
    fc.assert(
      fc.property(caseArb, configArb, ({ input, snapshot }, cfgIn) => {
        const config = createRerankConfig({ ...cfgIn, lambda: 0, maxPerMerchant: null, fair: null });
        const r = rerank(input, snapshot, config);
        expect(Array.from(r.order)).toEqual(unfairOrder(input.scores).slice(0, input.n));
        expect(r.lift.every((v) => v === 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it('depth: no candidate outside the plain top depth is lifted or forced', () => {
    fc.assert(
      fc.property(caseArb, configArb, ({ input, snapshot }, cfgIn) => {
        const config = createRerankConfig(cfgIn);
        const r = rerank(input, snapshot, config);
        const plainRank = new Map(unfairOrder(input.scores).map((c, i) => [c, i]));
        for (let i = 0; i < r.order.length; i++) {
          const c = r.order[i]!;
          if (config.depth !== null && plainRank.get(c)! >= config.depth) {
            expect(r.lift[i]).toBe(0);
            expect(r.forced[i]).toBe(0);
            expect(r.adjusted[i]).toBe(input.scores[c]);
          }
        }
      }),
      RUNS,
    );
  });

  it('depth >= the candidate count gives exactly the unlimited result', () => {
    fc.assert(
      fc.property(caseArb, configArb, fc.nat(5), ({ input, snapshot }, cfgIn, extra) => {
        const unlimited = rerank(input, snapshot, createRerankConfig({ ...cfgIn, depth: null }));
        const deep = rerank(input, snapshot, createRerankConfig({ ...cfgIn, depth: Math.max(1, unfairOrder(input.scores).length + extra) }));
        expect(deep).toEqual(unlimited);
      }),
      RUNS,
    );
  });

  it('FA*IR with a depth: every prefix holds m(i) small-tier items while ones in reach remain', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(1, 2, 5, 12), ({ input, snapshot }, depth) => {
        const fair = { p: 0.5, alpha: 0.15, adjust: false };
        const r = rerank(input, snapshot, createRerankConfig({ lambda: 0.1, fair, relevanceFloor: 0.3, depth }));
        if (r.order.length === 0) return;
        const table = fairTable(r.order.length, fair.p, fair.alpha, { adjust: false }).table;
        const supply = unfairOrder(input.scores)
          .slice(0, depth)
          .filter((c) => input.scores[c]! >= 0.3 && input.tierOf![input.merchantOf[c]!] === TIER_SMALL).length;
        let small = 0;
        for (let i = 0; i < r.order.length; i++) {
          if (input.tierOf![input.merchantOf[r.order[i]!]!] === TIER_SMALL) small++;
          expect(small).toBeGreaterThanOrEqual(Math.min(table[i]!, supply));
        }
      }),
      RUNS,
    );
  });

  it('FA*IR: every prefix holds m(i) small-tier items while eligible ones remain', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom({ p: 0.2, alpha: 0.1 }, { p: 0.5, alpha: 0.15, adjust: false }), ({ input, snapshot }, fair) => {
        const config = createRerankConfig({ lambda: 0.1, fair, relevanceFloor: 0.3 });
        const r = rerank(input, snapshot, config);
        if (r.order.length === 0) return;
        const table = fairTable(r.order.length, fair.p, fair.alpha, { adjust: fair.adjust ?? true }).table;
        let supply = 0;
        for (let c = 0; c < input.scores.length; c++) {
          if (input.scores[c]! >= 0.3 && input.tierOf![input.merchantOf[c]!] === TIER_SMALL) supply++;
        }
        let small = 0;
        for (let i = 0; i < r.order.length; i++) {
          if (input.tierOf![input.merchantOf[r.order[i]!]!] === TIER_SMALL) small++;
          expect(small).toBeGreaterThanOrEqual(Math.min(table[i]!, supply));
        }
      }),
      RUNS,
    );
  });

  it('a merchant whose exposure share already reaches its merit share is never lifted (default reference, any merit prior)', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(0.05, 0.1, 1), fc.constantFrom(0, 0.5, 3), ({ input, snapshot }, lambda, meritPrior) => {
        const r = rerank(input, snapshot, createRerankConfig({ lambda, relevanceFloor: 0, meritPrior }));
        // The merit share counts the prior: M' = M + meritPrior * (sum M / ledger merchants).
        const { exposure: sumE, merit: sumM, merchants } = snapshot.totals;
        const prior = merchants > 0 ? (meritPrior * sumM) / merchants : 0;
        const sumPrior = sumM + prior * merchants;
        const reached = (e: { exposure: number; merit: number }): boolean =>
          sumE > 0 && sumM > 0 && e.exposure / sumE >= (e.merit + prior) / sumPrior;
        for (const e of snapshot.entries) {
          const m = input.merchantIds.indexOf(e.merchantId);
          if (m < 0) continue;
          if (reached(e)) expect(r.merchantLift[m]).toBe(0);
        }
        for (let i = 0; i < r.order.length; i++) {
          const id = input.merchantIds[input.merchantOf[r.order[i]!]!]!;
          const e = snapshot.entries.find((x) => x.merchantId === id);
          if (e !== undefined && reached(e)) expect(r.lift[i]).toBe(0);
        }
      }),
      RUNS,
    );
  });
});

/**
 * A long request stream: 40 merchants with Zipf weights (how often they show up among candidates)
 * and Zipf-like relevance (head merchants' products score higher: the Matthew effect), 40
 * candidates per request normalised to percentile ranks, a slate of 10, recorded into a ledger
 * one minute apart. Returns the small tier's share of all slate exposure over the stream.
 */
function smallShareOverStream(lambda: number, seed: number, requests: number, extra: RerankConfigInput = {}): number {
  const rng = new Rng(seed);
  const M = 40;
  const C = 40;
  const n = 10;
  const merchantIds = Array.from({ length: M }, (_, i) => `m${i}`);
  const weight = Float64Array.from({ length: M }, (_, i) => 1 / (i + 1));
  let wsum = 0;
  for (const w of weight) wsum += w;
  const tierOf = deriveTiers(weight);
  const quality = Float64Array.from({ length: M }, (_, i) => (1 / (i + 1)) ** 0.5);
  const ledger = new ExposureLedger();
  const config = createRerankConfig({ ...extra, lambda, relevanceFloor: 0.3 });
  const shown = new Float64Array(M);
  const merchantOf = new Int32Array(C);
  const raw = new Float64Array(C);
  const scores = new Float32Array(C);
  const idx = Array.from({ length: C }, (_, i) => i);
  for (let r = 0; r < requests; r++) {
    const t = r * 60_000;
    for (let c = 0; c < C; c++) {
      let u = rng.next() * wsum;
      let m = 0;
      while (m < M - 1 && u >= weight[m]!) {
        u -= weight[m]!;
        m++;
      }
      merchantOf[c] = m;
      raw[c] = quality[m]! * Math.exp(rng.normal());
    }
    idx.sort((a, b) => raw[b]! - raw[a]! || a - b);
    for (let k = 0; k < C; k++) scores[idx[k]!] = 1 - k / C;
    const res = rerank({ scores, merchantOf, merchantIds, tierOf, n }, ledger.snapshot(t, merchantIds), config);
    const slate = Int32Array.from(res.order, (c) => merchantOf[c]!);
    for (let i = 0; i < slate.length; i++) shown[slate[i]!]! += res.exposure[i]!;
    ledger.record({ merchantIds, slateMerchants: slate, candidateMerchants: merchantOf, candidateRelevance: scores }, t);
  }
  let all = 0;
  let small = 0;
  for (let m = 0; m < M; m++) {
    all += shown[m]!;
    if (tierOf[m] === TIER_SMALL) small += shown[m]!;
  }
  return small / all;
}

describe('rerank over a simulated request stream', () => {
  it.each<[string, RerankConfigInput]>([
    ['default', {}],
    ["depth 20, liftScale 'reach'", { depth: 20, liftScale: 'reach' }],
  ])('raising lambda never lowers the small tier exposure share (%s)', (_name, extra) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const lambdas = [0, 0.05, 0.2, 0.5];
        const shares = lambdas.map((l) => smallShareOverStream(l, seed, 600, extra));
        for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeGreaterThanOrEqual(shares[i - 1]!);
        // and the effect is real, not a tie
        expect(shares[3]!).toBeGreaterThan(shares[0]! * 1.5);
      }),
      { seed: 42, numRuns: 4 },
    );
  });
});
