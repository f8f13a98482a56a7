/**
 * Inverse of a symmetric positive-definite n x n matrix (row-major float64), by Cholesky
 * `A = L Lt`, then `U = L^-1` transposed, then `A^-1 = Ut U`, every inner loop a contiguous dot
 * product: about n^3 / 2 multiply-adds in all. Returns a new array; `a` is left as is.
 *
 * @throws RangeError when `a` is not positive definite (a non-positive pivot).
 */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  const L = a.slice();
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = L[rj + j]! - dotRows(L, rj, rj, j);
    if (!(d > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} is ${d})`);
    d = Math.sqrt(d);
    L[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      L[ri + j] = (L[ri + j]! - dotRows(L, ri, rj, j)) / d;
    }
  }
  // Row j of U holds column j of L^-1 (forward substitution of L x = e_j, entries i >= j).
  const U = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const uj = j * n;
    U[uj + j] = 1 / L[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = 0;
      for (let k = j; k < i; k++) s += L[ri + k]! * U[uj + k]!;
      U[uj + i] = -s / L[ri + i]!;
    }
  }
  // A^-1 = (L^-1)t L^-1: entry (i, j) = sum over k >= max(i, j) of U[i][k] U[j][k].
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ui = i * n;
    for (let j = i; j < n; j++) {
      const uj = j * n;
      let s0 = 0;
      let s1 = 0;
      let k = j;
      for (; k + 1 < n; k += 2) {
        s0 += U[ui + k]! * U[uj + k]!;
        s1 += U[ui + k + 1]! * U[uj + k + 1]!;
      }
      if (k < n) s0 += U[ui + k]! * U[uj + k]!;
      P[ui + j] = s0 + s1;
      P[j * n + i] = s0 + s1;
    }
  }
  return P;
}

/** Dot product of the first `len` entries of rows starting at `ra` and `rb`. */
function dotRows(m: Float64Array, ra: number, rb: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < len; k += 2) {
    s0 += m[ra + k]! * m[rb + k]!;
    s1 += m[ra + k + 1]! * m[rb + k + 1]!;
  }
  if (k < len) s0 += m[ra + k]! * m[rb + k]!;
  return s0 + s1;
}
