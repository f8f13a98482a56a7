/**
 * Exact top-n by dot product over a norm-ordered copy of the factors (normOrdered + topNOfDots,
 * early stop by Cauchy-Schwarz). Hand cases: the reordering itself, ties by product index (also
 * a tie found only after the first 512-row chunk), NaN user and NaN rows, exclusions, n = 0, n
 * above the catalogue, zero vectors, negative scores, a subnormal score rounded up past the raw
 * bound, and the early stop itself (rows whose declared norm is too small are never scanned).
 * Seeded properties, with the WebAssembly prefilter and with the TypeScript scan: ids and scores
 * bit-equal to a full scan + sort over random tables with uniform, skewed (power-law), tied (small
 * integers, duplicated rows) and partly zero/NaN rows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import type { ScoredItems } from '../../src/signals/signal.js';
import { useWasmKernels } from '../../src/_internal/linalg/cg-row-wasm.js';
import { normOrdered, topNOfDots, type NormOrderedFactors } from '../../src/_internal/linalg/top-k-scan.js';

/** Full scan: one accumulator per product rounded to float32, NaN and excluded left out, sorted. */
function reference(user: ArrayLike<number>, factors: Float32Array, k: number, n: number, exclude?: (p: number) => boolean): { ids: number[]; scores: number[] } {
  const items = k === 0 ? 0 : factors.length / k;
  const all: [number, number][] = [];
  for (let p = 0; p < items; p++) {
    let s = 0;
    for (let f = 0; f < k; f++) s += user[f]! * factors[p * k + f]!;
    const score = Math.fround(s);
    if (Number.isNaN(score) || (exclude !== undefined && exclude(p))) continue;
    all.push([p, score]);
  }
  all.sort((a, b) => (a[1] === b[1] ? a[0] - b[0] : b[1] - a[1]));
  const top = all.slice(0, Math.max(0, n));
  return { ids: top.map(([p]) => p), scores: top.map(([, s]) => s) };
}

const plain = (r: ScoredItems): { ids: number[]; scores: number[] } => ({ ids: Array.from(r.ids), scores: Array.from(r.scores) });

function dots(user: ArrayLike<number>, factors: Float32Array, k: number, n: number, exclude?: (p: number) => boolean): { ids: number[]; scores: number[] } {
  return plain(topNOfDots(Float64Array.from(user), normOrdered(factors, k, factors.length / k), k, n, exclude));
}

describe('normOrdered', () => {
  // k = 2: p0 (1,0), p1 (0,1), p2 (1,1), p3 (-1,0), p4 (0,0), p5 (2,-1)
  const F = Float32Array.from([1, 0, 0, 1, 1, 1, -1, 0, 0, 0, 2, -1]);

  it('orders rows by norm, largest first, ties by product index, and copies the rows', () => {
    const t = normOrdered(F, 2, 6);
    expect(Array.from(t.order)).toEqual([5, 2, 0, 1, 3, 4]);
    expect(Array.from(t.norms)).toEqual([Math.sqrt(5), Math.SQRT2, 1, 1, 1, 0]);
    expect(Array.from(t.factors)).toEqual([2, -1, 1, 1, 1, 0, 0, 1, -1, 0, 0, 0]);
    expect(t.factors).not.toBe(F);
  });

  it('an empty table gives empty arrays', () => {
    const t = normOrdered(new Float32Array(0), 4, 0);
    expect([t.order.length, t.norms.length, t.factors.length]).toEqual([0, 0, 0]);
  });

  it('rows with a NaN factor go last, the others stay in norm order', () => {
    // p0 NaN, p1 norm 1, p2 norm 3, p3 NaN, p4 norm 2
    const t = normOrdered(Float32Array.from([Number.NaN, 0, 1, 0, 3, 0, 0, Number.NaN, 0, 2]), 2, 5);
    expect(Array.from(t.order)).toEqual([2, 4, 1, 0, 3]);
    expect(Array.from(t.norms.subarray(0, 3))).toEqual([3, 2, 1]);
  });
});

