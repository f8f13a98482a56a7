import * as z from 'zod/mini';
import { parseConfig } from '../_internal/parse-config.js';
import { TopK } from '../_internal/top-k.js';
import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import type { CatalogueChange } from '../dataset/catalogue.js';
import type { Dataset } from '../dataset/dataset.js';
import { FormatError, NotFittedError } from '../errors.js';
import type { ProductTextIndex as TextIndex } from '../text/product-text-index.js';
import { applyToIndex, indexCatalogue } from '../text/text-index-cache.js';
import { TextIndexConfigSchema } from '../text/text-index-config.js';
import { ContentTerms, EMPTY_VECTOR } from './content-terms.js';
import { ContentVectors } from './content-vectors.js';
import type { FitContext, ScoredItems, Signal, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { NO_ITEMS } from './top-n.js';

/** Content signal config. */
export const ContentConfigSchema = z.strictObject({
  type: z._default(z.literal('content'), 'content'),
  /**
   * Product text index: tokeniser, field weights (title 2, tags 1.5, category 1, description 0.5),
   * BM25 k1 and b. Content counts every occurrence of a term (`maxRepeats: null`): a word a
   * product's text repeats weighs more in its vector (measured: capping at 1 cost Amazon gift cards
   * 2 points of NDCG@10 and the fairness goal); topic matching (trending) caps at 1 against stuffing.
   */
  text: z.prefault(TextIndexConfigSchema, { maxRepeats: null }),
  /**
   * Postings walked per request to generate candidates (topN): the profile's heaviest terms
   * first, a term skipped when its postings exceed what is left (so catalogue-wide boilerplate
   * terms do not cost a full scan). Scores always use the whole profile. @default 20000
   */
  candidatePostings: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100_000_000)), 20_000),
});

/** Content config as written by a caller. */
export type ContentConfigInput = z.input<typeof ContentConfigSchema>;
/** Content config with defaults. */
export type ContentConfig = z.output<typeof ContentConfigSchema>;

/**
 * Content signal (docs/design.md 3): each product is its L2-normalised TF-IDF vector over title,
 * tags, category and description; a user's profile is `sum_j w_j v_j` over the products j of
 * their history with decayed weights w_j; the score is the cosine `profile . v_p / |profile|`,
 * in [0, 1]. It needs no interactions on the product side, so a product nobody has touched
 * (a new product of a new merchant) scores as well as an old one; a user with one event is
 * enough. NaN for a user with no history.
 *
 * Online catalogue (`observeProducts`): the idf is learnt at fit, as a fitted TF-IDF vectoriser's;
 * a product added or whose text changed after fit is vectorised at once with it (a term the fit
 * never saw takes the largest idf a fit term can have, `ln(1 + N) + 1` for N products at fit), so
 * its vector is comparable with the others and equal to a fitted product's of the same text; a
 * removed product's vector is empty. A refit recomputes the idf.
 */
