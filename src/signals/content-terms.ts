import type { ProductTextIndex, SparseVector } from '../text/product-text-index.js';

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
  #of: Int32Array = new Int32Array(0);
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
    const t = new ContentTerms(index, names, Float64Array.from({ length: V }, (_, k) => index.tfidfIdf(k)), Math.log(1 + index.size) + 1);
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
      const grown = new Int32Array(Math.max(this.#index.terms.size, 2 * this.#of.length, 16)).fill(-1);
      grown.set(this.#of);
      this.#of = grown;
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
    let s = 0;
    for (let k = 0; k < n; k++) {
      const w = tf[k]! * this.#idfOf(terms[k]!);
      s += w * w;
    }
    const norm = Math.sqrt(s);
    if (norm === 0) return EMPTY_VECTOR;
    const weights = new Float32Array(n);
    for (let k = 0; k < n; k++) weights[k] = (tf[k]! * this.#idfOf(terms[k]!)) / norm;
    return { terms, weights };
  }

  #idfOf(c: number): number {
    return c < this.idf.length ? this.idf[c]! : this.newTermIdf;
  }
}
