import type { CsrMatrix } from '../dataset/csr.js';

/**
 * Scores every product as `sum over the user's items j of w_j * S[j, p]` for a sparse item-item
 * matrix S (row j = the neighbours of j): the scoring rule of item-kNN and of EASE's sparse form.
 * Writes into `out` (length = products), which is zeroed first.
 */
export function scoreFromNeighbours(
  S: CsrMatrix,
  items: Int32Array,
  weights: Float32Array,
  out: Float64Array,
): void {
  out.fill(0);
  for (let t = 0; t < items.length; t++) {
    const j = items[t]!;
    if (j < 0 || j >= S.rows) continue;
    const w = weights[t]!;
    for (let e = S.indptr[j]!; e < S.indptr[j + 1]!; e++) out[S.indices[e]!]! += w * S.values[e]!;
  }
}
