import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  createMetric,
  metricGoal,
  higherIsBetter,
  hitRate,
  METRIC_NAMES,
  ndcg,
  parseMetric,
  precision,
  recall,
  reciprocalRank,
  type UserMetric,
} from '../../src/evaluation/metrics/index.js';
import { ConfigError } from '../../src/errors.js';

const L3 = 1 / Math.log2(3); // discount at rank 2
const L5 = 1 / Math.log2(5); // discount at rank 4

describe('accuracy metrics: hand-computed', () => {
  const ranked = ['x', 'a', 'y', 'b'];
  const rel = new Set(['a', 'b', 'c']);
  it('precision divides by k even when fewer are ranked', () => {
    expect(precision(ranked, rel, 3)).toBeCloseTo(1 / 3, 12);
    expect(precision(ranked, rel, 10)).toBeCloseTo(2 / 10, 12);
    expect(precision(ranked, rel, Number.POSITIVE_INFINITY)).toBeCloseTo(2 / 4, 12);
  });
  it('recall = hits / |rel|', () => {
    expect(recall(ranked, rel, 3)).toBeCloseTo(1 / 3, 12);
    expect(recall(ranked, rel, 4)).toBeCloseTo(2 / 3, 12);
    expect(recall(ranked, new Set<string>(), 4)).toBe(0);
  });
  it('ndcg: binary gain, ideal over min(|rel|, k)', () => {
    expect(ndcg(ranked, rel, 3)).toBeCloseTo(L3 / (1 + L3 + 0.5), 12);
    expect(ndcg(ranked, rel, 4)).toBeCloseTo((L3 + L5) / (1 + L3 + 0.5), 12);
    // ideal over min(|rel|, k) = 1 item when k = 1... and a single relevant item at rank 2:
    expect(ndcg(['x', 'a'], new Set(['a']), 10)).toBeCloseTo(L3, 12);
    expect(ndcg(['a', 'x'], new Set(['a', 'b', 'c']), 1)).toBe(1);
  });
  it('average precision divides by |rel| (map_cut) or min(|rel|, k)', () => {
    expect(averagePrecision(ranked, rel, 3)).toBeCloseTo(0.5 / 3, 12);
    expect(averagePrecision(ranked, rel, 4)).toBeCloseTo((1 / 2 + 2 / 4) / 3, 12);
    expect(averagePrecision(['a', 'x'], rel, 2, 'min-relevant-k')).toBeCloseTo(1 / 2, 12);
    expect(averagePrecision(['a', 'x'], rel, 2)).toBeCloseTo(1 / 3, 12);
  });
  it('reciprocal rank and hit rate look within k', () => {
    expect(reciprocalRank(ranked, rel, 10)).toBe(0.5);
    expect(reciprocalRank(ranked, rel, 1)).toBe(0);
    expect(hitRate(ranked, rel, 1)).toBe(0);
    expect(hitRate(ranked, rel, 2)).toBe(1);
  });
  it('works on Int32Array lists with numeric sets, identically', () => {
    const r = Int32Array.from([9, 1, 8, 2]);
    const s = new Set([1, 2, 3]);
    expect(ndcg(r, s, 4)).toBeCloseTo(ndcg(ranked, rel, 4), 15);
    expect(averagePrecision(r, s, 4)).toBeCloseTo(averagePrecision(ranked, rel, 4), 15);
    expect(precision(r, s, 4)).toBe(0.5);
  });
  it('a duplicated relevant item counts once', () => {
    expect(recall(['a', 'a'], new Set(['a', 'b']), 2)).toBe(0.5);
    expect(precision(['a', 'a'], new Set(['a']), 2)).toBe(0.5);
    expect(ndcg(['a', 'a'], new Set(['a']), 2)).toBe(1);
  });
  it('does not mutate its inputs', () => {
    const r = ['x', 'a'];
    const s = new Set(['a']);
    ndcg(r, s, 2);
    averagePrecision(r, s, 2);
    expect(r).toEqual(['x', 'a']);
    expect([...s]).toEqual(['a']);
  });
});

