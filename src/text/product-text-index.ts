import { grow } from '../_internal/grow.js';
import { parseConfig } from '../_internal/parse-config.js';
import { indexOfSorted } from '../_internal/sorted-search.js';
import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import { transpose } from '../dataset/csr.js';
import type { Product } from '../schema/entities.js';
import { bm25Idf, bm25TermScore } from './bm25.js';
import { FieldTermIds } from './field-term-ids.js';
import { coveredHanChars } from './han.js';
import { ForwardIndex } from './forward-index.js';
import { PostingLists } from './posting-lists.js';
import type { SparseScores, SparseVector } from './sparse-vector.js';
import { StampedValues } from './stamped-values.js';
import { TermDictionary } from './term-dictionary.js';
import { TextIndexConfigSchema, type TextIndexConfig, type TextIndexConfigInput } from './text-index-config.js';
import { tfidfIdf, tfidfNorm, tfidfWeights } from './tfidf.js';
import { tokenizeWith, tokenizeWithSegmenter, type TokenizerConfig } from './tokenizer.js';
import { WeightedTermCounter } from './weighted-term-counter.js';

export type { SparseScores, SparseVector } from './sparse-vector.js';

/**
 * How an index tokenises. `plain: true` sends every field through the plain `Intl.Segmenter` path
 * with no memo: the same terms, slower; the reference that tests and benchmarks compare against.
 */
export interface TextIndexOptions {
  /** Use the plain segmenter path and no field memo. @default false */
  readonly plain?: boolean;
}

/** The text fields of a product the index reads. */
export type IndexableProduct = Pick<Product, 'id' | 'title' | 'description' | 'tags' | 'category'>;

/** Products whose non-ASCII pieces `build` segments ahead, batched into few ICU calls. */
const PREFETCH_BATCH = 256;

/**
 * Field-weighted product text index with an inverted index in typed arrays.
 *
 * - A document is one product; its weighted term frequency is `tf(t, d) = sum over fields of
 *   fieldWeight x min(count of t in the field, maxRepeats)` (a title that repeats a word thirty
 *   times says it once: keyword stuffing buys nothing), and its length `dl(d) = sum_t tf(t, d)`.
 * - TF-IDF vector: `w(t, d) = tf(t, d) x (ln((1 + N) / (1 + df(t))) + 1)`, L2-normalised (N live
 *   documents, df documents containing t).
 * - BM25: `sum over distinct query terms t of idf(t) x tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))`
 *   with `idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))`; a query touches only its terms' postings.
 *
 * `add` / `remove` update it incrementally (idf and norms follow lazily); the result equals a
 * rebuild over the same products. Document ids are slots: products of `build(list)` get their
 * position in `list`; re-adding a known product id reuses its slot, a new id takes a new slot, and
 * a removed product's slot stays empty.
 *
 * The parts: {@link ForwardIndex} (slots and per-document terms), {@link PostingLists} (per-term
 * documents), {@link FieldTermIds} and {@link WeightedTermCounter} (fields to weighted terms),
 * `bm25.ts` and `tfidf.ts` (the formulas), {@link StampedValues} (idf and norms per version),
 * {@link SparseAccumulator} (per-query scores).
 */
export class ProductTextIndex {
  /** The parsed config. */
  readonly config: TextIndexConfig;
  /** Term string <-> id. */
  readonly terms = new TermDictionary();

  readonly #docs = new ForwardIndex();
  readonly #postings = new PostingLists();
  readonly #fields: FieldTermIds;
  readonly #counter = new WeightedTermCounter();
  readonly #tokenize: (cfg: TokenizerConfig, text: string) => string[];

  // The version of the documents, moved by every change; idf and norms are stamped with it.
  #version = 1;
  readonly #idfBm25 = new StampedValues((t) => bm25Idf(this.#docs.live, this.#postings.count(t)));
  readonly #idfTfidf = new StampedValues((t) => tfidfIdf(this.#docs.live, this.#postings.count(t)));
  readonly #norm = new StampedValues((d) => tfidfNorm(this.#docs.tfOf(d)!, this.#entryIdf(this.#docs.termsOf(d)!)));
  // Scratch of norm() and vector(): the TF-IDF idf of each term of one document.
  #idfScratch = new Float64Array(8);
  readonly #scores = new SparseAccumulator();

  constructor(config: TextIndexConfigInput = {}, options: TextIndexOptions = {}) {
    this.config = parseConfig('text index', TextIndexConfigSchema, config);
    const plain = options.plain === true;
    this.#tokenize = plain ? tokenizeWithSegmenter : tokenizeWith;
    this.#fields = new FieldTermIds(this.terms, this.config.tokenizer, this.#tokenize, !plain);
  }

