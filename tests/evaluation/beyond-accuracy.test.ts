import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/schema/entities.js';
import {
  createExposureFairnessAccumulator,
  createMetric,
  METRIC_NAMES,
  geometricExposure,
  gini,
  longTailMask,
  normalisedEntropy,
  parseMetric,
  type AggregateMetric,
  type MetricContext,
  type RankedList,
  type RelevantSet,
} from '../../src/evaluation/metrics/index.js';
import { ConfigError } from '../../src/errors.js';

const L3 = 1 / Math.log2(3);

// Catalogue i1..i4; merchants m1 (i1, i2, head), m2 (i3, mid), m3 (i4, small).
const context: MetricContext = {
  catalogue: ['i1', 'i2', 'i3', 'i4'],
  itemMerchant: new Map([
    ['i1', 'm1'],
    ['i2', 'm1'],
    ['i3', 'm2'],
    ['i4', 'm3'],
  ]),
  merchantTier: new Map<string, Tier>([
    ['m1', 'head'],
    ['m2', 'mid'],
    ['m3', 'small'],
  ]),
  itemPopularity: new Map([
    ['i1', 6],
    ['i2', 2],
    ['i3', 1],
  ]),
  itemVector: (item) => new Map([['i1', [1, 0]], ['i2', [1, 0]], ['i3', [0, 1]], ['i4', [1, 1]]]).get(String(item)),
};
const lists: [RankedList, RelevantSet][] = [
  [['i1', 'i3'], new Set(['i4'])],
  [['i1', 'i2'], new Set(['i2', 'i4'])],
];

function run(label: string, ctx: MetricContext = context, data = lists): number {
  const acc = (parseMetric(label) as AggregateMetric).createAccumulator(ctx);
  for (const [ranked, relevant] of data) acc.add(ranked, relevant);
  return acc.result();
}

