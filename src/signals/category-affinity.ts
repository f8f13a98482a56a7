import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import type { ProductFacets } from './product-facets.js';
import type { UserContext } from './signal.js';

/**
 * A user's affinity to product categories and tags, from the decayed weights of their history:
 * `share(c) = sum of w_j over history products j in category c / max over categories of that
 * sum`, and the same for tags. `affinity(p)` = the larger of the product's category share and
 * its best tag share, in [0, 1]. Built once per request (cached on the history arrays).
 */
export class CategoryAffinity {
  readonly #facets: ProductFacets;
  #cat: SparseAccumulator;
  #tag: SparseAccumulator;
  #maxCat = 0;
  #maxTag = 0;
  /** Facet of the last affinity(): category code, categories + tag code, or -1. */
  #facet = -1;
  #items: Int32Array | undefined;
  #weights: Float32Array | undefined;

  constructor(facets: ProductFacets) {
    this.#facets = facets;
    this.#cat = new SparseAccumulator(facets.categories.length);
    this.#tag = new SparseAccumulator(facets.tagNames.length);
  }

  /** Builds the user's shares; false when the history is empty (no affinity to speak of). */
  prepare(user: UserContext): boolean {
    if (user.items === this.#items && user.weights === this.#weights) return this.#maxCat > 0 || this.#maxTag > 0;
    const f = this.#facets;
    // The facets grow online (products added after fit): so do the accumulators.
    if (this.#cat.size < f.categories.length) this.#cat = new SparseAccumulator(f.categories.length);
    if (this.#tag.size < f.tagNames.length) this.#tag = new SparseAccumulator(f.tagNames.length);
    const cat = this.#cat;
    const tag = this.#tag;
    cat.reset();
    tag.reset();
    const category = f.category;
    const pool = f.tagPool;
    for (let t = 0; t < user.items.length; t++) {
      const j = user.items[t]!;
      const w = user.weights[t]!;
      if (j < 0 || j >= category.length || !(w > 0)) continue;
      const c = category[j]!;
      if (c >= 0) cat.add(c, w);
      for (let e = f.tagsStart(j); e < f.tagsEnd(j); e++) tag.add(pool[e]!, w);
    }
    this.#maxCat = maxOf(cat);
    this.#maxTag = maxOf(tag);
    this.#items = user.items;
    this.#weights = user.weights;
    return this.#maxCat > 0 || this.#maxTag > 0;
  }

  /** Affinity of the prepared user to product `p`, in [0, 1]. */
  affinity(p: number): number {
    const f = this.#facets;
    let a = 0;
    this.#facet = -1;
    if (!(p >= 0 && p < f.size)) return 0;
    const c = f.category[p]!;
    if (c >= 0 && this.#maxCat > 0) {
      a = (this.#cat.values[c] ?? 0) / this.#maxCat;
      if (a > 0) this.#facet = c;
    }
    if (this.#maxTag > 0) {
      const pool = f.tagPool;
      for (let e = f.tagsStart(p); e < f.tagsEnd(p); e++) {
        const t = pool[e]!;
        const s = (this.#tag.values[t] ?? 0) / this.#maxTag;
        if (s > a) {
          a = s;
          this.#facet = f.categories.length + t;
        }
      }
    }
    return a;
  }

  /** The category or tag behind `affinity(p)` (for explanations), or undefined when it is 0. */
  strongestFacet(p: number): string | undefined {
    this.affinity(p);
    const f = this.#facets;
    const k = this.#facet;
    if (k < 0) return undefined;
    return k < f.categories.length ? `category ${f.categories[k]!}` : `tag ${f.tagNames[k - f.categories.length]!}`;
  }
}

function maxOf(acc: SparseAccumulator): number {
  let m = 0;
  for (let k = 0; k < acc.count; k++) m = Math.max(m, acc.values[acc.touchedAt(k)]!);
  return m;
}
