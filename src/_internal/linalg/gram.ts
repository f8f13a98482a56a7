/** The Gram matrix `YtY` of a factor table (the fixed side of an ALS half-sweep). */

/**
 * Adds rows `aFrom .. aTo` of the upper triangle of `YtY` (entries b >= a) into `G` (k x k,
 * float64): a rank-4 update per pass over four rows of `Y`, then the rows left one by one. Each
 * entry's sum runs over the rows of Y in the same order whatever range of a computes it, so
 * splitting the rows of G between threads changes no bit.
 */
export function gramRows(Y: Float32Array, rows: number, k: number, G: Float64Array, aFrom: number, aTo: number): void {
  const rows4 = rows - (rows % 4);
  let r = 0;
  for (; r < rows4; r += 4) {
    const o0 = r * k;
    const o1 = o0 + k;
    const o2 = o1 + k;
    const o3 = o2 + k;
    for (let a = aFrom; a < aTo; a++) {
      const a0 = Y[o0 + a]!;
      const a1 = Y[o1 + a]!;
      const a2 = Y[o2 + a]!;
      const a3 = Y[o3 + a]!;
      const ga = a * k;
      for (let b = a; b < k; b++) G[ga + b]! += a0 * Y[o0 + b]! + a1 * Y[o1 + b]! + a2 * Y[o2 + b]! + a3 * Y[o3 + b]!;
    }
  }
  for (; r < rows; r++) {
    const o = r * k;
    for (let a = aFrom; a < aTo; a++) {
      const ya = Y[o + a]!;
      const ga = a * k;
      for (let b = a; b < k; b++) G[ga + b]! += ya * Y[o + b]!;
    }
  }
}

/** Adds `reg` to the diagonal of the upper-triangle Gram `G` and mirrors it into the lower triangle. */
export function gramFinish(G: Float64Array, k: number, reg: number): void {
  for (let a = 0; a < k; a++) {
    G[a * k + a]! += reg;
    for (let b = a + 1; b < k; b++) G[b * k + a] = G[a * k + b]!;
  }
}

/** `YtY + reg * I` (k x k, both triangles, float64) of the `rows` x k table Y. */
export function gram(Y: Float32Array, rows: number, k: number, reg: number): Float64Array {
  const G = new Float64Array(k * k);
  gramRows(Y, rows, k, G, 0, k);
  gramFinish(G, k, reg);
  return G;
}
