import { describe, expect, it } from 'vitest';
import { evaluateLists } from '../../../src/evaluation/evaluate-lists.js';
import { createMetric, parseMetric } from '../../../src/evaluation/metrics/registry.js';
import { ndcg, precision, recall } from '../../../src/evaluation/metrics/index.js';
import { correctedEstimate, summariseWeights } from '../../../src/evaluation/propensity/estimators.js';
import { fitGivenPropensity } from '../../../src/evaluation/propensity/given-model.js';
import { _itemValue } from '../../../src/evaluation/propensity/item-value.js';
import type { UserPropensity } from '../../../src/evaluation/propensity/types.js';
import { ConfigError, DataError } from '../../../src/errors.js';

const log2 = Math.log2;

/** Two users: A with relevant a (propensity 0.5) and b (0.25); B with c (0.01, weight 100, clipped to 10). */
function given(clip = 10) {
  const relevant = new Map([
    ['A', new Set(['a', 'b'])],
    ['B', new Set(['c'])],
  ]);
  const items = new Map([
    ['a', 0.5],
    ['b', 0.25],
    ['c', 0.01],
  ]);
  return fitGivenPropensity({ items, source: 'test' }, relevant, clip);
}

describe('IPS, SNIPS and clipping on small lists (hand-computed)', () => {
  const fitted = given();
  const A = fitted.users.get('A')!;
  const B = fitted.users.get('B')!;

  it('weights are clipped inverse propensities: 2, 4 and 100 -> 10', () => {
    expect(A.weights).toEqual([2, 4]);
    expect(B.weights).toEqual([10]);
    const s = summariseWeights([A.weights, B.weights], 10);
    expect(s.interactions).toBe(3);
    expect(s.meanWeight).toBeCloseTo(16 / 3, 12);
    // Kish: (2 + 4 + 10)^2 / (4 + 16 + 100) = 256 / 120.
    expect(s.effectiveSampleSize).toBeCloseTo(256 / 120, 12);
    expect(s.clipped).toBe(1);
    expect(s.maxWeight).toBe(10);
  });

  it('IPS of NDCG, recall, precision and hit rate', () => {
    const ranked = ['a', 'x', 'b'];
    // NDCG@3: (2 / log2 2 + 4 / log2 4) / (1 + 1 / log2 3).
    expect(correctedEstimate('ndcg', 'ips', ranked, A, 3)).toBeCloseTo((2 + 4 / 2) / (1 + 1 / log2(3)), 12);
    // recall@2: only a in the first 2: 2 / |rel| = 2 / 2.
    expect(correctedEstimate('recall', 'ips', ranked, A, 2)).toBeCloseTo(1, 12);
    // precision@3: (2 + 4) / 3.
    expect(correctedEstimate('precision', 'ips', ranked, A, 3)).toBeCloseTo(2, 12);
    // hit rate@3: the mean weight of the hits, (2 + 4) / 2; leave-one-out: the clipped weight itself.
    expect(correctedEstimate('hit-rate', 'ips', ranked, A, 3)).toBeCloseTo(3, 12);
    expect(correctedEstimate('hit-rate', 'ips', ['c'], B, 3)).toBe(10);
    expect(correctedEstimate('hit-rate', 'ips', ['x', 'y'], A, 3)).toBe(0);
    // A repeated relevant item counts once.
    expect(correctedEstimate('precision', 'ips', ['a', 'a'], A, 2)).toBeCloseTo(1, 12);
  });

  it('SNIPS divides by the mean weight of all held-out interactions (16 / 3), through evaluateLists', () => {
    const lists = [
      { userId: 'A', ranked: ['a', 'x', 'b'], relevant: new Set(['a', 'b']) },
      { userId: 'B', ranked: ['c'], relevant: new Set(['c']) },
    ];
    const metrics = ['ndcg@3', 'ips-ndcg@3', 'snips-ndcg@3'].map(parseMetric);
    const out = evaluateLists(lists, metrics, { propensity: { users: fitted.users, meanWeight: 16 / 3 } });
    const ipsA = (2 + 4 / 2) / (1 + 1 / log2(3));
    expect(out.metrics.get('ips-ndcg@3')!.perUser).toEqual([expect.closeTo(ipsA, 12), 10]);
    expect(out.metrics.get('snips-ndcg@3')!.perUser).toEqual([expect.closeTo(ipsA / (16 / 3), 12), expect.closeTo(10 / (16 / 3), 12)]);
    expect(out.metrics.get('snips-ndcg@3')!.mean).toBeCloseTo((ipsA + 10) / 2 / (16 / 3), 12);
    // Corrected metrics are unbounded: their interval is not clipped to [0, 1].
    expect(out.metrics.get('ips-ndcg@3')!.ci95[1]).toBeGreaterThan(1);
  });

  it('with every propensity 1 the corrected metrics are the logged ones', () => {
    const relevant = new Map([['A', new Set(['a', 'b', 'c'])]]);
    const ones = fitGivenPropensity({ items: new Map([['a', 1], ['b', 1], ['c', 1]]) }, relevant, 100).users.get('A')!;
    const ranked = ['x', 'a', 'y', 'c', 'b'];
    const rel = relevant.get('A')!;
    expect(correctedEstimate('ndcg', 'ips', ranked, ones, 4)).toBeCloseTo(ndcg(ranked, rel, 4), 12);
    expect(correctedEstimate('recall', 'ips', ranked, ones, 4)).toBeCloseTo(recall(ranked, rel, 4), 12);
    expect(correctedEstimate('precision', 'ips', ranked, ones, 4)).toBeCloseTo(precision(ranked, rel, 4), 12);
  });

  it('a larger cap keeps the unclipped weight', () => {
    expect(given(1000).users.get('B')!.weights).toEqual([100]);
  });
});

