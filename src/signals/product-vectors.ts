import { transpose, type CsrMatrix } from '../dataset/csr.js';
import type { SparseVector } from '../text/product-text-index.js';

/** L2-normalised TF-IDF vectors of every product, by product and by term. */
export interface ProductVectors {
  /** products x terms: row p is product p's unit vector (empty for a product without terms). */
  readonly byProduct: CsrMatrix;
  /** terms x products: the transpose, for scoring a query against the whole catalogue. */
  readonly byTerm: CsrMatrix;
}

/**
 * Lays product vectors (`rows[p]`: term ids ascending, below `terms`) out as two flat CSR
 * matrices, by product and by term. O(total terms).
 */
export function buildProductVectors(rows: readonly SparseVector[], terms: number): ProductVectors {
  const products = rows.length;
  const indptr = new Int32Array(products + 1);
  for (let p = 0; p < products; p++) indptr[p + 1] = indptr[p]! + rows[p]!.terms.length;
  const indices = new Int32Array(indptr[products]!);
  const values = new Float32Array(indptr[products]!);
  for (let p = 0; p < products; p++) {
    indices.set(rows[p]!.terms, indptr[p]!);
    values.set(rows[p]!.weights, indptr[p]!);
  }
  const byProduct: CsrMatrix = { rows: products, cols: terms, indptr, indices, values };
  return { byProduct, byTerm: transpose(byProduct) };
}
