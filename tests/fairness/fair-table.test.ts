import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { fairFailProbability, fairTable } from '../../src/fairness/index.js';

describe('FA*IR tables', () => {
  // The brief's golden vectors; they equal fairsearch-fair-python's create_unadjusted_mtable answers.
  it('unadjusted tables: m(i) = smallest x with binomial CDF(x; i, p) > alpha', () => {
    expect(Array.from(fairTable(10, 0.2, 0.15, { adjust: false }).table)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(fairTable(20, 0.25, 0.1, { adjust: false }).table)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3,
    ]);
    expect(Array.from(fairTable(30, 0.3, 0.05, { adjust: false }).table)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5,
    ]);
  });

  // fairsearch-fair-python's create_adjusted_mtable / adjust_alpha / compute_fail_probability answers.
  it('adjusted tables match the reference library', () => {
    const a = fairTable(10, 0.2, 0.15);
    expect(Array.from(a.table)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(a.alphaC).toBe(0.15);
    expect(a.failProbability).toBeCloseTo(0.13421772800000065, 10);

    const b = fairTable(20, 0.25, 0.1);
    expect(Array.from(b.table)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(b.alphaC).toBeCloseTo(0.078125, 10);
    expect(b.failProbability).toBeCloseTo(0.10515247355215251, 10);

    const c = fairTable(30, 0.3, 0.05);
    expect(Array.from(c.table)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4,
    ]);
    expect(c.failProbability).toBeCloseTo(0.04877730797178359, 10);
  });

  it('the unadjusted table fails a fair ranking more often than alpha (why the adjustment exists)', () => {
    const u = fairTable(20, 0.25, 0.1, { adjust: false });
    expect(u.failProbability).toBeGreaterThan(0.1);
    expect(u.failProbability).toBeCloseTo(0.146887188699111, 10);
  });

  it('fail probability by hand: one test at position 2 needing 1 protected', () => {
    // fails iff the first two are both unprotected: 0.7^2
    expect(fairFailProbability(Int32Array.of(0, 1), 0.3)).toBeCloseTo(0.49, 15);
    expect(fairFailProbability(Int32Array.of(0, 0, 0), 0.3)).toBe(0);
  });

  it('returns a fresh copy each time (the cache cannot be corrupted)', () => {
    const t = fairTable(10, 0.2, 0.15);
    t.table[9] = 99;
    expect(fairTable(10, 0.2, 0.15).table[9]).toBe(1);
  });

  it('rejects bad parameters', () => {
    expect(() => fairTable(0, 0.2, 0.1)).toThrow(ConfigError);
    expect(() => fairTable(10, 1, 0.1)).toThrow(ConfigError);
    expect(() => fairTable(10, 0.2, 0)).toThrow(ConfigError);
  });
});