describe('per-slate values of the impressions model (IPS, DR, direct method)', () => {
  const theta = (k: number): number => [1, 0.5, 0.25][k - 1]!;
  const shown = (position: number, clicked: boolean, randomised = false) => ({ position, randomised, clicked });
  // Two held-out slates: a clicked at 1 in the first; c clicked at 2 in the second; b shown in both, never clicked.
  const slates = [
    new Map([
      ['a', shown(1, true)],
      ['b', shown(2, false)],
    ]),
    new Map([
      ['b', shown(1, false)],
      ['c', shown(2, true)],
    ]),
  ];
  const deterministic = { shownRate: () => 1, unshownRate: () => 0, theta, clip: 100 };

  it('deterministic logging: the outcome where shown, the reward model where not, averaged over slates', () => {
    // a: slate 1 clicked at 1 (1 / 1), slate 2 not shown -> rhat; (1 + 0.3) / 2.
    expect(_itemValue('a', slates, 0.3, deterministic)).toEqual({ ips: 0.65, dr: 0.65 });
    // b: shown twice, never clicked: 0.
    expect(_itemValue('b', slates, 0.4, deterministic)).toEqual({ ips: 0, dr: 0 });
    // c: slate 1 not shown -> rhat 0.2; slate 2 clicked at 2: 1 / 0.5 = 2; (0.2 + 2) / 2.
    expect(_itemValue('c', slates, 0.2, deterministic)).toEqual({ ips: 1.1, dr: 1.1 });
    // Never shown: the reward model in every slate.
    expect(_itemValue('d', slates, 0.25, deterministic)).toEqual({ ips: 0.25, dr: 0.25 });
  });

  it('randomised logging with support: IPS counts 0 where not shown, DR keeps the reward model and corrects where shown', () => {
    // Every slate could show any item with probability 0.05 (>= 1 / clip = 0.01); c was shown once by randomisation.
    const random = [new Map([['c', shown(2, true, true)]]), new Map<string, ReturnType<typeof shown>>()];
    const x = { shownRate: () => 0.05, unshownRate: () => 0.05, theta, clip: 100 };
    // c: slate 1: IPS min(100, 1 / (0.05 * 0.5)) = 40; DR 0.2 * (1 - 20) + 40 = 36.2; slate 2: IPS 0, DR 0.2.
    const c = _itemValue('c', random, 0.2, x);
    expect(c.ips).toBeCloseTo(20, 12);
    expect(c.dr).toBeCloseTo((36.2 + 0.2) / 2, 12);
    // With cap 30 the weight 40 is clipped, and 1 / P = 20 is not.
    const clipped = _itemValue('c', random, 0.2, { ...x, clip: 30 });
    expect(clipped.ips).toBeCloseTo(15, 12);
    expect(clipped.dr).toBeCloseTo((0.2 * (1 - 20) + 30 + 0.2) / 2, 12);
    // Below the support floor (P < 1 / clip) the reward model values the item, clicked or not.
    expect(_itemValue('c', random, 0.2, { ...x, clip: 10 })).toEqual({ ips: 0.2, dr: 0.2 });
  });
});

describe('corrected metrics in the registry', () => {
  it('have labels estimator-metric@k, a higher-is-better direction and no dr hit rate', () => {
    const m = createMetric('snips-ndcg', 10);
    expect(m).toMatchObject({ label: 'snips-ndcg@10', kind: 'corrected', estimator: 'snips', base: 'ndcg', higherIsBetter: true, bounded: false });
    expect(parseMetric('dr-recall@20').k).toBe(20);
    expect(() => parseMetric('dr-hit-rate@10')).toThrow(ConfigError);
  });

  it('need propensity information: a ConfigError without it, a DataError for a user without it', () => {
    const lists = [{ userId: 'A', ranked: ['a'], relevant: new Set(['a']) }];
    expect(() => evaluateLists(lists, [parseMetric('ips-ndcg@10')])).toThrow(/needs a propensity model/);
    const none = new Map<string, UserPropensity>();
    expect(() => evaluateLists(lists, [parseMetric('ips-ndcg@10')], { propensity: { users: none, meanWeight: 1 } })).toThrow(DataError);
  });
});
