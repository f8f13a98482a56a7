/** Dot product of `a[ao .. ao+k)` and `b[bo .. bo+k)`, unrolled by 4. */
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

/** `y[yo..] += alpha * x[xo..]` over k entries. */
export function axpy(alpha: number, x: ArrayLike<number>, xo: number, y: Float64Array | Float32Array, yo: number, k: number): void {
  for (let f = 0; f < k; f++) y[yo + f]! += alpha * x[xo + f]!;
}

/**
 * Scores `out[i] = dot(user, items[i*k .. i*k+k))` for every item: a blocked scan that reads the
 * user vector once per 4 items. The floor for exact scoring over a factor table.
 */
export function scoreAll(user: Float64Array | Float32Array, items: Float32Array, k: number, out: Float32Array): void {
  scoreRange(user, items, k, 0, out);
}

/**
 * Scores the items `first .. first + out.length` of the factor table into `out[0 ..]` (the blocked
 * scan of {@link scoreAll} over one range, so callers can scan a large table in cache-sized chunks).
 */
export function scoreRange(user: Float64Array | Float32Array, items: Float32Array, k: number, first: number, out: Float32Array): void {
  const n = out.length;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const o0 = (first + i) * k;
    const o1 = o0 + k;
    const o2 = o1 + k;
    const o3 = o2 + k;
    for (let f = 0; f < k; f++) {
      const u = user[f]!;
      s0 += u * items[o0 + f]!;
      s1 += u * items[o1 + f]!;
      s2 += u * items[o2 + f]!;
      s3 += u * items[o3 + f]!;
    }
    out[i] = s0;
    out[i + 1] = s1;
    out[i + 2] = s2;
    out[i + 3] = s3;
  }
  // The tail with one accumulator too, so an item's score does not depend on its position.
  for (; i < n; i++) {
    const o = (first + i) * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += user[f]! * items[o + f]!;
    out[i] = s;
  }
}