  /** Builds an index over `products`; product i gets document id i (duplicate ids: the last wins, in the first's slot). */
  static build(products: readonly IndexableProduct[], config: TextIndexConfigInput = {}, options: TextIndexOptions = {}): ProductTextIndex {
    const index = new ProductTextIndex(config, options);
    for (let from = 0; from < products.length; from += PREFETCH_BATCH) {
      const batch = products.slice(from, from + PREFETCH_BATCH);
      index.#fields.prefetch(batch.flatMap((p) => [p.title, p.tags.join(' | '), p.category, p.description]));
      for (const p of batch) index.#write(p, false);
    }
    // All postings at once: the transpose of the forward entries, one view per term.
    index.#postings.load(transpose(index.#docs.toCsr(index.terms.size)));
    index.#version++;
    return index;
  }

  /** Number of live documents (N). */
  get size(): number {
    return this.#docs.live;
  }

  /** Number of document slots (one past the largest document id ever used). */
  get capacity(): number {
    return this.#docs.slots;
  }

  /** Mean document length over live documents (0 when empty). */
  get avgDocLength(): number {
    return this.#docs.avgLength;
  }

  /** Document id of a product id, or -1. */
  docOf(productId: string): number {
    return this.#docs.docOf(productId) ?? -1;
  }

  /** Product id of a document, or undefined for an empty slot. */
  productIdAt(doc: number): string | undefined {
    return this.#docs.productIdAt(doc);
  }

  /** Weighted length of a document (0 for an empty slot). */
  docLength(doc: number): number {
    return this.#docs.termsOf(doc) === undefined ? 0 : this.#docs.lengthOf(doc);
  }

  /** Number of live documents containing term id `term`. */
  df(term: number): number {
    return term >= 0 && term < this.terms.size ? this.#postings.count(term) : 0;
  }

  /** Forward entry of a document: its term ids ascending and weighted frequencies (views, do not mutate). */
  docTerms(doc: number): { readonly terms: Int32Array; readonly tf: Float32Array } | undefined {
    const terms = this.#docs.termsOf(doc);
    const tf = this.#docs.tfOf(doc);
    return terms === undefined || tf === undefined ? undefined : { terms, tf };
  }

  /** Postings of a term: documents and weighted frequencies (views, do not mutate; order unspecified). */
  postings(term: number): { readonly docs: Int32Array; readonly tf: Float32Array } {
    const len = this.df(term);
    if (len === 0) return { docs: new Int32Array(0), tf: new Float32Array(0) };
    return { docs: this.#postings.docsOf(term).subarray(0, len), tf: this.#postings.tfOf(term).subarray(0, len) };
  }

  /**
   * Indexes a product (replacing an earlier version with the same id); returns its document id.
   * `slot` puts a product the index does not hold into that document id, which must be empty or
   * the next one (a catalogue whose document ids are product indices lists a removed product again
   * in its own slot).
   * @throws RangeError when `slot` holds another product or lies past the next slot.
   */
  add(product: IndexableProduct, slot?: number): number {
    if (slot !== undefined) this.#docs.place(product.id, slot);
    const doc = this.#write(product, true);
    this.#postings.reserve(this.terms.size);
    this.#postings.append(doc, this.#docs.termsOf(doc)!, this.#docs.tfOf(doc)!);
    this.#version++;
    return doc;
  }

  /** Removes a product; returns false when its id is not indexed. Its slot stays empty. */
  remove(productId: string): boolean {
    const doc = this.#docs.docOf(productId);
    if (doc === undefined) return false;
    this.#clear(doc, true);
    this.#docs.release(productId);
    return true;
  }

  /**
   * Writes the forward entry of a product (in its slot, or a new one), replacing an earlier
   * version with the same id; `postings` says whether postings exist yet to take the earlier
   * version out of (build() makes them all at the end). Returns the document id.
   */
  #write(product: IndexableProduct, postings: boolean): number {
    const doc = this.#docs.slotOf(product.id);
    this.#clear(doc, postings);
    const f = this.config.fields;
    this.#countField(product.title, f.title);
    if (f.tags > 0 && product.tags.length > 0) this.#countField(product.tags.join(' | '), f.tags);
    this.#countField(product.category, f.category);
    this.#countField(product.description, f.description);
    this.#docs.set(doc, this.#counter.take());
    return doc;
  }