describe('topNOfDots: hand cases', () => {
  const F = Float32Array.from([1, 0, 0, 1, 1, 1, -1, 0, 0, 0, 2, -1]);
  // user (1, 0.5): p0 1, p1 0.5, p2 1.5, p3 -1, p4 0, p5 2 - 0.5 = 1.5

  it('best first, ties by the smaller product index', () => {
    expect(dots([1, 0.5], F, 2, 3)).toEqual({ ids: [2, 5, 0], scores: [1.5, 1.5, 1] });
  });

  it('n above the catalogue returns every product, the zero row and negative scores included', () => {
    expect(dots([1, 0.5], F, 2, 50)).toEqual({ ids: [2, 5, 0, 1, 4, 3], scores: [1.5, 1.5, 1, 0.5, 0, -1] });
  });

  it('excluded products are skipped and the next ones fill in; n = 0 is empty', () => {
    const asked: number[] = [];
    const top = dots([1, 0.5], F, 2, 2, (p) => {
      asked.push(p);
      return p === 2;
    });
    expect(top).toEqual({ ids: [5, 0], scores: [1.5, 1] });
    expect(asked).toContain(2);
    expect(dots([1, 0.5], F, 2, 0)).toEqual({ ids: [], scores: [] });
  });

  it('all scores negative: the least negative first', () => {
    expect(dots([-1, -1], F, 2, 3)).toEqual({ ids: [3, 4, 0], scores: [1, 0, -1] });
    expect(dots([-1, -2], Float32Array.from([1, 1, 2, 0, 0, 3]), 2, 3)).toEqual({ ids: [1, 0, 2], scores: [-2, -3, -6] });
  });

  it('a zero user scores every product 0: the smallest indices win', () => {
    expect(dots([0, 0], F, 2, 3)).toEqual({ ids: [0, 1, 2], scores: [0, 0, 0] });
  });

  it('a NaN user has no opinion; NaN rows are skipped', () => {
    expect(dots([Number.NaN, 1], F, 2, 3)).toEqual({ ids: [], scores: [] });
    const withNaN = Float32Array.from([Number.NaN, 5, 1, 0, 2, 0]);
    expect(dots([1, 1], withNaN, 2, 5)).toEqual({ ids: [2, 1], scores: [2, 1] });
  });

  it('a float32 user scores as the same values in float64', () => {
    const u = Float32Array.from([0.3, -0.7]);
    const t = normOrdered(F, 2, 6);
    expect(plain(topNOfDots(u, t, 2, 6))).toEqual(plain(topNOfDots(Float64Array.from(u), t, 2, 6)));
    expect(plain(topNOfDots(u, t, 2, 6))).toEqual(reference(u, F, 2, 6));
  });

  it('a tie with the n-th best found only after the first chunk still wins on its smaller index', () => {
    // p0 = (1, 0) has norm 1; p1..p599 = (1, 5) have norm sqrt 26 and fill the first 512-row
    // chunk. With user (1, 0) every product scores 1, so p0 (scanned last) must come first.
    const F2 = new Float32Array(600 * 2);
    F2[0] = 1;
    for (let p = 1; p < 600; p++) F2.set([1, 5], p * 2);
    expect(dots([1, 0], F2, 2, 1)).toEqual({ ids: [0], scores: [1] });
    expect(dots([1, 0], F2, 2, 3)).toEqual({ ids: [0, 1, 2], scores: [1, 1, 1] });
  });

  it('a subnormal score rounded up to float32 is not cut off by the raw bound', () => {
    // p0 = (0.8e-15, 0): user (1e-30, 0) scores 0.8e-45, which float32 rounds up to 2^-149
    // (1.4e-45), above |user| |p0| = 0.8e-45. p1..p512 = (1.4e-15, 1) fill the first chunk and
    // score 2^-149 too, so the bound of the chunk holding p0 is below the n-th best score.
    const F3 = new Float32Array(513 * 2);
    F3[0] = 0.8e-15;
    for (let p = 1; p < 513; p++) F3.set([1.401298464324817e-15, 1], p * 2);
    const tiny = 2 ** -149;
    expect(dots([1e-30, 0], F3, 2, 1)).toEqual({ ids: [0], scores: [tiny] });
    expect(dots([1e-30, 0], F3, 2, 1)).toEqual(reference([1e-30, 0], F3, 2, 1));
  });

  it('a score overflowing float32 to Infinity is not cut off by the (finite) raw bound', () => {
    // user (1e30, 0) . (3.5e8, y) = 3.5e38, above the float32 maximum: every product scores
    // Infinity. p1..p512 = (3.5e8, 1e5) fill the first chunk; p0 = (3.5e8, 0) starts the second.
    const F4 = new Float32Array(513 * 2);
    F4[0] = 3.5e8;
    for (let p = 1; p < 513; p++) F4.set([3.5e8, 1e5], p * 2);
    expect(dots([1e30, 0], F4, 2, 2)).toEqual({ ids: [0, 1], scores: [Infinity, Infinity] });
  });

  it('stops at the first chunk whose norm bound is below the n-th best score', () => {
    // A hand-built table whose declared norms understate rows 512..1023 (score 5 each): the scan
    // trusts the norms, so with the heap full of score-1 rows it never reads them.
    const items = 1024;
    const table: NormOrderedFactors = {
      order: Int32Array.from({ length: items }, (_, i) => i),
      norms: Float64Array.from({ length: items }, (_, i) => (i < 512 ? 1 : 0.001)),
      factors: Float32Array.from({ length: items }, (_, i) => (i < 512 ? 1 : 5)),
    };
    expect(plain(topNOfDots(Float64Array.from([1]), table, 1, 2))).toEqual({ ids: [0, 1], scores: [1, 1] });
    // While the heap is not full the threshold is -Infinity and the next chunk is scanned.
    const wide = topNOfDots(Float64Array.from([1]), table, 1, 513);
    expect(Array.from(wide.ids.subarray(0, 2))).toEqual([512, 513]);
    expect(wide.scores[0]).toBe(5);
  });
});

