import { indexOfSorted } from '../_internal/sorted-search.js';
import type { Product } from '../schema/entities.js';
import { detach } from './detach.js';
import { parseConfig } from '../_internal/parse-config.js';
import { TermDictionary } from './term-dictionary.js';
import { TextIndexConfigSchema, type TextIndexConfig, type TextIndexConfigInput } from './text-index-config.js';
import { prefetchTokenizer, tokenizeWith, tokenizeWithSegmenter, type TokenizerConfig } from './tokenizer.js';

/** A sparse vector over term ids: `terms` ascending, `weights` alongside. */
export interface SparseVector {
  readonly terms: Int32Array;
  readonly weights: Float32Array;
}

/** Sparse scores over documents: `docs` ascending, `scores` alongside. */
export interface SparseScores {
  readonly docs: Int32Array;
  readonly scores: Float64Array;
}

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

function growI32(a: Int32Array<ArrayBuffer>, min: number): Int32Array<ArrayBuffer> {
  if (a.length >= min) return a;
  const b = new Int32Array(Math.max(min, a.length * 2, 8));
  b.set(a);
  return b;
}

function growF64(a: Float64Array<ArrayBuffer>, min: number): Float64Array<ArrayBuffer> {
  if (a.length >= min) return a;
  const b = new Float64Array(Math.max(min, a.length * 2, 8));
  b.set(a);
  return b;
}

function growF32(a: Float32Array<ArrayBuffer>, min: number): Float32Array<ArrayBuffer> {
  if (a.length >= min) return a;
  const b = new Float32Array(Math.max(min, a.length * 2, 8));
  b.set(a);
  return b;
}

function growU8(a: Uint8Array<ArrayBuffer>, min: number): Uint8Array<ArrayBuffer> {
  if (a.length >= min) return a;
  const b = new Uint8Array(Math.max(min, a.length * 2, 8));
  b.set(a);
  return b;
}

/** Most field texts whose term ids an index memoises (the memo is emptied when full). */
const FIELD_CACHE_MAX_ENTRIES = 4096;
/** Longer field texts are tokenised every time (they rarely repeat, and would hold memory). */
const FIELD_CACHE_MAX_CHARS = 512;
/** Products whose non-ASCII pieces `build` segments ahead, batched into few ICU calls. */
const PREFETCH_BATCH = 256;

/**
 * Field-weighted product text index with an inverted index in typed arrays.
 *
 * - A document is one product; its weighted term frequency is `tf(t, d) = sum over fields of
 *   fieldWeight x count of t in the field`, and its length `dl(d) = sum_t tf(t, d)`.
 * - TF-IDF vector: `w(t, d) = tf(t, d) x (ln((1 + N) / (1 + df(t))) + 1)`, L2-normalised (N live
 *   documents, df documents containing t).
 * - BM25: `sum over distinct query terms t of idf(t) x tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))`
 *   with `idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))`; a query touches only its terms' postings.
 *
 * `add` / `remove` update it incrementally (idf and norms follow lazily); the result equals a
 * rebuild over the same products. Document ids are slots: products of `build(list)` get their
 * position in `list`; re-adding a known product id reuses its slot, a new id takes a new slot, and
 * a removed product's slot stays empty.
 */
export class ProductTextIndex {
  /** The parsed config. */
  readonly config: TextIndexConfig;
  /** Term string <-> id. */
  readonly terms = new TermDictionary();

  readonly #docOf = new Map<string, number>();
  readonly #docIds: (string | undefined)[] = [];
  readonly #docTerms: (Int32Array | undefined)[] = [];
  readonly #docTf: (Float32Array | undefined)[] = [];
  #docLen = new Float64Array(8);
  #live = 0;
  #totalLen = 0;

  readonly #postDocs: Int32Array<ArrayBuffer>[] = [];
  readonly #postTf: Float32Array<ArrayBuffer>[] = [];
  #postLen = new Int32Array(8);

  // Lazily refreshed caches, stamped with the version they were computed at.
  #version = 1;
  #idfStamp = new Int32Array(8);
  #idfBm25 = new Float64Array(8);
  #idfTfidf = new Float64Array(8);
  #normStamp = new Int32Array(8);
  #norm = new Float64Array(8);

