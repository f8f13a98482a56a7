import { describe, expect, it } from 'vitest';
import {
  meanCi,
  pairedRandomisationTest,
  pairedTTest,
  regularisedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
} from '../../src/evaluation/stats/index.js';
import { DataError } from '../../src/errors.js';

describe('t distribution (own implementation)', () => {
  it('quantiles match tables', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 8);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.70620474, 7);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.30265273, 7);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697260887, 8);
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032142984, 8);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.962339081, 8);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138852, 8);
  });
  it('CDF and incomplete beta', () => {
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(studentTCdf(2, 3)).toBeCloseTo(0.930337016, 8);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12); // Cauchy
    expect(regularisedIncompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(regularisedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
  });
});

describe('mean and 95% CI', () => {
  it('hand case', () => {
    const r = meanCi([1, 2, 3]);
    const half = 4.30265273 / Math.sqrt(3);
    expect(r.mean).toBe(2);
    expect(r.ci95[0]).toBeCloseTo(2 - half, 7);
    expect(r.ci95[1]).toBeCloseTo(2 + half, 7);
  });
  it('clips the t interval to a given range (the mean of values in [0, 1] lies in [0, 1])', () => {
    // [1, 1, 0, 0.25]: mean 0.5625, variance 0.265625, t(0.975, 3) * sd / 2 = 0.8201: [-0.258, 1.383] unclipped.
    const values = [1, 1, 0, 0.25];
    const open = meanCi(values);
    expect(open.ci95[0]).toBeCloseTo(0.5625 - 3.18244631 * Math.sqrt(0.265625) / 2, 7);
    expect(open.ci95[0]).toBeLessThan(0);
    expect(open.ci95[1]).toBeGreaterThan(1);
    expect(meanCi(values, 0.95, [0, 1])).toEqual({ mean: 0.5625, ci95: [0, 1], n: 4 });
    const narrow = meanCi([0.4, 0.5, 0.6], 0.95, [0, 1]);
    expect(narrow.ci95).toEqual(meanCi([0.4, 0.5, 0.6]).ci95); // inside the range: unchanged
  });
  it('degenerate samples give a point interval, never NaN', () => {
    expect(meanCi([])).toEqual({ mean: 0, ci95: [0, 0], n: 0 });
    expect(meanCi([0.4])).toEqual({ mean: 0.4, ci95: [0.4, 0.4], n: 1 });
    expect(meanCi([0.5, 0.5]).ci95).toEqual([0.5, 0.5]);
  });
});

describe('paired tests', () => {
  it('paired t: t = 5 with 3 df', () => {
    const r = pairedTTest([1, 2, 3, 4], [2, 3, 4, 6]);
    expect(r.meanDifference).toBe(1.25);
    expect(r.pValue).toBeCloseTo(0.015392, 5);
  });
  it('paired t edge cases', () => {
    expect(pairedTTest([1, 2], [1, 2]).pValue).toBe(1);
    expect(pairedTTest([1, 2], [2, 3]).pValue).toBe(0);
    expect(() => pairedTTest([1], [1, 2])).toThrow(DataError);
  });
  it('sign-flip randomisation: exact small case and determinism', () => {
    // differences all +1 over 5 users: only all-plus or all-minus flips reach |mean| = 1: p = 2/32
    const a = [0, 0, 0, 0, 0];
    const b = [1, 1, 1, 1, 1];
    const r = pairedRandomisationTest(a, b, { rounds: 20000, seed: 1 });
    expect(Math.abs(r.pValue - 1 / 16)).toBeLessThan(0.01);
    expect(pairedRandomisationTest(a, b, { rounds: 500, seed: 9 })).toEqual(pairedRandomisationTest(a, b, { rounds: 500, seed: 9 }));
    expect(pairedRandomisationTest([1, 2, 3], [1, 2, 3], { rounds: 100 }).pValue).toBe(1);
  });
});