export class ContentSignal implements Signal {
  readonly type = 'content';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: true, coldUsers: false, baseline: false, foldIn: false, topics: false, similarity: true, explains: true, boosts: false, catalogue: true, interactions: false });
  readonly reason = 'matches the products you liked';
  readonly config: ContentConfig;
  #index: TextIndex | undefined;
  /** True when the index was built here (no fit context): this signal keeps it up to date. */
  #ownsIndex = false;
  #vectors: ContentVectors | undefined;
  #terms: ContentTerms | undefined;
  #profile = new SparseAccumulator(0);
  #products = new SparseAccumulator(0);
  #profileNorm = 0;
  #profileItems: Int32Array | undefined;
  #profileWeights: Float32Array | undefined;

  constructor(config: ContentConfigInput = {}) {
    this.config = parseConfig('content', ContentConfigSchema, config);
  }

  get fitted(): boolean {
    return this.#vectors !== undefined;
  }

  /** The product vectors, after fit. */
  get #v(): ContentVectors {
    if (this.#vectors === undefined) throw new NotFittedError('content');
    return this.#vectors;
  }

  fit(dataset: Dataset, context?: FitContext): void {
    const index = this.#indexFor(dataset, context);
    this.#install(dataset, index, ContentTerms.fit(index));
  }

  /** The text index of the fit context, or one built here (and then kept up to date here). */
  #indexFor(dataset: Dataset, context: FitContext | undefined): TextIndex {
    const shared = context?.textIndex?.(this.config.text);
    this.#ownsIndex = shared === undefined;
    return shared ?? indexCatalogue(dataset, this.config.text);
  }

  #install(dataset: Dataset, index: TextIndex, terms: ContentTerms): void {
    const rows = Array.from({ length: dataset.products.size }, (_, p) => terms.vectorOf(p));
    const vectors = new ContentVectors(rows, terms.size);
    this.#index = index;
    this.#terms = terms;
    this.#vectors = vectors;
    this.#profile = new SparseAccumulator(vectors.cols);
    this.#products = new SparseAccumulator(vectors.rows);
    this.#profileItems = undefined;
    this.#profileWeights = undefined;
  }

  /**
   * Vectorises the products that entered or changed text with the fit's idf, empties removed
   * ones' vectors. O(terms of the changed products).
   */
  observeProducts(change: CatalogueChange): void {
    const vectors = this.#v;
    const terms = this.#terms!;
    if (this.#ownsIndex) applyToIndex(this.#index!, change);
    for (const list of [change.added, change.updated]) for (const p of list) vectors.set(p, terms.vectorOf(p));
    for (const p of change.removed) vectors.set(p, EMPTY_VECTOR);
    vectors.resize(change.dataset.products.size, terms.size);
    if (this.#profile.size < vectors.cols) this.#profile = new SparseAccumulator(vectors.cols);
    if (this.#products.size < vectors.rows) this.#products = new SparseAccumulator(vectors.rows);
    this.#profileItems = undefined;
    this.#profileWeights = undefined;
  }

  /**
   * The term space (names in id order as UTF-8 JSON; the fit's idf, then the new-term idf): with
   * the catalogue it rebuilds every vector exactly, products changed after fit included.
   */
  exportState(): SignalState {
    const t = this.#terms;
    if (t === undefined) throw new NotFittedError('content');
    const idf = new Float64Array(t.idf.length + 1);
    idf.set(t.idf);
    idf[t.idf.length] = t.newTermIdf;
    return new Map<string, StateArray>([
      ['terms', encoder.encode(JSON.stringify(t.names))],
      ['idf', idf],
    ]);
  }

  /** Rebuilds the vectors of the dataset's products with a saved term space. */
  importState(state: SignalState, dataset: Dataset, context?: FitContext): void {
    const bytes = state.get('terms');
    const idf = state.get('idf');
    if (!(bytes instanceof Uint8Array) || !(idf instanceof Float64Array) || idf.length === 0) throw new FormatError('content state needs uint8 terms (UTF-8 JSON) and float64 idf');
    let names: unknown;
    try {
      names = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      throw new FormatError(`content state: terms are not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string') || new Set(names).size !== names.length || idf.length - 1 > names.length) {
      throw new FormatError('content state: terms must be distinct strings, at least one per fitted idf');
    }
    if (!idf.every((v) => Number.isFinite(v) && v >= 0)) throw new FormatError('content state: idf holds a negative or non-finite value');
    const index = this.#indexFor(dataset, context);
    this.#install(dataset, index, ContentTerms.restore(index, names as string[], idf.slice(0, -1), idf[idf.length - 1]!));
  }

  /**
   * Builds the user's profile into the term accumulator (cached for the same history arrays, so
   * topN and score of one request build it once). Returns false when the profile is empty.
   */
  #buildProfile(user: UserContext): boolean {
    const V = this.#v;
    if (user.items === this.#profileItems && user.weights === this.#profileWeights) return this.#profileNorm > 0;
    const prof = this.#profile;
    prof.reset();
    for (let t = 0; t < user.items.length; t++) {
      const w = user.weights[t]!;
      if (w > 0) V.addRow(user.items[t]!, w, prof);
    }
    let ss = 0;
    const values = prof.values;
    for (let k = 0; k < prof.count; k++) ss += values[prof.touchedAt(k)]! ** 2;
    this.#profileNorm = Math.sqrt(ss);
    this.#profileItems = user.items;
    this.#profileWeights = user.weights;
    return this.#profileNorm > 0;
  }

  /** Cosine of the built profile with product p (0 for a product without terms). */
  #cosine(p: number): number {
    return this.#v.dot(p, this.#profile.values) / this.#profileNorm;
  }

  score(user: UserContext, candidates: Int32Array): Float32Array {
    const V = this.#v;
    const out = new Float32Array(candidates.length);
    if (!this.#buildProfile(user)) return out.fill(Number.NaN);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      out[i] = c >= 0 && c < V.rows ? this.#cosine(c) : Number.NaN;
    }
    return out;
  }

  /**
   * Products closest to the profile: the postings of its heaviest terms (within
   * `candidatePostings`) give partial dot products; the best `4n` by partial score are scored
   * exactly and the best `n` returned. Products sharing no walked term are left out.
   */
  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const V = this.#v;
    if (!this.#buildProfile(user) || n <= 0) return NO_ITEMS;
    const prof = this.#profile;
    const order = this.#termOrder(prof);
    const acc = this.#products;
    acc.reset();
    let budget = this.config.candidatePostings;
    for (const t of order) {
      const len = V.postingCount(t);
      if (len > budget) continue;
      budget -= len;
      V.addPostings(t, prof.values[t]!, acc);
      if (budget === 0) break;
    }
    const pre = new TopK(4 * n);
    for (let k = 0; k < acc.count; k++) {
      const p = acc.touchedAt(k);
      if (exclude !== undefined && exclude(p)) continue;
      pre.push(p, acc.values[p]!);
    }
    acc.reset();
    const shortlist = pre.drain().ids;
    const top = new TopK(n);
    for (const p of shortlist) {
      const s = this.#cosine(p);
      if (s > 0) top.push(p, s);
    }
    return top.drain();
  }

  /** The profile's term ids, heaviest first (ties by term id). */
  #termOrder(prof: SparseAccumulator): Int32Array {
    const heavy = new TopK(prof.count);
    for (let k = 0; k < prof.count; k++) {
      const t = prof.touchedAt(k);
      heavy.push(t, prof.values[t]!);
    }
    return heavy.drain().ids;
  }

  /** Products whose text is closest to `product` (cosine of TF-IDF vectors), best first, itself left out. */
  similarTo(product: number, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const V = this.#v;
    if (product < 0 || product >= V.rows) return NO_ITEMS;
    const acc = this.#products;
    acc.reset();
    const row = V.row(product);
    for (let k = 0; k < row.terms.length; k++) V.addPostings(row.terms[k]!, row.weights[k]!, acc);
    const top = new TopK(n);
    for (let k = 0; k < acc.count; k++) {
      const q = acc.touchedAt(k);
      if (q === product || (exclude !== undefined && exclude(q))) continue;
      const s = acc.values[q]!;
      if (s > 0) top.push(q, s);
    }
    acc.reset();
    return top.drain();
  }

  /** The terms behind a product's content score: `matches your interests: backpack 0.31, 旅行 0.12` (shares of the cosine). */
  describe(user: UserContext, product: number): readonly string[] {
    const V = this.#v;
    if (product < 0 || product >= V.rows || !this.#buildProfile(user)) return [];
    const prof = this.#profile.values;
    const top = new TopK(5);
    const row = V.row(product);
    for (let k = 0; k < row.terms.length; k++) {
      const c = (prof[row.terms[k]!]! * row.weights[k]!) / this.#profileNorm;
      if (c > 0) top.push(row.terms[k]!, c);
    }
    const best = top.drain();
    if (best.ids.length === 0) return ['shares no terms with the products you interacted with'];
    // Only terms whose contribution shows at the printed precision (3 decimals): boilerplate
    // shared by every listing rounds to 0.000 and says nothing.
    const terms: string[] = [];
    best.ids.forEach((t, r) => {
      const shown = best.scores[r]!.toFixed(3);
      if (Number(shown) > 0) terms.push(`${this.#terms!.names[t]} ${shown}`);
    });
    const cosine = `cosine ${this.#cosine(product).toFixed(3)} with your interests`;
    return [terms.length === 0 ? `${cosine}; no single term stands out` : `${cosine}; top terms: ${terms.join(', ')}`];
  }

  toJSON(): ContentConfig {
    return { ...this.config, text: { ...this.config.text } };
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Creates a content signal. */
export function createContent(config: ContentConfigInput = {}): ContentSignal {
  return new ContentSignal(config);
}