describe('metric registry', () => {
  it('parses labels into descriptors with direction', () => {
    const m = parseMetric('ndcg@10');
    expect([m.label, m.name, m.k, m.higherIsBetter, m.kind]).toEqual(['ndcg@10', 'ndcg', 10, true, 'user']);
    expect(parseMetric('recall@20').k).toBe(20);
    const g = parseMetric('merchant-gini@10');
    expect([g.kind, g.higherIsBetter]).toEqual(['aggregate', false]);
    const mrr = parseMetric('mrr');
    expect([mrr.label, mrr.k]).toEqual(['mrr', Number.POSITIVE_INFINITY]);
    expect(parseMetric('hit@5').label).toBe('hit-rate@5');
  });
  it('says what better means: higher, lower, or the target value 1 of the exposure/merit ratios', () => {
    expect(['ndcg@10', 'merchant-gini@10', 'exposure-merit-head@10', 'exposure-merit-mid@10', 'exposure-merit-small', 'min-exposure-merit@10', 'nope@10'].map(metricGoal)).toEqual([
      'higher',
      'lower',
      { target: 1 },
      { target: 1 },
      { target: 1 },
      'higher',
      undefined,
    ]);
    // higherIsBetter answers only for metrics with a direction.
    expect(['ndcg@10', 'merchant-gini@10', 'exposure-merit-small@10', 'nope@10'].map(higherIsBetter)).toEqual([true, false, undefined, undefined]);
    expect(parseMetric('exposure-merit-small@10').target).toBe(1);
    expect(parseMetric('ndcg@10').target).toBeUndefined();
  });
  it('computes through the descriptor', () => {
    const m = createMetric('ndcg', 2) as UserMetric;
    expect(m.compute(['x', 'a'], new Set(['a']))).toBeCloseTo(L3, 12);
    expect(m.compute(['x', 'a'], new Set(['a']), 1)).toBe(0); // k at call time wins
  });
  it('rejects unknown names and bad k with ConfigError', () => {
    expect(() => parseMetric('ndgc@10')).toThrow(ConfigError);
    expect(() => parseMetric('ndcg@')).toThrow(/bad metric label/);
    expect(() => createMetric('ndcg', 0)).toThrow(ConfigError);
    expect(() => createMetric('ndcg', 2.5)).toThrow(ConfigError);
  });
  it('knows every metric of the toolkit', () => {
    for (const name of ['precision', 'recall', 'ndcg', 'map', 'mrr', 'hit-rate', 'item-coverage', 'merchant-coverage', 'novelty', 'ild', 'aplt', 'item-gini', 'merchant-gini', 'small-share', 'small-ndcg', 'min-exposure-merit']) {
      expect(METRIC_NAMES).toContain(name);
    }
  });
});

describe('accuracy metrics: properties (seeded)', () => {
  const items = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j');
  const lists = fc.record({
    ranked: fc.array(items, { maxLength: 12 }),
    relevant: fc.uniqueArray(items, { maxLength: 10 }),
    k: fc.integer({ min: 1, max: 15 }),
  });
  const bounded = ['precision', 'recall', 'ndcg', 'map', 'map-min', 'mrr', 'hit-rate'];
  it('all per-user metrics stay in [0, 1] (duplicates included) and are never NaN', () => {
    fc.assert(
      fc.property(lists, ({ ranked, relevant, k }) => {
        for (const name of bounded) {
          const v = (createMetric(name, k) as UserMetric).compute(ranked, new Set(relevant));
          if (!(v >= 0 && v <= 1)) return false;
        }
        return true;
      }),
      { seed: 20240726, numRuns: 500 },
    );
  });
  it('a perfect ranking scores 1 on ndcg, and on recall / precision where defined', () => {
    fc.assert(
      fc.property(fc.uniqueArray(items, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 12 }), (relevant, k) => {
        const ranked = [...relevant, 'zz1', 'zz2'];
        const rel = new Set(relevant);
        expect(ndcg(ranked, rel, k)).toBeCloseTo(1, 12);
        if (relevant.length <= k) expect(recall(ranked, rel, k)).toBe(1);
        if (relevant.length >= k) expect(precision(ranked, rel, k)).toBe(1);
        expect(averagePrecision(ranked, rel, k, 'min-relevant-k')).toBeCloseTo(1, 12);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