  // Scratch of add(): weighted count per term id of the document being added (0 = not seen yet),
  // and the term ids seen, in first-seen order.
  #tfAcc = new Float64Array(8);
  #tfTerms = new Int32Array(8);
  #tfCount = 0;
  // Field text -> term ids in token order (bounded; ids are stable since the dictionary only grows).
  readonly #fieldCache = new Map<string, Int32Array>();

  // Scratch of bm25().
  #acc = new Float64Array(8);
  #seen = new Uint8Array(8);
  #touched = new Int32Array(8);

  readonly #tokenize: (cfg: TokenizerConfig, text: string) => string[];
  readonly #memo: boolean;

  constructor(config: TextIndexConfigInput = {}, options: TextIndexOptions = {}) {
    this.config = parseConfig('text index', TextIndexConfigSchema, config);
    const plain = options.plain === true;
    this.#tokenize = plain ? tokenizeWithSegmenter : tokenizeWith;
    this.#memo = !plain;
  }

  /** Builds an index over `products`; product i gets document id i (duplicate ids: the last wins, in the first's slot). */
  static build(products: readonly IndexableProduct[], config: TextIndexConfigInput = {}, options: TextIndexOptions = {}): ProductTextIndex {
    const index = new ProductTextIndex(config, options);
    const texts: string[] = [];
    for (let from = 0; from < products.length; from += PREFETCH_BATCH) {
      const to = Math.min(products.length, from + PREFETCH_BATCH);
      if (index.#memo) {
        texts.length = 0;
        for (let i = from; i < to; i++) {
          const p = products[i]!;
          for (const text of [p.title, p.tags.join(' | '), p.category, p.description]) {
            if (!index.#fieldCache.has(text)) texts.push(text);
          }
        }
        prefetchTokenizer(texts);
      }
      for (let i = from; i < to; i++) index.#addForward(products[i]!, false);
    }
    index.#buildPostings();
    index.#version++;
    return index;
  }

  /** Number of live documents (N). */
  get size(): number {
    return this.#live;
  }

  /** Number of document slots (one past the largest document id ever used). */
  get capacity(): number {
    return this.#docIds.length;
  }

  /** Mean document length over live documents (0 when empty). */
  get avgDocLength(): number {
    return this.#live === 0 ? 0 : this.#totalLen / this.#live;
  }

  /** Document id of a product id, or -1. */
  docOf(productId: string): number {
    return this.#docOf.get(productId) ?? -1;
  }

  /** Product id of a document, or undefined for an empty slot. */
  productIdAt(doc: number): string | undefined {
    return this.#docIds[doc];
  }

  /** Weighted length of a document (0 for an empty slot). */
  docLength(doc: number): number {
    return this.#docTerms[doc] === undefined ? 0 : this.#docLen[doc]!;
  }

  /** Number of live documents containing term id `term`. */
  df(term: number): number {
    return term >= 0 && term < this.terms.size ? this.#postLen[term]! : 0;
  }

  /** Forward entry of a document: its term ids ascending and weighted frequencies (views, do not mutate). */
  docTerms(doc: number): { readonly terms: Int32Array; readonly tf: Float32Array } | undefined {
    const terms = this.#docTerms[doc];
    const tf = this.#docTf[doc];
    return terms === undefined || tf === undefined ? undefined : { terms, tf };
  }

  /** Postings of a term: documents and weighted frequencies (views, do not mutate; order unspecified). */
  postings(term: number): { readonly docs: Int32Array; readonly tf: Float32Array } {
    const len = this.df(term);
    if (len === 0) return { docs: new Int32Array(0), tf: new Float32Array(0) };
    return { docs: this.#postDocs[term]!.subarray(0, len), tf: this.#postTf[term]!.subarray(0, len) };
  }

  /**
   * Indexes a product (replacing an earlier version with the same id); returns its document id.
   * `slot` puts a product the index does not hold into that document id, which must be empty or
   * the next one (a catalogue whose document ids are product indices lists a removed product again
   * in its own slot).
   * @throws RangeError when `slot` holds another product or lies past the next slot.
   */
  add(product: IndexableProduct, slot?: number): number {
    if (slot !== undefined && !this.#docOf.has(product.id) && slot !== this.#docIds.length) {
      if (!(Number.isInteger(slot) && slot >= 0 && slot < this.#docIds.length) || this.#docIds[slot] !== undefined) {
        throw new RangeError(`text index: slot ${slot} is not free for ${JSON.stringify(product.id)} (${this.#docIds.length} slots)`);
      }
      this.#docIds[slot] = product.id;
      this.#docOf.set(product.id, slot);
    }
    const doc = this.#addForward(product, true);
    const vocab = this.terms.size;
    this.#growTermArrays(vocab);
    while (this.#postDocs.length < vocab) {
      this.#postDocs.push(new Int32Array(4));
      this.#postTf.push(new Float32Array(4));
    }
    const ids = this.#docTerms[doc]!;
    const tf = this.#docTf[doc]!;
    for (let k = 0; k < ids.length; k++) {
      const t = ids[k]!;
      const n = this.#postLen[t]!;
      const docs = growI32(this.#postDocs[t]!, n + 1);
      const tfs = growF32(this.#postTf[t]!, n + 1);
      docs[n] = doc;
      tfs[n] = tf[k]!;
      this.#postDocs[t] = docs;
      this.#postTf[t] = tfs;
      this.#postLen[t] = n + 1;
    }
    this.#version++;
    return doc;
  }

  /**
   * Writes the forward entry of a product (its slot, distinct terms ascending, weighted
   * frequencies, length), replacing an earlier version with the same id; `postings` says whether
   * the postings exist yet (build() makes them all at the end). Returns the document id.
   */
  #addForward(product: IndexableProduct, postings: boolean): number {
    let doc = this.#docOf.get(product.id);
    if (doc !== undefined) this.#removeDoc(doc, postings);
    else {
      doc = this.#docIds.length;
      this.#docIds.push(product.id);
      this.#docTerms.push(undefined);
      this.#docTf.push(undefined);
      this.#docOf.set(product.id, doc);
      this.#docLen = growF64(this.#docLen, doc + 1);
    }
    const f = this.config.fields;
    this.#addField(product.title, f.title);
    if (f.tags > 0 && product.tags.length > 0) this.#addField(product.tags.join(' | '), f.tags);
    this.#addField(product.category, f.category);
    this.#addField(product.description, f.description);

    // The document's distinct terms ascending, their weighted counts, and the scratch reset.
    const count = this.#tfCount;
    const ids = this.#tfTerms.slice(0, count).sort();
    const tf = new Float32Array(count);
    let len = 0;
    for (let k = 0; k < count; k++) {
      const t = ids[k]!;
      tf[k] = this.#tfAcc[t]!;
      this.#tfAcc[t] = 0;
      len += tf[k]!;
    }
    this.#tfCount = 0;
    this.#docTerms[doc] = ids;
    this.#docTf[doc] = tf;
    this.#docLen[doc] = len;
    this.#live++;
    this.#totalLen += len;
    return doc;
  }

  /** Grows the per-term arrays (posting lengths, idf caches) to `vocab` terms. */
  #growTermArrays(vocab: number): void {
    if (this.#postLen.length >= vocab) return;
    this.#postLen = growI32(this.#postLen, vocab);
    this.#idfStamp = growI32(this.#idfStamp, vocab);
    this.#idfBm25 = growF64(this.#idfBm25, vocab);
    this.#idfTfidf = growF64(this.#idfTfidf, vocab);
  }

  /**
   * Makes all postings from the forward entries (after a bulk build): two flat arrays, each term's
   * postings a view of exactly its length, documents ascending. A later `add` copies a term's
   * postings out of the view when they grow.
   */
  #buildPostings(): void {
    const vocab = this.terms.size;
    this.#growTermArrays(vocab);
    const postLen = this.#postLen;
    postLen.fill(0);
    const slots = this.#docTerms.length;
    for (let d = 0; d < slots; d++) {
      const ids = this.#docTerms[d];
      if (ids !== undefined) for (let k = 0; k < ids.length; k++) postLen[ids[k]!]!++;
    }
    const start = new Int32Array(vocab + 1);
    for (let t = 0; t < vocab; t++) start[t + 1] = start[t]! + postLen[t]!;
    const allDocs = new Int32Array(start[vocab]!);
    const allTf = new Float32Array(start[vocab]!);
    const fill = start.slice(0, vocab);
    for (let d = 0; d < slots; d++) {
      const ids = this.#docTerms[d];
      const tf = this.#docTf[d];
      if (ids === undefined || tf === undefined) continue;
      for (let k = 0; k < ids.length; k++) {
        const at = fill[ids[k]!]!++;
        allDocs[at] = d;
        allTf[at] = tf[k]!;
      }
    }
    this.#postDocs.length = 0;
    this.#postTf.length = 0;
    for (let t = 0; t < vocab; t++) {
      this.#postDocs.push(allDocs.subarray(start[t], start[t + 1]));
      this.#postTf.push(allTf.subarray(start[t], start[t + 1]));
    }
  }

  /** Adds `weight` per term occurrence of a field's text to the scratch counts of the document being added. */
  #addField(text: string, weight: number): void {
    if (weight <= 0 || text.length === 0) return;
    const ids = this.#fieldTermIds(text);
    let acc = this.#tfAcc;
    if (acc.length < this.terms.size) acc = this.#tfAcc = growF64(acc, this.terms.size);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const before = acc[id]!;
      if (before === 0) {
        this.#tfTerms = growI32(this.#tfTerms, this.#tfCount + 1);
        this.#tfTerms[this.#tfCount++] = id;
      }
      acc[id] = before + weight;
    }
  }

  /** Term ids of a field text in token order, memoised for short texts (catalogues repeat categories, tags and templates). */
  #fieldTermIds(text: string): Int32Array {
    const cached = this.#fieldCache.get(text);
    if (cached !== undefined) return cached;
    const tokens = this.#tokenize(this.config.tokenizer, text);
    const ids = new Int32Array(tokens.length);
    for (let k = 0; k < tokens.length; k++) {
      const id = this.terms.idOf(tokens[k]!);
      // A new term may be a slice of the field's normalised text: stored detached, so the
      // dictionary does not keep that text alive.
      ids[k] = id >= 0 ? id : this.terms.add(detach(tokens[k]!));
    }
    if (this.#memo && text.length <= FIELD_CACHE_MAX_CHARS) {
      if (this.#fieldCache.size >= FIELD_CACHE_MAX_ENTRIES) this.#fieldCache.clear();
      this.#fieldCache.set(text, ids);
    }
    return ids;
  }

  /** Removes a product; returns false when its id is not indexed. Its slot stays empty. */
  remove(productId: string): boolean {
    const doc = this.#docOf.get(productId);
    if (doc === undefined) return false;
    this.#removeDoc(doc);
    this.#docOf.delete(productId);
    this.#docIds[doc] = undefined;
    return true;
  }

  #removeDoc(doc: number, postings = true): void {
    const ids = this.#docTerms[doc];
    if (ids === undefined) return;
    for (let k = 0; postings && k < ids.length; k++) {
      const t = ids[k]!;
      const n = this.#postLen[t]!;
      const docs = this.#postDocs[t]!;
      const at = docs.subarray(0, n).indexOf(doc);
      if (at < 0) continue;
      docs.copyWithin(at, at + 1, n);
      this.#postTf[t]!.copyWithin(at, at + 1, n);
      this.#postLen[t] = n - 1;
    }
    this.#live--;
    this.#totalLen -= this.#docLen[doc]!;
    if (this.#live === 0) this.#totalLen = 0;
    this.#docTerms[doc] = undefined;
    this.#docTf[doc] = undefined;
    this.#docLen[doc] = 0;
    this.#version++;
  }

  #refreshIdf(term: number): void {
    if (this.#idfStamp[term] === this.#version) return;
    const n = this.#live;
    const df = this.#postLen[term]!;
    this.#idfBm25[term] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    this.#idfTfidf[term] = Math.log((1 + n) / (1 + df)) + 1;
    this.#idfStamp[term] = this.#version;
  }

  /** BM25 idf of a term id: `ln(1 + (N - df + 0.5) / (df + 0.5))` (0 for an unknown id). */
  bm25Idf(term: number): number {
    if (term < 0 || term >= this.terms.size) return 0;
    this.#refreshIdf(term);
    return this.#idfBm25[term]!;
  }

  /** Smoothed TF-IDF idf of a term id: `ln((1 + N) / (1 + df)) + 1` (0 for an unknown id). */
  tfidfIdf(term: number): number {
    if (term < 0 || term >= this.terms.size) return 0;
    this.#refreshIdf(term);
    return this.#idfTfidf[term]!;
  }

  /** L2 norm of a document's un-normalised TF-IDF vector (0 for an empty slot or a document without terms). */
  norm(doc: number): number {
    const ids = this.#docTerms[doc];
    const tf = this.#docTf[doc];
    if (ids === undefined || tf === undefined) return 0;
    if (this.#normStamp.length <= doc) {
      this.#normStamp = growI32(this.#normStamp, this.#docIds.length);
      this.#norm = growF64(this.#norm, this.#docIds.length);
    }
    if (this.#normStamp[doc] === this.#version) return this.#norm[doc]!;
    let s = 0;
    for (let k = 0; k < ids.length; k++) {
      const w = tf[k]! * this.tfidfIdf(ids[k]!);
      s += w * w;
    }
    const norm = Math.sqrt(s);
    this.#norm[doc] = norm;
    this.#normStamp[doc] = this.#version;
    return norm;
  }

  /** The L2-normalised TF-IDF vector of a document (empty for an empty slot or a document without terms). */
  vector(doc: number): SparseVector {
    const ids = this.#docTerms[doc];
    const tf = this.#docTf[doc];
    const norm = this.norm(doc);
    if (ids === undefined || tf === undefined || norm === 0) return { terms: new Int32Array(0), weights: new Float32Array(0) };
    const weights = new Float32Array(ids.length);
    for (let k = 0; k < ids.length; k++) weights[k] = (tf[k]! * this.tfidfIdf(ids[k]!)) / norm;
    return { terms: ids.slice(), weights };
  }

  /** Distinct indexed term ids of a query text (terms no live document has are left out), in first-seen order. */
  queryTerms(text: string): Int32Array {
    const seen = new Set<number>();
    for (const t of this.#tokenize(this.config.tokenizer, text)) {
      const id = this.terms.idOf(t);
      if (id >= 0 && this.#postLen[id]! > 0) seen.add(id);
    }
    return Int32Array.from(seen);
  }

  /** BM25 contribution of one term to one document with weighted frequency `tf` (no allocation). */
  #termScore(idf: number, tf: number, doc: number, avgdl: number): number {
    const { k1, b } = this.config;
    return (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.#docLen[doc]!) / avgdl));
  }

  /**
   * BM25 scores of a query (a text, or distinct term ids) against all documents; only documents
   * sharing a term with the query appear. Cost: the postings of the query's terms.
   */
  bm25(query: string | Int32Array): SparseScores {
    const terms = typeof query === 'string' ? this.queryTerms(query) : query;
    const avgdl = this.avgDocLength;
    if (terms.length === 0 || avgdl === 0) return { docs: new Int32Array(0), scores: new Float64Array(0) };
    const cap = this.#docIds.length;
    this.#acc = growF64(this.#acc, cap);
    this.#seen = growU8(this.#seen, cap);
    const acc = this.#acc;
    const seen = this.#seen;
    let touched = this.#touched;
    let count = 0;
    for (let q = 0; q < terms.length; q++) {
      const t = terms[q]!;
      const n = this.df(t);
      if (n === 0) continue;
      const idf = this.bm25Idf(t);
      const docs = this.#postDocs[t]!;
      const tfs = this.#postTf[t]!;
      for (let k = 0; k < n; k++) {
        const d = docs[k]!;
        acc[d]! += this.#termScore(idf, tfs[k]!, d, avgdl);
        if (seen[d] === 0) {
          seen[d] = 1;
          if (count === touched.length) touched = growI32(touched, count + 1);
          touched[count++] = d;
        }
      }
    }
    this.#touched = touched;
    const docs = touched.slice(0, count).sort();
    const scores = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const d = docs[i]!;
      scores[i] = acc[d]!;
      acc[d] = 0;
      seen[d] = 0;
    }
    return { docs, scores };
  }

  /** BM25 score of distinct query term ids against one document (0 when nothing matches). */
  bm25Doc(terms: Int32Array, doc: number): number {
    const ids = this.#docTerms[doc];
    const tf = this.#docTf[doc];
    const avgdl = this.avgDocLength;
    if (ids === undefined || tf === undefined || avgdl === 0) return 0;
    let s = 0;
    for (let q = 0; q < terms.length; q++) {
      const t = terms[q]!;
      const k = indexOfSorted(ids, t);
      if (k >= 0) s += this.#termScore(this.bm25Idf(t), tf[k]!, doc, avgdl);
    }
    return s;
  }

  /** The query term ids present in a document, in query order. */
  sharedTerms(terms: Int32Array, doc: number): number[] {
    const ids = this.#docTerms[doc];
    const out: number[] = [];
    if (ids === undefined) return out;
    for (let q = 0; q < terms.length; q++) if (indexOfSorted(ids, terms[q]!) >= 0) out.push(terms[q]!);
    return out;
  }
}
