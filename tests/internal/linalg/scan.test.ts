/**
 * The blocked dot-product scan (scoreRange / scoreAll): hand-computed scores through the 4-item
 * blocks and the tail, ranges starting mid-table, k not a multiple of 4, k = 0, empty ranges, NaN
 * and negative entries; and a seeded property that every score equals the plain one-accumulator
 * sum over the factors rounded to float32, whatever the item's position in the range (float32
 * and float64 user vectors, skewed magnitudes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { axpy, dot } from '../../../src/_internal/linalg/dot.js';
import { scoreAll, scoreRange } from '../../../src/_internal/linalg/scan.js';

/** Plain reference: one float64 accumulator per item, factors in order, rounded to float32. */
function referenceScore(user: ArrayLike<number>, items: ArrayLike<number>, k: number, item: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += user[f]! * items[item * k + f]!;
  return Math.fround(s);
}

describe('scoreRange / scoreAll: hand cases', () => {
  // 6 items x k = 3 (one 4-item block, a tail of 2):
  const items = Float32Array.from([
    1, 0, 0, // i0
    0, 1, 0, // i1
    1, 1, 1, // i2
    -1, 2, 0.5, // i3
    0, 0, 0, // i4
    2, -3, 4, // i5
  ]);
  const user = Float64Array.from([2, -1, 0.5]);
  // user . i = 2, -1, 1.5, -4 + 0.25 = -3.75, 0, 4 + 3 + 2 = 9

  it('scores every item through the block and the tail', () => {
    const out = new Float32Array(6);
    scoreAll(user, items, 3, out);
    expect(Array.from(out)).toEqual([2, -1, 1.5, -3.75, 0, 9]);
  });

  it('scores a range that starts mid-table into out[0..]', () => {
    const out = new Float32Array(3);
    scoreRange(user, items, 3, 2, out);
    expect(Array.from(out)).toEqual([1.5, -3.75, 0]);
    const five = new Float32Array(5);
    scoreRange(user, items, 3, 1, five);
    expect(Array.from(five)).toEqual([-1, 1.5, -3.75, 0, 9]);
  });

  it('an empty range writes nothing; k = 0 scores 0', () => {
    const out = new Float32Array(0);
    scoreRange(user, items, 3, 4, out);
    expect(out.length).toBe(0);
    const zeroK = new Float32Array(5).fill(7);
    scoreRange(user, items, 0, 0, zeroK);
    expect(Array.from(zeroK)).toEqual([0, 0, 0, 0, 0]);
  });

  it('rounds to float32 and propagates NaN only to the item that holds it', () => {
    const t = Float32Array.from([0.1, 0.2, Number.NaN, 1, 1, 1, 1, 1, 1, 1]); // k = 2, 5 items
    const out = new Float32Array(5);
    scoreAll(Float64Array.from([1, 1]), t, 2, out);
    expect(out[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(out[1]).toBeNaN();
    expect(Array.from(out.subarray(2))).toEqual([2, 2, 2]);
  });

  it('sums with one accumulator, factors in order, in the blocks and in the tail alike', () => {
    // Row (2^60, 1, -2^60, 1, 1): in order, 2^60 + 1 rounds back to 2^60, the -2^60 cancels it,
    // then 1 + 1 = 2. Four interleaved accumulators (as in `dot`) would give 1 instead.
    const row = [2 ** 60, 1, -(2 ** 60), 1, 1];
    const t = Float32Array.from({ length: 6 * 5 }, (_, i) => row[i % 5]!);
    const out = new Float32Array(6);
    scoreAll(Float64Array.from([1, 1, 1, 1, 1]), t, 5, out);
    expect(Array.from(out)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(dot(Float64Array.from([1, 1, 1, 1, 1]), 0, t, 0, 5)).toBe(1);
  });

  it('a float32 user gives the same scores as the same values in float64', () => {
    const u32 = Float32Array.from([0.3, -0.7, 1.1]);
    const a = new Float32Array(6);
    const b = new Float32Array(6);
    scoreAll(u32, items, 3, a);
    scoreAll(Float64Array.from(u32), items, 3, b);
    expect(Array.from(a)).toEqual(Array.from(b));
    for (let i = 0; i < 6; i++) expect(a[i]).toBe(referenceScore(u32, items, 3, i));
  });
});

describe('dot / axpy', () => {
  it('dot over offsets, k below and above the unroll', () => {
    const a = Float64Array.from([9, 1, 2, 3, 4, 5]);
    const b = Float64Array.from([1, 1, 1, 1, 2, 9]);
    expect(dot(a, 1, b, 0, 5)).toBe(1 + 2 + 3 + 4 + 10);
    expect(dot(a, 1, b, 2, 3)).toBe(1 + 2 + 6);
    expect(dot(a, 0, b, 0, 0)).toBe(0);
  });

  it('axpy adds alpha x into y at the offsets', () => {
    const y = Float64Array.from([1, 1, 1, 1]);
    axpy(2, [5, 1, 2], 1, y, 2, 2);
    expect(Array.from(y)).toEqual([1, 1, 3, 5]);
  });
});

describe('scoreRange = one-accumulator reference (seeded property)', () => {
  // Plain floats, or values whose sums cancel (so a different summation order changes the score).
  const f32 = fc.oneof(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(2 ** 60, -(2 ** 60), 1, -1, 0.25));
  const caseArb = fc
    .record({ k: fc.integer({ min: 0, max: 13 }), items: fc.integer({ min: 0, max: 37 }), skew: fc.boolean(), user32: fc.boolean() })
    .chain(({ k, items, skew, user32 }) =>
      fc.record({
        k: fc.constant(k),
        items: fc.constant(items),
        user32: fc.constant(user32),
        table: fc.array(f32, { minLength: items * k, maxLength: items * k }),
        // Skewed rows: each item's row scaled by 10^e, e in [-6, 3].
        scale: fc.array(skew ? fc.integer({ min: -6, max: 3 }) : fc.constant(0), { minLength: items, maxLength: items }),
        user: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: k, maxLength: k }),
        first: fc.integer({ min: 0, max: items }),
        len: fc.integer({ min: 0, max: items }),
      }),
    );

  it('every score of every range equals the reference, bit for bit', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const table = Float32Array.from(c.table, (v, i) => v * 10 ** c.scale[Math.floor(i / Math.max(1, c.k))]!);
        const user = c.user32 ? Float32Array.from(c.user) : Float64Array.from(c.user);
        const len = Math.min(c.len, c.items - c.first);
        const out = new Float32Array(len);
        scoreRange(user, table, c.k, c.first, out);
        for (let i = 0; i < len; i++) expect(out[i]).toBe(referenceScore(user, table, c.k, c.first + i));
        const all = new Float32Array(c.items);
        scoreAll(user, table, c.k, all);
        for (let i = 0; i < c.items; i++) expect(all[i]).toBe(referenceScore(user, table, c.k, i));
        // An item's score does not depend on where the range starts.
        for (let i = 0; i < len; i++) expect(out[i]).toBe(all[c.first + i]);
      }),
      { seed: 1126, numRuns: 300 },
    );
  });
});