describe('Gini and entropy', () => {
  it('known values', () => {
    expect(gini([3, 3, 3, 3])).toBe(0);
    expect(gini([0, 0, 0, 5])).toBe(1);
    expect(gini([1, 2, 3])).toBeCloseTo(1 / 3, 12);
    expect(gini([3, 1, 2])).toBeCloseTo(1 / 3, 12);
    expect(gini([0, 0])).toBe(0);
    expect(gini([7])).toBe(0);
    expect(normalisedEntropy([1, 1, 1, 1])).toBeCloseTo(1, 12);
    expect(normalisedEntropy([5, 0])).toBe(0);
  });
  it('does not mutate its input', () => {
    const v = [3, 1, 2];
    gini(v);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe('beyond-accuracy metrics: hand-computed', () => {
  it('coverage', () => {
    expect(run('item-coverage@2')).toBe(0.75);
    expect(run('merchant-coverage@2')).toBeCloseTo(2 / 3, 12);
    expect(run('item-coverage@1')).toBe(0.25);
  });
  it('novelty: mean -log2 popularity share (unseen counts once)', () => {
    const u1 = (-Math.log2(6 / 9) - Math.log2(1 / 9)) / 2;
    const u2 = (-Math.log2(6 / 9) - Math.log2(2 / 9)) / 2;
    expect(run('novelty@2')).toBeCloseTo((u1 + u2) / 2, 12);
    expect(run('novelty@2', context, [[['i4'], new Set<string>()]])).toBeCloseTo(-Math.log2(1 / 9), 12);
  });
  it('long tail and APLT', () => {
    expect([...longTailMask([10, 6, 3, 1], 0.8)]).toEqual([0, 0, 1, 1]);
    expect([...longTailMask([6, 2, 1, 0], 0.8)]).toEqual([0, 0, 1, 1]);
    expect(run('aplt@2')).toBeCloseTo(0.25, 12);
  });
  it('intra-list diversity', () => {
    expect(run('ild@2')).toBeCloseTo(0.5, 12);
  });
  it('a metric whose context is missing throws ConfigError', () => {
    expect(() => run('novelty@2', { catalogue: ['i1'] })).toThrow(ConfigError);
    expect(() => run('merchant-gini@2', { catalogue: ['i1'] })).toThrow(/itemMerchant/);
  });
});

describe('exposure fairness: hand-computed', () => {
  // item exposure: i1 = 2, i2 = L3, i3 = L3, i4 = 0; merchants: m1 = 1 + L3 + 1, m2 = L3, m3 = 0.
  const total = 2 + 2 * L3;
  it('item and merchant Gini with zero-exposure members', () => {
    expect(run('item-gini@2')).toBeCloseTo(6 / (3 * total), 12);
    expect(run('merchant-gini@2')).toBeCloseTo((2 * (2 + L3)) / (2 * total), 12);
  });
  it('entropy, tier shares and exposure-merit ratios', () => {
    const acc = createExposureFairnessAccumulator(context, 2);
    for (const [r, rel] of lists) acc.add(r, rel);
    const f = acc.result();
    const pHead = (2 + L3) / total;
    const pMid = L3 / total;
    expect(f.merchantEntropy).toBeCloseTo(-(pHead * Math.log(pHead) + pMid * Math.log(pMid)) / Math.log(3), 12);
    const small = f.tiers.get('small')!;
    expect(small).toEqual({ exposure: 0, catalogue: 0.25, merit: 2 / 3, exposureMeritRatio: 0 });
    const head = f.tiers.get('head')!;
    expect(head.merit).toBeCloseTo(1 / 3, 12);
    expect(head.exposureMeritRatio).toBeCloseTo(pHead * 3, 12);
    expect(f.tiers.get('mid')!.exposureMeritRatio).toBe(0); // no merit: undefined ratio reported as 0
    expect(f.minExposureMerit).toBe(0); // m3 has merit and no exposure
    expect(run('small-share@2')).toBe(0);
    expect(run('small-relevant-share@2')).toBeCloseTo(2 / 3, 12);
    expect(run('small-catalogue-share@2')).toBe(0.25);
    expect(run('exposure-merit-head@2')).toBeCloseTo(pHead * 3, 12);
  });
  it('min exposure/merit is 1 when exposure tracks merit exactly', () => {
    const data: [RankedList, RelevantSet][] = [
      [['i1'], new Set(['i1'])],
      [['i3'], new Set(['i3'])],
    ];
    expect(run('min-exposure-merit@1', context, data)).toBeCloseTo(1, 12);
    expect(run('merchant-gini@1', context, data)).toBeCloseTo((-2 * 0 + 0 * 1 + 2 * 1) / (2 * 2), 12);
  });
  it('a custom exposure model changes the weights', () => {
    const acc = createExposureFairnessAccumulator({ ...context, exposure: geometricExposure(0.5) }, 2);
    acc.add(['i4', 'i1'], new Set<string>());
    expect(acc.result().tiers.get('small')!.exposure).toBeCloseTo(1 / 1.5, 12);
  });
  it('small-ndcg averages over users with small-tier relevant items only', () => {
    const data: [RankedList, RelevantSet][] = [
      [['i4', 'i1'], new Set(['i4', 'i1'])], // small rel {i4} at rank 1: 1
      [['i1', 'i4'], new Set(['i4'])], // rank 2: L3
      [['i1', 'i2'], new Set(['i1'])], // no small relevant: skipped
    ];
    expect(run('small-ndcg@2', context, data)).toBeCloseTo((1 + L3) / 2, 12);
  });
  it('the fairness metrics of equal exposure: Gini 0, entropy 1', () => {
    const data: [RankedList, RelevantSet][] = [
      [['i1'], new Set<string>()],
      [['i2'], new Set<string>()],
      [['i3'], new Set<string>()],
      [['i4'], new Set<string>()],
    ];
    expect(run('item-gini@1', context, data)).toBe(0);
    expect(run('item-entropy@1', context, data)).toBeCloseTo(1, 12);
  });
});

describe('aggregate metrics: properties (seeded)', () => {
  it('every bounded aggregate metric stays in [0, 1] and none is NaN', () => {
    const catalogue = Array.from({ length: 12 }, (_, i) => `i${i}`);
    const tiers: Tier[] = ['head', 'mid', 'small'];
    const item = fc.constantFrom(...catalogue, 'unknown');
    fc.assert(
      fc.property(
        fc.array(fc.record({ ranked: fc.array(item, { maxLength: 8 }), relevant: fc.uniqueArray(item, { maxLength: 5 }) }), { maxLength: 12 }),
        fc.array(fc.nat(20), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 10 }),
        (users, pop, k) => {
          const ctx: MetricContext = {
            catalogue,
            itemMerchant: new Map(catalogue.map((c, i) => [c, `m${i % 5}`])),
            merchantTier: new Map(Array.from({ length: 5 }, (_, m) => [`m${m}`, tiers[m % 3]!])),
            itemPopularity: new Map(catalogue.map((c, i) => [c, pop[i]!])),
            itemVector: (it) => (it === 'unknown' ? undefined : [Number(String(it).slice(1)) % 3, 1, (Number(String(it).slice(1)) * 7) % 5]),
          };
          for (const name of METRIC_NAMES) {
            const metric = createMetric(name, k);
            const value =
              metric.kind !== 'aggregate'
                ? 0
                : (() => {
                    const acc = metric.createAccumulator(ctx);
                    for (const u of users) acc.add(u.ranked, new Set(u.relevant));
                    return acc.result();
                  })();
            if (Number.isNaN(value) || !Number.isFinite(value)) return false;
            if (metric.bounded && !(value >= 0 && value <= 1 + 1e-12)) return false;
            if (value < 0) return false;
          }
          return true;
        },
      ),
      { seed: 424242, numRuns: 200 },
    );
  });
});
