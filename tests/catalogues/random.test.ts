/** The test catalogues' seeded random source (tests/_catalogues/random.ts). */
import { describe, expect, it } from 'vitest';
import { CatalogueRandom } from '../_catalogues/random.js';

function draws(seed: number, count: number): number[] {
  const r = new CatalogueRandom(seed);
  return Array.from({ length: count }, () => r.uniform());
}

describe('CatalogueRandom', () => {
  it('repeats its sequence for a seed and changes it with the seed', () => {
    expect(draws(7, 100)).toEqual(draws(7, 100));
    expect(draws(7, 100)).not.toEqual(draws(8, 100));
  });

  it('is mulberry32: the canonical sequence for seeds 0 and 42', () => {
    // Values of the canonical mulberry32 (t = a += 0x6D2B79F5; ...) times 2^32.
    const first3 = (seed: number): number[] => draws(seed, 3).map((x) => x * 4294967296);
    expect(first3(0)).toEqual([1144304738, 1416247, 958946056]);
    expect(first3(42)).toEqual([2581720956, 1925393290, 3661312704]);
  });

  it('draws uniforms in [0, 1) with mean about 1/2, integers inclusive of both ends', () => {
    const xs = draws(3, 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
    const r = new CatalogueRandom(4);
    const seen = new Set(Array.from({ length: 2_000 }, () => r.integer(2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('draws normals with mean 0 and variance 1, log-normals with median exp(mu)', () => {
    const r = new CatalogueRandom(5);
    const zs = Array.from({ length: 40_000 }, () => r.normal());
    const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
    const variance = zs.reduce((a, z) => a + (z - mean) ** 2, 0) / zs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
    const ls = Array.from({ length: 20_001 }, () => r.logNormal(Math.log(100), 1)).sort((a, b) => a - b);
    expect(ls[10_000]!).toBeGreaterThan(95);
    expect(ls[10_000]!).toBeLessThan(105);
  });

  it('draws weighted indices in proportion to the weights and never a zero weight', () => {
    const r = new CatalogueRandom(6);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.weighted([1, 0, 3, 6])]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 30_000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 30_000).toBeCloseTo(0.3, 1);
    expect(counts[3]! / 30_000).toBeCloseTo(0.6, 1);
    expect(() => r.weighted([0, 0])).toThrow(RangeError);
  });

  it('draws Plackett-Luce sequences of distinct indices with positive weight', () => {
    const r = new CatalogueRandom(9);
    for (let i = 0; i < 200; i++) {
      const s = r.sequence([5, 0, 1, 1, 3], 3);
      expect(s).toHaveLength(3);
      expect(new Set(s).size).toBe(3);
      expect(s).not.toContain(1);
    }
    expect(r.sequence([1, 0, 2], 5).sort()).toEqual([0, 2]);
    // The heaviest weight comes first most often: P(first = 0) = 5 / 10.
    let first = 0;
    for (let i = 0; i < 10_000; i++) if (r.sequence([5, 0, 1, 1, 3], 2)[0] === 0) first++;
    expect(first / 10_000).toBeCloseTo(0.5, 1);
  });
});
