import { grow } from '../_internal/grow.js';
import type { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import type { SparseVector } from '../text/sparse-vector.js';
import { EMPTY_VECTOR } from './content-terms.js';
import { buildProductVectors, type ProductVectors } from './product-vectors.js';

/**
 * The content signal's product vectors, growing online: the fitted ones in two flat CSR
 * matrices (by product and by term), and, for each product added or whose text changed after
 * fit, its own vector (an overlay, with per-term postings), the fitted row then masked. A removed
 * product's vector is empty. Memory: the fitted CSR (8 bytes per entry, twice) plus about 8 bytes
 * per entry of the overlay's vectors and postings; the overlay holds at most one vector per product.
 */
export class ContentVectors {
  readonly #base: ProductVectors;
  /** 1 for a product whose vector lives in the overlay (fitted row masked); capacity doubles. */
  #changed = new Uint8Array(0);
  #rows: number;
  #cols: number;
  readonly #overlay = new Map<number, SparseVector>();
  /** Overlay postings per term: products (unordered) and weights. */
  readonly #postings = new Map<number, { docs: number[]; weights: number[] }>();

  /** The vectors `rows[p]` of the products over `terms` term ids, laid out as a fit's. */
  constructor(rows: readonly SparseVector[], terms: number) {
    this.#base = buildProductVectors(rows, terms);
    this.#rows = rows.length;
    this.#cols = terms;
  }

  /** Number of products. */
  get rows(): number {
    return this.#rows;
  }

  /** Number of term ids a vector may hold (the vocabulary's size). */
  get cols(): number {
    return this.#cols;
  }

  /** Grows to `rows` products and `cols` term ids (never shrinks). */
  resize(rows: number, cols: number): void {
    this.#rows = Math.max(this.#rows, rows);
    this.#cols = Math.max(this.#cols, cols);
    this.#changed = grow(this.#changed, this.#rows);
  }

  /** Replaces product p's vector (an empty one for a removed product). */
  set(p: number, vector: SparseVector): void {
    this.resize(p + 1, 0);
    const old = this.#overlay.get(p);
    if (old !== undefined) {
      for (const t of old.terms) {
        const list = this.#postings.get(t)!;
        const at = list.docs.indexOf(p);
        list.docs.splice(at, 1);
        list.weights.splice(at, 1);
        if (list.docs.length === 0) this.#postings.delete(t);
      }
    }
    this.#changed[p] = 1;
    this.#overlay.set(p, vector);
    vector.terms.forEach((t, k) => {
      let list = this.#postings.get(t);
      if (list === undefined) this.#postings.set(t, (list = { docs: [], weights: [] }));
      list.docs.push(p);
      list.weights.push(vector.weights[k]!);
    });
  }

  /** True when p's fitted row is current. */
  #fitted(p: number): boolean {
    return p < this.#base.byProduct.rows && this.#changed[p] !== 1;
  }

  /** `sum over p's terms t of dense[t] * w(t, p)` (0 for an empty vector or p out of range). */
  dot(p: number, dense: Float64Array): number {
    if (!(p >= 0 && p < this.#rows)) return 0;
    let s = 0;
    if (this.#fitted(p)) {
      const V = this.#base.byProduct;
      for (let e = V.indptr[p]!; e < V.indptr[p + 1]!; e++) s += dense[V.indices[e]!]! * V.values[e]!;
      return s;
    }
    const v = this.#overlay.get(p);
    if (v !== undefined) for (let k = 0; k < v.terms.length; k++) s += dense[v.terms[k]!]! * v.weights[k]!;
    return s;
  }

  /** Adds `scale * w(t, p)` to `acc[t]` for each term t of p's vector. */
  addRow(p: number, scale: number, acc: SparseAccumulator): void {
    if (!(p >= 0 && p < this.#rows)) return;
    if (this.#fitted(p)) {
      const V = this.#base.byProduct;
      for (let e = V.indptr[p]!; e < V.indptr[p + 1]!; e++) acc.add(V.indices[e]!, scale * V.values[e]!);
      return;
    }
    const v = this.#overlay.get(p);
    if (v !== undefined) for (let k = 0; k < v.terms.length; k++) acc.add(v.terms[k]!, scale * v.weights[k]!);
  }

  /** Product p's vector (a copy of a fitted row; empty out of range). */
  row(p: number): SparseVector {
    if (!(p >= 0 && p < this.#rows)) return EMPTY_VECTOR;
    if (!this.#fitted(p)) return this.#overlay.get(p) ?? EMPTY_VECTOR;
    const V = this.#base.byProduct;
    const s = V.indptr[p]!;
    const e = V.indptr[p + 1]!;
    return { terms: V.indices.slice(s, e), weights: V.values.slice(s, e) };
  }

  /** Postings of term t: at most this many products carry it. */
  postingCount(t: number): number {
    const T = this.#base.byTerm;
    const base = t >= 0 && t < T.rows ? T.indptr[t + 1]! - T.indptr[t]! : 0;
    return base + (this.#postings.get(t)?.docs.length ?? 0);
  }

  /** Adds `scale * w(t, p)` to `acc[p]` for each product p carrying term t. */
  addPostings(t: number, scale: number, acc: SparseAccumulator): void {
    const T = this.#base.byTerm;
    if (t >= 0 && t < T.rows) {
      for (let e = T.indptr[t]!; e < T.indptr[t + 1]!; e++) {
        const p = T.indices[e]!;
        if (this.#changed[p] !== 1) acc.add(p, scale * T.values[e]!);
      }
    }
    const list = this.#postings.get(t);
    if (list !== undefined) for (let k = 0; k < list.docs.length; k++) acc.add(list.docs[k]!, scale * list.weights[k]!);
  }
}
