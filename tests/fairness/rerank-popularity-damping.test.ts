/**
 * `popularityDamping`: each candidate's lift times `(1 - q)^damping`, q its popularity percentile
 * among the candidates (NaN: no popularity opinion, taken as 0), hand-computed.
 *
 * Six candidates, scores 0.875, 0.75, 0.625, 0.5, 0.375, 0.25 of merchants a, a, b, c, d, e
 * (candidate 3, of c, lacks evidence). The ledger saw one slate showing a, merit 1 for every
 * merchant, meritPrior 0: b..e get the full merchant lift lambda = 0.5, a none. Absolute floor 0:
 * every evidenced candidate is in reach.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createRerankConfig, ExposureLedger, LIFT_REASONS, rerank, type RerankInput } from '../../src/fairness/index.js';
import { migrateModelBody } from '../../src/engine/model-migrations.js';

const merchantIds = ['a', 'b', 'c', 'd', 'e'];
const ledger = new ExposureLedger();
ledger.record({ merchantIds, slateMerchants: Int32Array.of(0), candidateMerchants: Int32Array.of(0, 1, 2, 3, 4), candidateRelevance: [1, 1, 1, 1, 1] }, 0);
const SNAPSHOT = ledger.snapshot(0);
const config = (popularityDamping: number, popularityDampingScope: 'all' | 'outside-slate' = 'all') =>
  createRerankConfig({ lambda: 0.5, meritPrior: 0, relevanceFloor: 0, floorReference: 'absolute', popularityDamping, popularityDampingScope });
const input = (popularity: Float32Array, n: number): RerankInput => ({
  scores: Float32Array.of(0.875, 0.75, 0.625, 0.5, 0.375, 0.25),
  merchantOf: Int32Array.of(0, 0, 1, 2, 3, 4),
  merchantIds,
  n,
  evidenced: Uint8Array.of(1, 1, 1, 0, 1, 1),
  popularity,
});

describe('popularityDamping', () => {
  it('gives a merchant lift to its less popular candidates', () => {
    // q: b's candidate 0.75, d's 0, e's 0.5. Damping 2: shares 0.0625, 1, 0.25; keys 0.625 + 0.03125
    // = 0.65625, 0.375 + 0.5 = 0.875 (ties candidate 0, the smaller position first), 0.25 + 0.125.
    const pop = Float32Array.of(1, 0.9, 0.75, 0.2, 0, 0.5);
    const r = rerank(input(pop, 3), SNAPSHOT, config(2));
    expect(Array.from(r.order)).toEqual([0, 4, 1]);
    expect(Array.from(r.lift)).toEqual([0, 0.5, 0]);
    expect(Array.from(r.adjusted)).toEqual([0.875, 0.875, 0.75]);
    // Without damping b's candidate takes the top: 0.625 + 0.5 = 1.125.
    expect(Array.from(rerank(input(pop, 3), SNAPSHOT, config(0)).order)).toEqual([2, 0, 4]);
    // The same with no percentiles given.
    expect(Array.from(rerank({ ...input(pop, 3), popularity: undefined }, SNAPSHOT, config(2)).order)).toEqual([2, 0, 4]);
  });

  it('says why a lifted merchant\'s most popular candidate got nothing, and takes no opinion (NaN) as the tail', () => {
    // b's candidate at q = 1 gets share 0 (key 0.625); e's candidate has no popularity opinion: full
    // lift, 0.25 + 0.5 = 0.75, after candidate 1 (0.75, smaller position). n = 5.
    const pop = Float32Array.of(1, 0.9, 1, 0.2, 0, Number.NaN);
    const r = rerank(input(pop, 5), SNAPSHOT, config(1));
    expect(Array.from(r.order)).toEqual([0, 4, 1, 5, 2]);
    expect(Array.from(r.lift)).toEqual([0, 0.5, 0, 0.5, 0]);
    expect(Array.from(r.why!, (w) => LIFT_REASONS[w])).toEqual([
      'merchant at or above its exposure share',
      'lifted',
      'merchant at or above its exposure share',
      'lifted',
      'popular already: the lift goes to less popular products (popularityDamping)',
    ]);
  });

  it("scope 'outside-slate' (the default) damps only the candidates outside the plain slate", () => {
    // n = 3: the plain slate is candidates 0, 1, 2. q: b's candidate 2 (inside) 0.75, d's 4
    // (outside) 0.8, e's 5 (outside) 0.5; damping 1. Candidate 2 keeps its full lift, 0.625 + 0.5
    // = 1.125; candidate 4 gets 0.2 of it, 0.375 + 0.1 = 0.475, and 5 half, 0.25 + 0.25 = 0.5:
    // neither displaces candidate 1 (0.75).
    const pop = Float32Array.of(1, 0.9, 0.75, 0.2, 0.8, 0.5);
    const r = rerank(input(pop, 3), SNAPSHOT, config(1, 'outside-slate'));
    expect(Array.from(r.order)).toEqual([2, 0, 1]);
    expect(Array.from(r.lift)).toEqual([0.5, 0, 0]);
    expect(Array.from(r.adjusted)).toEqual([1.125, 0.875, 0.75]);
    expect(createRerankConfig({ popularityDamping: 1 }).popularityDampingScope).toBe('outside-slate');
    // Scope 'all' damps candidate 2 too (0.625 + 0.125 = 0.75, after candidate 1 on the tie);
    // no damping pulls the popular candidate 4 in (0.375 + 0.5 = 0.875, after candidate 0 on the tie).
    expect(Array.from(rerank(input(pop, 3), SNAPSHOT, config(1, 'all')).order)).toEqual([0, 1, 2]);
    expect(Array.from(rerank(input(pop, 3), SNAPSHOT, config(0, 'outside-slate')).order)).toEqual([2, 0, 4]);
    // The plain slate is the same under a slate-relative floor (the scope reads the same n-th candidate).
    const slateFloor = createRerankConfig({ lambda: 0.5, meritPrior: 0, relevanceFloor: 0, popularityDamping: 1 });
    expect(Array.from(rerank(input(pop, 3), SNAPSHOT, slateFloor).order)).toEqual([2, 0, 1]);
  });

  it('refuses a damping outside [0, 16]', () => {
    expect(() => createRerankConfig({ popularityDamping: -1 })).toThrow(ConfigError);
    expect(() => createRerankConfig({ popularityDamping: 17 })).toThrow(/popularityDamping/);
    expect(() => createRerankConfig({ popularityDampingScope: 'inside' as never })).toThrow(/popularityDampingScope/);
  });

  it('is on by default (1, outside the plain slate); model files of version 7 keep the reranker they served with (damping 0, exploration until 5)', () => {
    expect(createRerankConfig().popularityDamping).toBe(1);
    expect(createRerankConfig().popularityDampingScope).toBe('outside-slate');
    expect(createRerankConfig().exploration.untilExposure).toBe(20);
    // Keys absent: the values of the build that wrote the file; keys present: kept.
    expect(migrateModelBody({ version: 7, config: { fairness: { rerank: { lambda: 0.3, exploration: { share: 0.1 } }, record: false } } })).toEqual({
      version: 9,
      config: { fairness: { rerank: { popularityDamping: 0, popularityDampingScope: 'all', lambda: 0.3, exploration: { share: 0.1, untilExposure: 5 } }, record: false } },
    });
    expect(migrateModelBody({ version: 7, config: { fairness: { rerank: { popularityDamping: 2, exploration: { share: 0.2, untilExposure: 8 } } } } })).toEqual({
      version: 9,
      config: { fairness: { rerank: { popularityDamping: 2, popularityDampingScope: 'all', exploration: { share: 0.2, untilExposure: 8 } } } },
    });
    const scoped = { popularityDamping: 1, popularityDampingScope: 'outside-slate' };
    expect(migrateModelBody({ version: 7, config: { fairness: { rerank: scoped } } })).toEqual({ version: 9, config: { fairness: { rerank: scoped } } });
    // A config without fairness gets the reranker it served with too; a body without a config is left alone.
    expect(migrateModelBody({ version: 7, config: { signals: [] } })).toEqual({ version: 9, config: { signals: [], fairness: { rerank: { popularityDamping: 0, popularityDampingScope: 'all' } } } });
    expect(migrateModelBody({ version: 7 })).toEqual({ version: 9 });
    // A malformed fairness or rerank block is left for the config schema to refuse, not mended.
    for (const fairness of [null, 'oops', 3, { rerank: null }, { rerank: 'x' }]) {
      expect(migrateModelBody({ version: 7, config: { fairness } })).toEqual({ version: 9, config: { fairness } });
    }
  });
});