  /** Adds `weight` per term occurrence of a field's text to the counts of the document being written. */
  #countField(text: string, weight: number): void {
    if (weight <= 0 || text.length === 0) return;
    const ids = this.#fields.of(text);
    this.#counter.add(ids, weight, this.terms.size, this.config.maxRepeats);
  }

  /** Empties document `doc`'s entry (and its postings when they exist); nothing for an empty slot. */
  #clear(doc: number, postings: boolean): void {
    const terms = this.#docs.clear(doc);
    if (terms === undefined) return;
    if (postings) this.#postings.remove(doc, terms);
    this.#version++;
  }

  /** BM25 idf of a term id: `ln(1 + (N - df + 0.5) / (df + 0.5))` (0 for an unknown id). */
  bm25Idf(term: number): number {
    if (term < 0 || term >= this.terms.size) return 0;
    return this.#idfBm25.get(term, this.#version);
  }

  /** Smoothed TF-IDF idf of a term id: `ln((1 + N) / (1 + df)) + 1` (0 for an unknown id). */
  tfidfIdf(term: number): number {
    if (term < 0 || term >= this.terms.size) return 0;
    return this.#idfTfidf.get(term, this.#version);
  }

  /** L2 norm of a document's un-normalised TF-IDF vector (0 for an empty slot or a document without terms). */
  norm(doc: number): number {
    if (this.#docs.termsOf(doc) === undefined || this.#docs.tfOf(doc) === undefined) return 0;
    return this.#norm.get(doc, this.#version);
  }

  /** The L2-normalised TF-IDF vector of a document (empty for an empty slot or a document without terms). */
  vector(doc: number): SparseVector {
    const terms = this.#docs.termsOf(doc);
    const tf = this.#docs.tfOf(doc);
    const norm = this.norm(doc);
    if (terms === undefined || tf === undefined || norm === 0) return { terms: new Int32Array(0), weights: new Float32Array(0) };
    return { terms: terms.slice(), weights: tfidfWeights(tf, this.#entryIdf(terms), norm) };
  }

  /** The TF-IDF idf of each of `terms` (ids in the dictionary), in a scratch array the next call overwrites. */
  #entryIdf(terms: Int32Array): Float64Array {
    const idf = (this.#idfScratch = grow(this.#idfScratch, terms.length));
    for (let k = 0; k < terms.length; k++) idf[k] = this.tfidfIdf(terms[k]!);
    return idf;
  }

  /**
   * Distinct indexed term ids of a query text (terms no live document has are left out), in
   * first-seen order. Under tokeniser rules 2 a single Han character is left out when a longer term
   * of the query holds it (`热搜` -> `热搜`, not `热` and `搜`): alone it is weak evidence that
   * matches unrelated products (`热销`); a one-character query keeps it.
   */
  queryTerms(text: string): Int32Array {
    const seen = new Set<number>();
    const tokens = this.#tokenize(this.config.tokenizer, text);
    const covered = this.config.tokenizer.rules === 1 ? undefined : coveredHanChars(tokens);
    for (const t of tokens) {
      if (covered?.has(t) === true) continue;
      const id = this.terms.idOf(t);
      if (id >= 0 && this.#postings.count(id) > 0) seen.add(id);
    }
    return Int32Array.from(seen);
  }

  /**
   * BM25 scores of a query (a text, or distinct term ids) against all documents; only documents
   * sharing a term with the query appear. Cost: the postings of the query's terms.
   */
  bm25(query: string | Int32Array): SparseScores {
    const terms = typeof query === 'string' ? this.queryTerms(query) : query;
    const avgdl = this.avgDocLength;
    if (terms.length === 0 || avgdl === 0) return { docs: new Int32Array(0), scores: new Float64Array(0) };
    const { k1, b } = this.config;
    const forward = this.#docs;
    const acc = this.#scores;
    acc.reserve(forward.slots);
    for (let q = 0; q < terms.length; q++) {
      const t = terms[q]!;
      const n = this.df(t);
      if (n === 0) continue;
      const idf = this.bm25Idf(t);
      const docs = this.#postings.docsOf(t);
      const tfs = this.#postings.tfOf(t);
      for (let k = 0; k < n; k++) {
        const d = docs[k]!;
        acc.add(d, bm25TermScore(idf, tfs[k]!, forward.lengthOf(d), avgdl, k1, b));
      }
    }
    const { ids, sums } = acc.take(Float64Array);
    return { docs: ids, scores: sums };
  }

  /** BM25 score of distinct query term ids against one document (0 when nothing matches). */
  bm25Doc(terms: Int32Array, doc: number): number {
    const ids = this.#docs.termsOf(doc);
    const tf = this.#docs.tfOf(doc);
    const avgdl = this.avgDocLength;
    if (ids === undefined || tf === undefined || avgdl === 0) return 0;
    const { k1, b } = this.config;
    const length = this.#docs.lengthOf(doc);
    let s = 0;
    for (let q = 0; q < terms.length; q++) {
      const t = terms[q]!;
      const k = indexOfSorted(ids, t);
      if (k >= 0) s += bm25TermScore(this.bm25Idf(t), tf[k]!, length, avgdl, k1, b);
    }
    return s;
  }

  /** The query term ids present in a document, in query order. */
  sharedTerms(terms: Int32Array, doc: number): number[] {
    const ids = this.#docs.termsOf(doc);
    const out: number[] = [];
    if (ids === undefined) return out;
    for (let q = 0; q < terms.length; q++) if (indexOfSorted(ids, terms[q]!) >= 0) out.push(terms[q]!);
    return out;
  }
}
