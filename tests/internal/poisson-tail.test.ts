import { describe, expect, it } from 'vitest';
import { logGamma, poissonTail } from '../../src/_internal/poisson-tail.js';

describe('poissonTail', () => {
  it('matches hand-computed tails', () => {
    // P(X >= 3 | 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.5^2 / 2).
    expect(poissonTail(3, 0.5)).toBeCloseTo(1 - Math.exp(-0.5) * 1.625, 15);
    // P(X >= 1 | m) = 1 - e^-m; P(X >= 2 | 2) = 1 - 3 e^-2.
    expect(poissonTail(1, 0.25)).toBeCloseTo(1 - Math.exp(-0.25), 15);
    expect(poissonTail(2, 2)).toBeCloseTo(1 - 3 * Math.exp(-2), 15);
    expect(poissonTail(0, 7)).toBe(1);
    expect(poissonTail(-3, 7)).toBe(1);
    expect(poissonTail(4, 0)).toBe(0);
  });

  // Reference: scipy.stats.poisson.sf(k - 1, mean) (SciPy 1.x), printed with repr.
  it.each([
    [3, 0.0866, 0.0001014510069756261],
    [13, 3.54, 8.490484735473637e-5],
    [1000, 900, 0.0005499022657117818],
    [900, 1000, 0.9993774022157249],
    [50, 10, 1.8547268838698457e-19],
    [5, 5, 0.5595067149347879],
    [2000, 1500, 6.601488115620536e-35],
  ])('P(X >= %d | %d) matches SciPy', (k, mean, expected) => {
    expect(Math.abs(poissonTail(k, mean) - expected) / expected).toBeLessThan(1e-9);
  });

  it('stays finite and in [0, 1] for large counts and means', () => {
    for (const [k, m] of [
      [1e6, 1e6],
      [5000, 10],
      [10, 5000],
    ] as const) {
      const p = poissonTail(k, m);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    expect(poissonTail(5000, 10)).toBe(0); // e^-23,000 and below: underflows to 0, not NaN
    expect(poissonTail(10, 5000)).toBe(1);
  });

  it('refuses a count that is not an integer and a mean that is negative or not finite', () => {
    expect(() => poissonTail(2.5, 1)).toThrow(RangeError);
    expect(() => poissonTail(2, -1)).toThrow(/mean must be finite and >= 0/);
    expect(() => poissonTail(2, Number.NaN)).toThrow(RangeError);
    expect(() => poissonTail(2, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('logGamma gives log factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});
