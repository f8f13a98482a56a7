/** Dense matrix-vector products over row-major float64 matrices. */

/**
 * `out = G v` for a k x k row-major matrix, four rows of G per pass over v; each entry one
 * accumulator over the columns in order.
 */
export function matVec(G: Float64Array, v: Float64Array, out: Float64Array, k: number): void {
  let a = 0;
  for (; a + 3 < k; a += 4) {
    const o0 = a * k;
    const o1 = o0 + k;
    const o2 = o1 + k;
    const o3 = o2 + k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let f = 0; f < k; f++) {
      const vf = v[f]!;
      s0 += G[o0 + f]! * vf;
      s1 += G[o1 + f]! * vf;
      s2 += G[o2 + f]! * vf;
      s3 += G[o3 + f]! * vf;
    }
    out[a] = s0;
    out[a + 1] = s1;
    out[a + 2] = s2;
    out[a + 3] = s3;
  }
  for (; a < k; a++) {
    const o = a * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += G[o + f]! * v[f]!;
    out[a] = s;
  }
}
