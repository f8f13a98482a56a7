import { transpose, type CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { foldTraditional } from '../text/han-fold.js';

/** Category and tags of every product as dense codes (for affinities and tag links). */
export interface ProductFacets {
  /** Category code of each product, -1 when it has none. */
  readonly category: Int32Array;
  /** Category names by code (see {@link facetKey}). */
  readonly categories: readonly string[];
  /** products x tags (value 1): the tags of each product. */
  readonly tags: CsrMatrix;
  /** tags x products: the products carrying each tag. */
  readonly tagProducts: CsrMatrix;
  /** Tag names by code (see {@link facetKey}). */
  readonly tagNames: readonly string[];
  /** Tag code by {@link facetKey}, for topic tags. */
  readonly tagCode: ReadonlyMap<string, number>;
}

/** Normalises a category or tag for matching: trimmed, lower-cased, traditional Chinese folded to simplified. */
export function facetKey(text: string): string {
  return foldTraditional(text.trim().toLowerCase());
}

/** Builds the product facets of a dataset once (O(products + tags)). */
export function productFacets(dataset: Dataset): ProductFacets {
  const catCode = new Map<string, number>();
  const categories: string[] = [];
  const tagCode = new Map<string, number>();
  const tagNames: string[] = [];
  const P = dataset.products.size;
  const category = new Int32Array(P).fill(-1);
  const indptr = new Int32Array(P + 1);
  const cols: number[] = [];
  for (let p = 0; p < P; p++) {
    const rec = dataset.productRecords[p]!;
    const c = facetKey(rec.category);
    if (c !== '') {
      let code = catCode.get(c);
      if (code === undefined) {
        code = categories.length;
        catCode.set(c, code);
        categories.push(c);
      }
      category[p] = code;
    }
    const own = new Set<number>();
    for (const raw of rec.tags) {
      const t = facetKey(raw);
      if (t === '') continue;
      let code = tagCode.get(t);
      if (code === undefined) {
        code = tagNames.length;
        tagCode.set(t, code);
        tagNames.push(t);
      }
      own.add(code);
    }
    for (const code of [...own].sort((a, b) => a - b)) cols.push(code);
    indptr[p + 1] = cols.length;
  }
  const tags: CsrMatrix = { rows: P, cols: tagNames.length, indptr, indices: Int32Array.from(cols), values: new Float32Array(cols.length).fill(1) };
  return { category, categories, tags, tagProducts: transpose(tags), tagNames, tagCode };
}
