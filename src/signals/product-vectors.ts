import { transpose, type CsrMatrix } from '../dataset/csr.js';
import type { ProductTextIndex } from '../text/product-text-index.js';

/** L2-normalised TF-IDF vectors of every product, by product and by term. */
export interface ProductVectors {
  /** products x terms: row p is product p's unit vector (empty for a product without terms). */
  readonly byProduct: CsrMatrix;
  /** terms x products: the transpose, for scoring a query against the whole catalogue. */
  readonly byTerm: CsrMatrix;
}

/**
 * Builds the product vectors once from a text index whose document ids are product indices
 * (as a recommender's TextIndexCache gives): no per-request tokenising. O(total terms).
 */
export function buildProductVectors(index: ProductTextIndex, products: number): ProductVectors {
  const rows = Array.from({ length: products }, (_, p) => index.vector(p));
  const indptr = new Int32Array(products + 1);
  for (let p = 0; p < products; p++) indptr[p + 1] = indptr[p]! + rows[p]!.terms.length;
  const indices = new Int32Array(indptr[products]!);
  const values = new Float32Array(indptr[products]!);
  for (let p = 0; p < products; p++) {
    indices.set(rows[p]!.terms, indptr[p]!);
    values.set(rows[p]!.weights, indptr[p]!);
  }
  const byProduct: CsrMatrix = { rows: products, cols: index.terms.size, indptr, indices, values };
  return { byProduct, byTerm: transpose(byProduct) };
}