/** Random factor tables, built from a seed so the property shrinks over a few parameters. */
type Shape = 'uniform' | 'skewed' | 'ties' | 'holes';
interface TableCase {
  readonly items: number;
  readonly k: number;
  readonly shape: Shape;
  readonly seed: number;
  readonly n: number;
  readonly user: 'normal' | 'negative' | 'zero' | 'float32';
  readonly excludeShare: number;
}

function build(c: TableCase): { factors: Float32Array; user: Float64Array | Float32Array; exclude?: (p: number) => boolean } {
  const rng = new Rng(c.seed);
  const { items, k } = c;
  const factors = new Float32Array(items * k);
  // Skewed: a power law over a random permutation (a few big rows, a long tail of small ones).
  const rank = Int32Array.from({ length: items }, (_, i) => i);
  for (let i = items - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  for (let p = 0; p < items; p++) {
    const scale = c.shape === 'skewed' ? (1 + rank[p]!) ** -1.5 * 10 : 1;
    for (let f = 0; f < k; f++) {
      factors[p * k + f] = c.shape === 'ties' ? rng.int(5) - 2 : rng.normal() * scale;
    }
    if (c.shape === 'ties' && p > 0 && rng.next() < 0.3) factors.copyWithin(p * k, rng.int(p) * k, rng.int(p) * k + k);
    if (c.shape === 'holes' && rng.next() < 0.2) factors.fill(rng.next() < 0.1 ? Number.NaN : 0, p * k, p * k + k);
  }
  const u = Float64Array.from({ length: k }, () => (c.shape === 'ties' ? rng.int(5) - 2 : rng.normal()));
  if (c.user === 'negative') {
    // Minus the mean row: most scores negative.
    u.fill(0);
    for (let p = 0; p < items; p++) for (let f = 0; f < k; f++) u[f] = u[f]! - factors[p * k + f]! / items;
  }
  if (c.user === 'zero') u.fill(0);
  const user = c.user === 'float32' ? Float32Array.from(u) : u;
  if (c.excludeShare === 0) return { factors, user };
  const banned = new Uint8Array(items);
  for (let p = 0; p < items; p++) banned[p] = rng.next() < c.excludeShare ? 1 : 0;
  return { factors, user, exclude: (p) => banned[p] === 1 };
}

const caseArb = (shapes: Shape[], maxItems: number): fc.Arbitrary<TableCase> =>
  fc.record({
    items: fc.integer({ min: 0, max: maxItems }),
    k: fc.integer({ min: 1, max: 9 }),
    shape: fc.constantFrom(...shapes),
    seed: fc.nat(),
    n: fc.oneof(fc.constantFrom(0, 1, 10, 100), fc.integer({ min: 0, max: maxItems + 20 })),
    user: fc.constantFrom('normal', 'negative', 'zero', 'float32'),
    excludeShare: fc.constantFrom(0, 0, 0.1, 0.5, 0.95),
  });

function check(c: TableCase): void {
  const { factors, user, exclude } = build(c);
  const t = normOrdered(factors, c.k, c.items);
  // normOrdered: a permutation, norms non-increasing (NaN rows last), rows copied in that order.
  expect(Array.from(t.order).sort((a, b) => a - b)).toEqual(Array.from({ length: c.items }, (_, i) => i));
  for (let p = 1; p < c.items; p++) {
    if (Number.isNaN(t.norms[p]!)) continue;
    expect(Number.isNaN(t.norms[p - 1]!) ? 'NaN before a number' : t.norms[p]! <= t.norms[p - 1]!).toBe(true);
  }
  for (let p = 0; p < c.items; p++) {
    expect(Array.from(t.factors.subarray(p * c.k, p * c.k + c.k))).toEqual(Array.from(factors.subarray(t.order[p]! * c.k, t.order[p]! * c.k + c.k)));
  }
  expect(plain(topNOfDots(user, t, c.k, c.n, exclude))).toEqual(reference(user, factors, c.k, c.n, exclude));
}

// Both scans: the TypeScript one, and the WebAssembly prefilter with exact rescoring.
describe.each([
  ['WebAssembly prefilter', true],
  ['TypeScript scan', false],
])('topNOfDots = full scan + sort (seeded properties), %s', (_name, wasm) => {
  beforeAll(() => void useWasmKernels(wasm));
  afterAll(() => void useWasmKernels(true));

  it('uniform and skewed norms, up to 3 chunks of rows', () => {
    fc.assert(fc.property(caseArb(['uniform', 'skewed'], 1600), check), { seed: 42, numRuns: 120 });
  });

  it('ties (small integers, duplicated rows) and holes (zero and NaN rows)', () => {
    fc.assert(fc.property(caseArb(['ties', 'holes'], 1600), check), { seed: 4242, numRuns: 120 });
  });

  it('small tables, every shape, many runs', () => {
    fc.assert(fc.property(caseArb(['uniform', 'skewed', 'ties', 'holes'], 40), check), { seed: 7, numRuns: 400 });
  });
});
