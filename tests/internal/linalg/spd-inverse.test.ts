/**
 * Our flat Cholesky inverse (used by EASE, where ml-matrix took minutes on 1682 items) against
 * ml-matrix's inverse on seeded random symmetric positive definite matrices.
 */
import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/_internal/rng.js';
import { spdInvertInPlace } from '../../../src/_internal/linalg/spd-inverse.js';

/** The inverse as a new array (the kernel works in place). */
function spdInverse(a: Float64Array, n: number): Float64Array {
  const out = a.slice();
  spdInvertInPlace(out, n);
  return out;
}

/** A seeded SPD matrix A = Bt B + n I (row-major). */
function spd(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const b = Float64Array.from({ length: n * n }, () => rng.next() * 2 - 1);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[k * n + i]! * b[k * n + j]!;
      a[i * n + j] = s + (i === j ? n : 0);
    }
  }
  return a;
}

describe('spdInvertInPlace', () => {
  it('equals ml-matrix inverse to 1e-12 on random SPD matrices of sizes 1 to 40', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 40]) {
      const a = spd(n, 1000 + n);
      const ours = spdInverse(a, n);
      const ref = inverse(new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)))));
      let worst = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(ours[i * n + j]! - ref.get(i, j)));
      expect(worst, `n = ${n}`).toBeLessThan(1e-12);
    }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => spdInverse(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(RangeError);
  });
});
