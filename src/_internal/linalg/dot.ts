/**
 * Dot products and axpy over flat typed arrays: the one home of these kernels (iALS, EASE,
 * similarity and loss all call them). Each fixes its summation order, so a result never depends
 * on which caller, thread or block computed it.
 */

/** A flat numeric array a kernel reads: float32 storage or float64 work vectors. */
export type Vec = Float64Array | Float32Array;

/**
 * Dot product of `a[ao .. ao+k)` and `b[bo .. bo+k)` in float64, unrolled by 4: four
 * accumulators by `f mod 4` (the tail into the first), summed `((s0 + s1) + s2) + s3`.
 * @example dot(Float64Array.of(1, 2, 3), 0, Float64Array.of(4, 5, 6), 0, 3) // 32
 */
export function dot(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  const k4 = k - (k % 4);
  for (; f < k4; f += 4) {
    s0 += a[ao + f]! * b[bo + f]!;
    s1 += a[ao + f + 1]! * b[bo + f + 1]!;
    s2 += a[ao + f + 2]! * b[bo + f + 2]!;
    s3 += a[ao + f + 3]! * b[bo + f + 3]!;
  }
  for (; f < k; f++) s0 += a[ao + f]! * b[bo + f]!;
  return s0 + s1 + s2 + s3;
}

/**
 * Dot product of `a[ao .. ao+k)` and `b[bo .. bo+k)` with ONE float64 accumulator, terms in order:
 * the sum each output of the blocked kernels ({@link dot4Seq}, the scans) computes, so a single
 * output and a block of four agree to the bit.
 */
export function dotSeq(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, k: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += a[ao + f]! * b[bo + f]!;
  return s;
}

/**
 * Four dot products of `a[ao+from .. ao+to)` with the rows at `r0 .. r3` of `w` over the same
 * entries (one pass over `a` for the four; each sum with one accumulator, terms in order, as
 * {@link dotSeq}), into `out[0 .. 3]`; with `accumulate`, each sum continues from `out[q]` (terms
 * that came before these, in order).
 */
export function dot4Seq(a: Float64Array, ao: number, w: Float64Array, r0: number, r1: number, r2: number, r3: number, from: number, to: number, out: Float64Array, accumulate = false): void {
  let s0 = accumulate ? out[0]! : 0;
  let s1 = accumulate ? out[1]! : 0;
  let s2 = accumulate ? out[2]! : 0;
  let s3 = accumulate ? out[3]! : 0;
  for (let f = from; f < to; f++) {
    const x = a[ao + f]!;
    s0 += x * w[r0 + f]!;
    s1 += x * w[r1 + f]!;
    s2 += x * w[r2 + f]!;
    s3 += x * w[r3 + f]!;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** `y[yo..] += alpha * x[xo..]` over k entries. */
export function axpy(alpha: number, x: ArrayLike<number>, xo: number, y: Vec, yo: number, k: number): void {
  for (let f = 0; f < k; f++) y[yo + f]! += alpha * x[xo + f]!;
}

/** Euclidean norm of each of the `rows` rows of a rows x k table (float64, {@link dot} order). */
export function rowNorms(table: Vec, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = Math.sqrt(dot(table, i * k, table, i * k, k));
  return out;
}
