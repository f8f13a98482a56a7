import { z } from 'zod';
import { parseConfig } from '../_internal/parse-config.js';
import { TopK } from '../_internal/top-k.js';
import type { Dataset } from '../dataset/dataset.js';
import { NotFittedError } from '../errors.js';
import { ProductTextIndex as TextIndex } from '../text/product-text-index.js';
import { TextIndexConfigSchema } from '../text/text-index-config.js';
import { buildProductVectors, type ProductVectors } from './product-vectors.js';
import type { FitContext, ScoredItems, Signal, SignalCapabilities, UserContext } from './signal.js';
import { SparseAccumulator } from './sparse-accumulator.js';
import { NO_ITEMS } from './top-n.js';

/** Content signal config. */
export const ContentConfigSchema = z
  .object({
    type: z.literal('content').default('content'),
    /** Product text index: tokeniser, field weights (title 2, tags 1.5, category 1, description 0.5), BM25 k1 and b. */
    text: TextIndexConfigSchema.prefault({}),
    /**
     * Postings walked per request to generate candidates (topN): the profile's heaviest terms
     * first, a term skipped when its postings exceed what is left (so catalogue-wide boilerplate
     * terms do not cost a full scan). Scores always use the whole profile. @default 20000
     */
    candidatePostings: z.number().int().min(1).max(100_000_000).default(20_000),
  })
  .strict();

/** Content config as written by a caller. */
export type ContentConfigInput = z.input<typeof ContentConfigSchema>;
/** Content config with defaults. */
export type ContentConfig = z.output<typeof ContentConfigSchema>;

/**
 * Content signal (DESIGN.md 3): each product is its L2-normalised TF-IDF vector over title,
 * tags, category and description; a user's profile is `sum_j w_j v_j` over the products j of
 * their history with decayed weights w_j; the score is the cosine `profile . v_p / |profile|`,
 * in [0, 1]. It needs no interactions on the product side, so a product nobody has touched
 * (a new product of a new merchant) scores as well as an old one; a user with one event is
 * enough. NaN for a user with no history.
 */
export class ContentSignal implements Signal {
  readonly type = 'content';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: true, coldUsers: false, baseline: false, foldIn: false, topics: false, similarity: true, explains: true, boosts: false });
  readonly reason = 'matches the products you liked';
  readonly config: ContentConfig;
  #index: TextIndex | undefined;
  #vectors: ProductVectors | undefined;
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

  /** The product vectors (products x terms and terms x products), after fit. */
  get vectors(): ProductVectors {
    if (this.#vectors === undefined) throw new NotFittedError('content');
    return this.#vectors;
  }

  fit(dataset: Dataset, context?: FitContext): void {
    const index = context?.textIndex?.(this.config.text) ?? TextIndex.build(dataset.productRecords, this.config.text);
    const vectors = buildProductVectors(index, dataset.products.size);
    this.#index = index;
    this.#vectors = vectors;
    this.#profile = new SparseAccumulator(vectors.byProduct.cols);
    this.#products = new SparseAccumulator(vectors.byProduct.rows);
    this.#profileItems = undefined;
    this.#profileWeights = undefined;
  }

  /**
   * Builds the user's profile into the term accumulator (cached for the same history arrays, so
   * topN and score of one request build it once). Returns false when the profile is empty.
   */
  #buildProfile(user: UserContext): boolean {
    const V = this.vectors.byProduct;
    if (user.items === this.#profileItems && user.weights === this.#profileWeights) return this.#profileNorm > 0;
    const prof = this.#profile;
    prof.reset();
    for (let t = 0; t < user.items.length; t++) {
      const j = user.items[t]!;
      const w = user.weights[t]!;
      if (j < 0 || j >= V.rows || !(w > 0)) continue;
      for (let e = V.indptr[j]!; e < V.indptr[j + 1]!; e++) prof.add(V.indices[e]!, w * V.values[e]!);
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
    const V = this.vectors.byProduct;
    const prof = this.#profile.values;
    let s = 0;
    for (let e = V.indptr[p]!; e < V.indptr[p + 1]!; e++) s += prof[V.indices[e]!]! * V.values[e]!;
    return s / this.#profileNorm;
  }

  score(user: UserContext, candidates: Int32Array): Float32Array {
    const V = this.vectors.byProduct;
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
    const T = this.vectors.byTerm;
    if (!this.#buildProfile(user) || n <= 0) return NO_ITEMS;
    const prof = this.#profile;
    const order = this.#termOrder(prof);
    const acc = this.#products;
    acc.reset();
    let budget = this.config.candidatePostings;
    for (const t of order) {
      const len = T.indptr[t + 1]! - T.indptr[t]!;
      if (len > budget) continue;
      budget -= len;
      const w = prof.values[t]!;
      for (let e = T.indptr[t]!; e < T.indptr[t + 1]!; e++) acc.add(T.indices[e]!, w * T.values[e]!);
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
    const { byProduct: V, byTerm: T } = this.vectors;
    if (product < 0 || product >= V.rows) return NO_ITEMS;
    const acc = this.#products;
    acc.reset();
    for (let e = V.indptr[product]!; e < V.indptr[product + 1]!; e++) {
      const w = V.values[e]!;
      const t = V.indices[e]!;
      for (let f = T.indptr[t]!; f < T.indptr[t + 1]!; f++) acc.add(T.indices[f]!, w * T.values[f]!);
    }
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
    const V = this.vectors.byProduct;
    if (product < 0 || product >= V.rows || !this.#buildProfile(user)) return [];
    const prof = this.#profile.values;
    const top = new TopK(5);
    for (let e = V.indptr[product]!; e < V.indptr[product + 1]!; e++) {
      const c = (prof[V.indices[e]!]! * V.values[e]!) / this.#profileNorm;
      if (c > 0) top.push(V.indices[e]!, c);
    }
    const best = top.drain();
    if (best.ids.length === 0) return ['shares no terms with the products you interacted with'];
    // Only terms whose contribution shows at the printed precision (3 decimals): boilerplate
    // shared by every listing rounds to 0.000 and says nothing.
    const terms: string[] = [];
    best.ids.forEach((t, r) => {
      const shown = best.scores[r]!.toFixed(3);
      if (Number(shown) > 0) terms.push(`${this.#index!.terms.termAt(t)} ${shown}`);
    });
    const cosine = `cosine ${this.#cosine(product).toFixed(3)} with your interests`;
    return [terms.length === 0 ? `${cosine}; no single term stands out` : `${cosine}; top terms: ${terms.join(', ')}`];
  }

  toJSON(): ContentConfig {
    return { ...this.config, text: { ...this.config.text } };
  }
}

/** Creates a content signal. */
export function createContent(config: ContentConfigInput = {}): ContentSignal {
  return new ContentSignal(config);
}
