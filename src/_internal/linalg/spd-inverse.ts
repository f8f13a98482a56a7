/**
 * In-place inverse of a symmetric positive-definite n x n matrix (row-major float64) by Cholesky
 * `A = L Lt`, `U = L^-1` transposed, `A^-1 = Ut U`: one n x n array and O(n) scratch in all
 * (L in the lower triangle, U in the upper, the product written into the lower and mirrored).
 * About n^3 / 2 multiply-adds. Each phase is split into row ranges that threads may take in any
 * order: every entry is one float64 accumulator over its terms in order, whatever the split.
 */
import { allocLocal, type Alloc } from '../../parallel/job.js';
import { dot4Seq, dotSeq } from './dot.js';

/** Scratch of the in-place inverse: the diagonals of L and of the inverse, and row progress. */
export interface SpdScratch {
  /** L's diagonal (the matrix's diagonal holds U's). */
  readonly lDiag: Float64Array;
  /** The inverse's diagonal until {@link spdMirror} writes it. */
  readonly pDiag: Float64Array;
  /** Per row of L: 0 pending, 1 done, 2 failed (threads wait on rows above their own). */
  readonly done: Int32Array;
}

/** Allocates the scratch for an n x n inverse (`alloc` lets a thread pool share it). */
export function spdScratch(n: number, alloc: Alloc = allocLocal): SpdScratch {
  return { lDiag: alloc(Float64Array, n), pDiag: alloc(Float64Array, n), done: alloc(Int32Array, n) };
}

/** Waits until row j of L is done (another thread may be computing it); throws if it failed. */
function awaitRow(done: Int32Array, j: number): void {
  for (;;) {
    const state = Atomics.load(done, j);
    if (state === 1) return;
    if (state === 2) throw new RangeError(`Cholesky row ${j} failed on another thread`);
    Atomics.wait(done, j, 0, 50);
  }
}

/**
 * Cholesky rows `from .. to` of L in place (lower triangle; `L[i][j] = (A[i][j] - sum_{t<j}
 * L[i][t] L[j][t]) / L[j][j]`), four rows per pass over each row above. Rows above `from` must
 * be done or in progress on another thread (their `done` flag is awaited).
 * @throws RangeError when A is not positive definite (a non-positive pivot).
 */
export function choleskyRows(A: Float64Array, n: number, s: SpdScratch, from: number, to: number): void {
  const { lDiag, done } = s;
  const d4 = new Float64Array(4);
  try {
    let i = from;
    for (; i < to; i += 4) {
      const q4 = Math.min(4, to - i);
      // Entries left of the block: one pass over each finished row j for the block's rows.
      for (let j = 0; j < i; j++) {
        awaitRow(done, j);
        const rj = j * n;
        if (q4 === 4) {
          dot4Seq(A, rj, A, i * n, (i + 1) * n, (i + 2) * n, (i + 3) * n, 0, j, d4);
          for (let q = 0; q < 4; q++) A[(i + q) * n + j] = (A[(i + q) * n + j]! - d4[q]!) / lDiag[j]!;
        } else {
          for (let q = 0; q < q4; q++) A[(i + q) * n + j] = (A[(i + q) * n + j]! - dotSeq(A, (i + q) * n, A, rj, j)) / lDiag[j]!;
        }
      }
      // The block's own triangle, row by row.
      for (let q = 0; q < q4; q++) {
        const r = i + q;
        const rr = r * n;
        for (let j = i; j < r; j++) A[rr + j] = (A[rr + j]! - dotSeq(A, rr, A, j * n, j)) / lDiag[j]!;
        const d = A[rr + r]! - dotSeq(A, rr, A, rr, r);
        if (!(d > 0)) throw new RangeError(`matrix is not positive definite (pivot ${r} is ${d})`);
        lDiag[r] = Math.sqrt(d);
        Atomics.store(done, r, 1);
        Atomics.notify(done, r);
      }
    }
  } catch (error) {
    for (let r = from; r < to; r++) {
      if (Atomics.load(done, r) !== 1) {
        Atomics.store(done, r, 2);
        Atomics.notify(done, r);
      }
    }
    throw error;
  }
}

