import { describe, expect, it } from 'vitest';
import { medianInPlace } from '../../src/_internal/median.js';
import { Rng } from '../../src/_internal/rng.js';

/** The median by sorting a copy: the oracle. */
function sortedMedian(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

describe('medianInPlace', () => {
  it('hand-computed cases: odd, even, ties, one value, none', () => {
    expect(medianInPlace(Float64Array.from([40, 1, 3, 2]), 4)).toBe(2.5);
    expect(medianInPlace(Float64Array.from([5, 1, 9]), 3)).toBe(5);
    expect(medianInPlace(Float64Array.from([2, 2, 2, 7, 2]), 5)).toBe(2);
    expect(medianInPlace(Float64Array.from([3, 30]), 2)).toBe(16.5);
    expect(medianInPlace(Float64Array.from([7]), 1)).toBe(7);
    expect(medianInPlace(new Float64Array(4), 0)).toBeNaN();
    // Only the first n entries count.
    expect(medianInPlace(Float64Array.from([1, 2, 100, 100]), 2)).toBe(1.5);
  });

  it('equals the sorted median on seeded random, sorted, reversed and constant arrays', () => {
    const rng = new Rng(17);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(200);
      const kind = trial % 4;
      const values = Array.from({ length: n }, (_, i) => (kind === 0 ? rng.int(10) : kind === 1 ? i : kind === 2 ? n - i : 4) + (kind === 0 ? 0 : rng.next() < 0.1 ? 0.5 : 0));
      expect(medianInPlace(Float64Array.from(values), n)).toBe(sortedMedian(values));
    }
  });
});
