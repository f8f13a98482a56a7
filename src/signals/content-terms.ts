import { grow } from '../_internal/grow.js';
import type { ProductTextIndex } from '../text/product-text-index.js';
import type { SparseVector } from '../text/sparse-vector.js';
import { tfidfIdf, tfidfNorm, tfidfWeights } from '../text/tfidf.js';

/** A vector without terms (a removed product's). */
export const EMPTY_VECTOR: SparseVector = Object.freeze({ terms: new Int32Array(0), weights: new Float32Array(0) });

/**
 * The content signal's term space: its own term ids (the text index's ids at fit; terms met later
 * are appended), each term's idf as learnt at fit, and the map from the index's term ids. Vectors
 * depend only on a product's text and this table, so a model file that keeps the table (names in
 * id order and idf) rebuilds every vector bit for bit, whatever ids a rebuilt index gives.
 */
export class ContentTerms {
  /** Term string by content term id. */
  readonly names: string[];
  /** The fit's idf by content term id; ids from `idf.length` on take {@link newTermIdf}. */
  readonly idf: Float64Array;
  /** idf of a term the fit never saw: the largest a fit term can have, `ln(1 + N) + 1`. */
  readonly newTermIdf: number;
  /** Content term id by index term id (-1: not mapped yet). */
  #of = new Int32Array(0);
  /** Scratch of vectorOf(): the idf of each term of one vector. */
  #idfScratch = new Float64Array(8);
  readonly #byName: Map<string, number>;
  readonly #index: ProductTextIndex;

  private constructor(index: ProductTextIndex, names: string[], idf: Float64Array, newTermIdf: number) {
    this.#index = index;
    this.names = names;
    this.idf = idf;
    this.newTermIdf = newTermIdf;
    this.#byName = new Map(names.map((n, c) => [n, c] as const));
  }

  /** The term space of a fit: the index's terms and idf as they stand. */
  static fit(index: ProductTextIndex): ContentTerms {
    const V = index.terms.size;
    const names = Array.from({ length: V }, (_, t) => index.terms.termAt(t));
    const t = new ContentTerms(index, names, Float64Array.from({ length: V }, (_, k) => index.tfidfIdf(k)), tfidfIdf(index.size, 0));
    t.#of = Int32Array.from({ length: V }, (_, k) => k);
    return t;
  }

  /** A saved term space (names in id order, the fit's idf and the new-term idf) over an index. */
  static restore(index: ProductTextIndex, names: string[], idf: Float64Array, newTermIdf: number): ContentTerms {
    return new ContentTerms(index, names, idf, newTermIdf);
  }

  /** Number of content term ids. */
  get size(): number {
    return this.names.length;
  }

  /** The content term id of an index term id, given one if new. */
  #id(indexTerm: number): number {
    if (indexTerm >= this.#of.length) {
      const known = this.#of.length;
      this.#of = grow(this.#of, this.#index.terms.size).fill(-1, known);
    }
    let c = this.#of[indexTerm]!;
    if (c < 0) {
      const name = this.#index.terms.termAt(indexTerm);
      c = this.#byName.get(name) ?? -1;
      if (c < 0) {
        c = this.names.length;
        this.names.push(name);
        this.#byName.set(name, c);
      }
      this.#of[indexTerm] = c;
    }
    return c;
  }

  /**
   * Document `doc`'s L2-normalised TF-IDF vector in content term ids (ascending), with the fit's
   * idf: `w(t) = tf(t) idf(t) / sqrt(sum_t (tf(t) idf(t))^2)`, the sum taken in id order. Empty
   * for an empty slot or a document without terms.
   */
  vectorOf(doc: number): SparseVector {
    const entry = this.#index.docTerms(doc);
    if (entry === undefined || entry.terms.length === 0) return EMPTY_VECTOR;
    const n = entry.terms.length;
    const ids = new Int32Array(n);
    let sorted = true;
    for (let k = 0; k < n; k++) {
      ids[k] = this.#id(entry.terms[k]!);
      if (k > 0 && ids[k]! < ids[k - 1]!) sorted = false;
    }
    const order = sorted ? undefined : Array.from({ length: n }, (_, k) => k).sort((a, b) => ids[a]! - ids[b]!);
    const terms = order === undefined ? ids : Int32Array.from(order, (k) => ids[k]!);
    const tf = order === undefined ? entry.tf : Float32Array.from(order, (k) => entry.tf[k]!);
    const idf = (this.#idfScratch = grow(this.#idfScratch, n));
    for (let k = 0; k < n; k++) idf[k] = this.#idfOf(terms[k]!);
    const norm = tfidfNorm(tf, idf);
    if (norm === 0) return EMPTY_VECTOR;
    return { terms, weights: tfidfWeights(tf, idf, norm) };
  }

  /** The fit's idf of content term id `c`, the new-term idf past the fitted ones. */
  #idfOf(c: number): number {
    return c < this.idf.length ? this.idf[c]! : this.newTermIdf;
  }
}
