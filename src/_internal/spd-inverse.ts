/**
 * Inverse of a symmetric positive-definite n x n matrix (row-major float64), by Cholesky
 * `A = L Lt`, then `U = L^-1` transposed, then `A^-1 = Ut U`, every inner loop a contiguous dot
 * product computed four at a time (one pass over the shared row for four dot products): about
 * n^3 / 2 multiply-adds in all. Returns a new array; `a` is left as is.
 *
 * @throws RangeError when `a` is not positive definite (a non-positive pivot).
 */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  const L = a.slice();
  const d4 = new Float64Array(4);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = L[rj + j]! - dotRows(L, rj, L, rj, 0, j);
    if (!(d > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} is ${d})`);
    d = Math.sqrt(d);
    L[rj + j] = d;
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const ri = i * n;
      dot4(L, rj, L, ri, ri + n, ri + 2 * n, ri + 3 * n, 0, j, d4);
      for (let q = 0; q < 4; q++) L[ri + q * n + j] = (L[ri + q * n + j]! - d4[q]!) / d;
    }
    for (; i < n; i++) {
      const ri = i * n;
      L[ri + j] = (L[ri + j]! - dotRows(L, ri, L, rj, 0, j)) / d;
    }
  }
  // Row j of U holds column j of L^-1 (forward substitution of L x = e_j, entries i >= j). Four
  // columns j go together: for each i, one pass over row i of L gives the four sums (entries
  // of U below a row's own j are zero, so starting at the block's first j changes nothing).
  const U = new Float64Array(n * n);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    for (let q = 0; q < 4; q++) {
      const uj = (j + q) * n;
      U[uj + j + q] = 1 / L[(j + q) * n + j + q]!;
      // Rows inside the block: plain forward substitution.
      for (let i = j + q + 1; i < j + 4; i++) U[uj + i] = -dotRows(L, i * n, U, uj, j + q, i) / L[i * n + i]!;
    }
    const u0 = j * n;
    for (let i = j + 4; i < n; i++) {
      const ri = i * n;
      dot4(L, ri, U, u0, u0 + n, u0 + 2 * n, u0 + 3 * n, j, i, d4);
      const lii = L[ri + i]!;
      for (let q = 0; q < 4; q++) U[u0 + q * n + i] = -d4[q]! / lii;
    }
  }
  for (; j < n; j++) {
    const uj = j * n;
    U[uj + j] = 1 / L[j * n + j]!;
    for (let i = j + 1; i < n; i++) U[uj + i] = -dotRows(L, i * n, U, uj, j, i) / L[i * n + i]!;
  }
  // A^-1 = (L^-1)t L^-1: entry (i, j) = sum over k >= max(i, j) of U[i][k] U[j][k], four j at a time.
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ui = i * n;
    let c = i;
    for (; c + 3 < n; c += 4) {
      const uc = c * n;
      // Entries of U left of a row's diagonal are zero, so the sums may start at c.
      dot4(U, ui, U, uc, uc + n, uc + 2 * n, uc + 3 * n, c, n, d4);
      for (let q = 0; q < 4; q++) {
        P[ui + c + q] = d4[q]!;
        P[(c + q) * n + i] = d4[q]!;
      }
    }
    for (; c < n; c++) {
      const s = dotRows(U, ui, U, c * n, c, n);
      P[ui + c] = s;
      P[c * n + i] = s;
    }
  }
  return P;
}

/** Dot product of entries `from .. to` of the rows starting at `ra` of `m` and `rb` of `w`. */
function dotRows(m: Float64Array, ra: number, w: Float64Array, rb: number, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = from;
  for (; k + 1 < to; k += 2) {
    s0 += m[ra + k]! * w[rb + k]!;
    s1 += m[ra + k + 1]! * w[rb + k + 1]!;
  }
  if (k < to) s0 += m[ra + k]! * w[rb + k]!;
  return s0 + s1;
}

/** Four dot products of entries `from .. to` of row `ra` of `m` with rows `r0 .. r3` of `w`, into `out`. */
function dot4(m: Float64Array, ra: number, w: Float64Array, r0: number, r1: number, r2: number, r3: number, from: number, to: number, out: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = from; k < to; k++) {
    const a = m[ra + k]!;
    s0 += a * w[r0 + k]!;
    s1 += a * w[r1 + k]!;
    s2 += a * w[r2 + k]!;
    s3 += a * w[r3 + k]!;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}