/**
 * Rows `from .. to` of `U = (L^-1)t` into the upper triangle (with the diagonal): row j holds
 * column j of L^-1, `U[j][i] = -(sum_{t=j}^{i-1} L[i][t] U[j][t]) / L[i][i]`. Needs all of L.
 */
export function invertLowerRows(A: Float64Array, n: number, s: SpdScratch, from: number, to: number): void {
  const { lDiag } = s;
  const acc = new Float64Array(4);
  let j = from;
  for (; j + 3 < to; j += 4) {
    // Four rows of U per pass over each row i of L; each entry's sum runs over t in order from its
    // own diagonal (the entries left of it hold L, not zeros: the matrix is shared in place).
    for (let q = 0; q < 4; q++) {
      const uj = (j + q) * n;
      A[uj + j + q] = 1 / lDiag[j + q]!;
      for (let i = j + q + 1; i < j + 4; i++) A[uj + i] = -dotSeq(A, i * n + j + q, A, uj + j + q, i - j - q) / lDiag[i]!;
    }
    const u0 = j * n;
    const u1 = u0 + n;
    const u2 = u1 + n;
    const u3 = u2 + n;
    for (let i = j + 4; i < n; i++) {
      const ri = i * n;
      // Heads (t below j + 4) one row at a time, in order, then the shared pass continues each sum.
      for (let q = 0; q < 4; q++) acc[q] = dotSeq(A, ri + j + q, A, (j + q) * n + j + q, 4 - q);
      dot4Seq(A, ri, A, u0, u1, u2, u3, j + 4, i, acc, true);
      const lii = lDiag[i]!;
      for (let q = 0; q < 4; q++) A[(j + q) * n + i] = -acc[q]! / lii;
    }
  }
  for (; j < to; j++) {
    const uj = j * n;
    A[uj + j] = 1 / lDiag[j]!;
    for (let i = j + 1; i < n; i++) A[uj + i] = -dotSeq(A, i * n + j, A, uj + j, i - j) / lDiag[i]!;
  }
}

/**
 * Rows `from .. to` of the inverse's lower triangle, `P[c][i] = sum_{t>=c} U[i][t] U[c][t]` for
 * i < c (written over L, which is no longer needed), the diagonal into the scratch; four entries
 * per pass over row c of U. Needs all of U.
 */
export function inverseProductRows(A: Float64Array, n: number, s: SpdScratch, from: number, to: number): void {
  const d4 = new Float64Array(4);
  for (let c = from; c < to; c++) {
    const uc = c * n;
    let i = 0;
    for (; i + 3 < c; i += 4) {
      dot4Seq(A, uc, A, i * n, (i + 1) * n, (i + 2) * n, (i + 3) * n, c, n, d4);
      for (let q = 0; q < 4; q++) A[uc + i + q] = d4[q]!;
    }
    for (; i < c; i++) A[uc + i] = dotSeq(A, uc + c, A, i * n + c, n - c);
    s.pDiag[c] = dotSeq(A, uc + c, A, uc + c, n - c);
  }
}

/** Completes the inverse: the lower triangle mirrored into the upper, the diagonal written. */
export function spdMirror(A: Float64Array, n: number, s: SpdScratch): void {
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < c; i++) A[i * n + c] = A[c * n + i]!;
    A[c * n + c] = s.pDiag[c]!;
  }
}

/**
 * Inverts the SPD matrix `A` in place, on the calling thread.
 * @throws RangeError when `A` is not positive definite (a non-positive pivot).
 */
export function spdInvertInPlace(A: Float64Array, n: number): void {
  const s = spdScratch(n);
  choleskyRows(A, n, s, 0, n);
  invertLowerRows(A, n, s, 0, n);
  inverseProductRows(A, n, s, 0, n);
  spdMirror(A, n, s);
}
