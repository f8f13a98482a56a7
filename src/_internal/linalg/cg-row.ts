/**
 * The conjugate-gradient row solve of implicit-feedback ALS (Hu, Koren, Volinsky 2008; the CG
 * solver of Takacs et al. 2011, as in the implicit library): one row `x` of the side being solved
 * against the fixed factors `Y`, its Gram `G = YtY + reg I` and the row's observed items.
 */
import { dot } from './dot.js';
import { matVec } from './mat-vec.js';

/** A CSR row set: `indptr` (rows + 1), column `indices` and `values` (nonzeros). */
export interface CsrRows {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Work vectors of one solve (k entries each), reused across rows. */
export interface CgScratch {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
}

/** Allocates the work vectors for k factors. */
export function cgScratch(k: number): CgScratch {
  return { x: new Float64Array(k), r: new Float64Array(k), p: new Float64Array(k), ap: new Float64Array(k) };
}

/**
 * The sparse part of one CG row, over the row's observed items e only: with `cw = alpha * w_e` and
 * `d = y_e . v`, adds `(base * (1 + cw) + sign * cw * d) * y_e` to `out`. With base 0, sign 1 this
 * is `Yt (C - I) Y v`; with base 1, sign -1 it is `Yt C p - Yt (C - I) Y v`. Items go four at a
 * time: one pass over `v` for four dot products, one pass over `out` for four updates, both
 * loops unrolled by two (each sum keeps its order: one accumulator per item over the factors in
 * order; per factor the four items' terms summed left to right, then added to `out`).
 */
export function addItems(
  Y: Float32Array,
  cols: Int32Array,
  vals: Float32Array,
  start: number,
  end: number,
  k: number,
  alpha: number,
  v: Float64Array,
  base: number,
  sign: number,
  out: Float64Array,
): void {
  let e = start;
  for (; e + 3 < end; e += 4) {
    const o0 = cols[e]! * k;
    const o1 = cols[e + 1]! * k;
    const o2 = cols[e + 2]! * k;
    const o3 = cols[e + 3]! * k;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let g = 0;
    for (; g + 1 < k; g += 2) {
      const vf = v[g]!;
      const vg = v[g + 1]!;
      d0 += Y[o0 + g]! * vf;
      d1 += Y[o1 + g]! * vf;
      d2 += Y[o2 + g]! * vf;
      d3 += Y[o3 + g]! * vf;
      d0 += Y[o0 + g + 1]! * vg;
      d1 += Y[o1 + g + 1]! * vg;
      d2 += Y[o2 + g + 1]! * vg;
      d3 += Y[o3 + g + 1]! * vg;
    }
    if (g < k) {
      const vf = v[g]!;
      d0 += Y[o0 + g]! * vf;
      d1 += Y[o1 + g]! * vf;
      d2 += Y[o2 + g]! * vf;
      d3 += Y[o3 + g]! * vf;
    }
    const w0 = alpha * vals[e]!;
    const w1 = alpha * vals[e + 1]!;
    const w2 = alpha * vals[e + 2]!;
    const w3 = alpha * vals[e + 3]!;
    const c0 = base * (1 + w0) + sign * w0 * d0;
    const c1 = base * (1 + w1) + sign * w1 * d1;
    const c2 = base * (1 + w2) + sign * w2 * d2;
    const c3 = base * (1 + w3) + sign * w3 * d3;
    let f = 0;
    for (; f + 1 < k; f += 2) {
      out[f]! += c0 * Y[o0 + f]! + c1 * Y[o1 + f]! + c2 * Y[o2 + f]! + c3 * Y[o3 + f]!;
      out[f + 1]! += c0 * Y[o0 + f + 1]! + c1 * Y[o1 + f + 1]! + c2 * Y[o2 + f + 1]! + c3 * Y[o3 + f + 1]!;
    }
    if (f < k) out[f]! += c0 * Y[o0 + f]! + c1 * Y[o1 + f]! + c2 * Y[o2 + f]! + c3 * Y[o3 + f]!;
  }
  for (; e < end; e++) {
    const o = cols[e]! * k;
    let d = 0;
    for (let f = 0; f < k; f++) d += Y[o + f]! * v[f]!;
    const w = alpha * vals[e]!;
    const c = base * (1 + w) + sign * w * d;
    for (let f = 0; f < k; f++) out[f]! += c * Y[o + f]!;
  }
}

/**
 * Solves one row `(YtY + Yt (C - I) Y + reg I) x = Yt C p` by `steps` CG steps warm-started from
 * `X[xo .. xo+k)` (the solver of implicit and Takacs et al.); entries `start .. end` of `cols`/
 * `vals` are the row's observed items and weights, confidence `1 + alpha * w`. Computes in float64
 * and writes the result back into `X` (rounded to float32). No allocation.
 */
export function solveRow(
  X: Float32Array,
  xo: number,
  Y: Float32Array,
  G: Float64Array,
  cols: Int32Array,
  vals: Float32Array,
  start: number,
  end: number,
  alpha: number,
  k: number,
  steps: number,
  s: CgScratch,
): void {
  const { x, r, p, ap } = s;
  for (let f = 0; f < k; f++) x[f] = X[xo + f]!;
  // r = b - A x, with b = sum c_i y_i and A = G + sum (c_i - 1) y_i y_i^T.
  matVec(G, x, r, k);
  for (let f = 0; f < k; f++) r[f] = -r[f]!;
  addItems(Y, cols, vals, start, end, k, alpha, x, 1, -1, r);
  for (let f = 0; f < k; f++) p[f] = r[f]!;
  let rsold = dot(r, 0, r, 0, k);
  if (rsold < 1e-20) return;
  for (let it = 0; it < steps; it++) {
    matVec(G, p, ap, k);
    addItems(Y, cols, vals, start, end, k, alpha, p, 0, 1, ap);
    const pAp = dot(p, 0, ap, 0, k);
    if (!(pAp > 0)) break;
    const step = rsold / pAp;
    let rsnew = 0;
    for (let f = 0; f < k; f++) {
      x[f]! += step * p[f]!;
      const rf = r[f]! - step * ap[f]!;
      r[f] = rf;
      rsnew += rf * rf;
    }
    if (rsnew < 1e-20) break;
    const beta = rsnew / rsold;
    for (let f = 0; f < k; f++) p[f] = r[f]! + beta * p[f]!;
    rsold = rsnew;
  }
  for (let f = 0; f < k; f++) X[xo + f] = x[f]!;
}

/**
 * Solves the rows `from .. to` of `X` against `Y` (one ALS half-sweep over a range of rows): the
 * unit of work a thread takes. Each row's arithmetic depends only on its own data, so any split of
 * the rows gives the same bits.
 */
export function solveRows(X: Float32Array, Y: Float32Array, G: Float64Array, M: CsrRows, alpha: number, k: number, steps: number, from: number, to: number, s: CgScratch = cgScratch(k)): void {
  const { indptr, indices, values } = M;
  for (let row = from; row < to; row++) solveRow(X, row * k, Y, G, indices, values, indptr[row]!, indptr[row + 1]!, alpha, k, steps, s);
}
