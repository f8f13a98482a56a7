import type { Dataset } from '../dataset/dataset.js';
import type { Product } from '../schema/entities.js';
import { foldTraditional } from '../text/han-fold.js';
import { normalizeText } from '../text/normalize.js';

/** Whitespace a key collapses: leading or trailing, a run of two or more, or any but a plain space. */
const LOOSE_SPACE = /^\s|\s$|\s\s|[^\S ]/;

/**
 * Normalises a category or tag for matching, as the tokeniser normalises text ({@link normalizeText}:
 * invisible characters and `™` dropped, NFKC, traditional Chinese folded to simplified, lower case),
 * then trimmed with inner whitespace collapsed to one space: a topic tag `Ｔ恤` finds products tagged
 * `T恤`, `奧運` finds `奥运`, `Running  Shoes` finds `running shoes`.
 *
 * Under tokeniser rules 1 (model files before version 6) a key is the text trimmed, lower-cased
 * and folded only, as it was.
 *
 * @example facetKey(' Ｎｉｋｅ™  Air ') // 'nike air'
 */
export function facetKey(text: string, rules: 1 | 2 = 2): string {
  if (rules === 1) return foldTraditional(text.trim().toLowerCase());
  const key = normalizeText(text);
  return LOOSE_SPACE.test(key) ? key.trim().replace(/\s+/g, ' ') : key;
}

/** Most raw category and tag strings whose key a facets object memoises (the memo is emptied when full). */
const KEY_MEMO_MAX = 65_536;

function grownI32(a: Int32Array, min: number, keep: number): Int32Array {
  if (a.length >= min) return a;
  const b = new Int32Array(Math.max(min, 2 * a.length, 16));
  b.set(a.subarray(0, keep));
  return b;
}

/**
 * Category and tags of every product as dense codes (for affinities and tag links), kept up to
 * date online: {@link set} takes a product added or whose record changed, {@link remove} one that
 * left. A removed product has no category or tags. Codes are given in first-seen order and never
 * reused (a category or tag no product carries any more keeps its code).
 *
 * Layout: a category code per product; each product's tag codes (ascending, each once) as a slice
 * of one pool; per tag, the products carrying it (unordered). Per-product arrays and the pool
 * grow by doubling; a changed product's new slice is appended and the pool is compacted when
 * half of it is stale, so memory stays within twice the live entries.
 */
export class ProductFacets {
  /** Category names by code (see {@link facetKey}). */
  readonly categories: string[] = [];
  /** Tag names by code (see {@link facetKey}). */
  readonly tagNames: string[] = [];
  /** Tag code by {@link facetKey}, for topic tags. */
  readonly tagCode = new Map<string, number>();
  readonly #categoryCode = new Map<string, number>();
  readonly #keys = new Map<string, string>();
  #size = 0;
  #category: Int32Array = new Int32Array(0);
  #tagStart: Int32Array = new Int32Array(0);
  #tagLen: Int32Array = new Int32Array(0);
  #pool: Int32Array = new Int32Array(0);
  #poolUsed = 0;
  #poolLive = 0;
  /** Per tag code: products carrying it, and how many. */
  readonly #tagDocs: Int32Array[] = [];
  #tagDocLen: Int32Array = new Int32Array(0);

  /** The key rules of {@link facetKey} (the tokeniser's rule set). */
  readonly rules: 1 | 2;

  /** Empty facets keyed under `rules` (see {@link facetKey}). */
  constructor(rules: 1 | 2 = 2) {
    this.rules = rules;
  }

  /** The facets of a dataset's products in the catalogue, keyed under `rules` (O(products + tags)). */
  static build(dataset: Dataset, rules: 1 | 2 = 2): ProductFacets {
    const f = new ProductFacets(rules);
    const P = dataset.products.size;
    f.#grow(P);
    f.#size = P;
    f.#category.fill(-1, 0, P);
    for (let p = 0; p < P; p++) if (dataset.live[p] !== 0) f.set(p, dataset.productRecords[p]!);
    return f;
  }

  /** Number of products covered. */
  get size(): number {
    return this.#size;
  }

  /** Category code of each product, -1 when it has none (a view; do not mutate). */
  get category(): Int32Array {
    return this.#category.subarray(0, this.#size);
  }

  /** The pool of tag codes: product p's are `tagPool[tagsStart(p) .. tagsEnd(p))` (a view; do not mutate). */
  get tagPool(): Int32Array {
    return this.#pool;
  }

  /** Start of product p's tag codes in {@link tagPool}. */
  tagsStart(p: number): number {
    return p >= 0 && p < this.#size ? this.#tagStart[p]! : 0;
  }

  /** End of product p's tag codes in {@link tagPool}. */
  tagsEnd(p: number): number {
    return p >= 0 && p < this.#size ? this.#tagStart[p]! + this.#tagLen[p]! : 0;
  }

  /** Products carrying tag `code` (a view, unordered; do not mutate). */
  productsWithTag(code: number): Int32Array {
    return code >= 0 && code < this.#tagDocs.length ? this.#tagDocs[code]!.subarray(0, this.#tagDocLen[code]!) : new Int32Array(0);
  }

  #key(raw: string): string {
    let key = this.#keys.get(raw);
    if (key === undefined) {
      if (this.#keys.size >= KEY_MEMO_MAX) this.#keys.clear();
      key = facetKey(raw, this.rules);
      this.#keys.set(raw, key);
    }
    return key;
  }

  #grow(products: number): void {
    if (this.#category.length >= products) return;
    const cap = Math.max(products, 2 * this.#category.length, 16);
    const category = new Int32Array(cap).fill(-1);
    category.set(this.#category.subarray(0, this.#size));
    this.#category = category;
    this.#tagStart = grownI32(this.#tagStart, cap, this.#size);
    this.#tagLen = grownI32(this.#tagLen, cap, this.#size);
  }

  /** Sets product p's category and tags from its record (p may be the next product index or any earlier one). */
  set(p: number, record: Pick<Product, 'category' | 'tags'>): void {
    if (p >= this.#size) {
      this.#grow(p + 1);
      this.#size = p + 1;
    }
    this.remove(p);
    const c = this.#key(record.category);
    if (c !== '') {
      let code = this.#categoryCode.get(c);
      if (code === undefined) {
        code = this.categories.length;
        this.#categoryCode.set(c, code);
        this.categories.push(c);
      }
      this.#category[p] = code;
    }
    const own = new Set<number>();
    for (const raw of record.tags) {
      const t = this.#key(raw);
      if (t === '') continue;
      let code = this.tagCode.get(t);
      if (code === undefined) {
        code = this.tagNames.length;
        this.tagCode.set(t, code);
        this.tagNames.push(t);
        this.#tagDocs.push(new Int32Array(4));
        this.#tagDocLen = grownI32(this.#tagDocLen, this.tagNames.length, code);
      }
      own.add(code);
    }
    const codes = own.size > 1 ? Int32Array.from(own).sort() : Int32Array.from(own);
    if (this.#poolUsed + codes.length > this.#pool.length) this.#pool = grownI32(this.#pool, this.#poolUsed + codes.length, this.#poolUsed);
    this.#pool.set(codes, this.#poolUsed);
    this.#tagStart[p] = this.#poolUsed;
    this.#tagLen[p] = codes.length;
    this.#poolUsed += codes.length;
    this.#poolLive += codes.length;
    for (const code of codes) {
      const n = this.#tagDocLen[code]!;
      const docs = grownI32(this.#tagDocs[code]!, n + 1, n);
      docs[n] = p;
      this.#tagDocs[code] = docs;
      this.#tagDocLen[code] = n + 1;
    }
  }

  /** Takes product p's category and tags away (a product that left the catalogue, or before {@link set}). */
  remove(p: number): void {
    if (!(p >= 0 && p < this.#size)) return;
    this.#category[p] = -1;
    const s = this.#tagStart[p]!;
    const len = this.#tagLen[p]!;
    for (let e = s; e < s + len; e++) {
      const code = this.#pool[e]!;
      const n = this.#tagDocLen[code]!;
      const docs = this.#tagDocs[code]!;
      const at = docs.subarray(0, n).indexOf(p);
      if (at >= 0) {
        docs.copyWithin(at, at + 1, n);
        this.#tagDocLen[code] = n - 1;
      }
    }
    this.#tagLen[p] = 0;
    this.#poolLive -= len;
    if (this.#poolUsed > 1024 && this.#poolUsed > 2 * this.#poolLive) this.#compact();
  }

  /** Rewrites the pool with the live slices only, in product order. */
  #compact(): void {
    const pool = new Int32Array(Math.max(16, 2 * this.#poolLive));
    let at = 0;
    for (let p = 0; p < this.#size; p++) {
      const s = this.#tagStart[p]!;
      const len = this.#tagLen[p]!;
      pool.set(this.#pool.subarray(s, s + len), at);
      this.#tagStart[p] = at;
      at += len;
    }
    this.#pool = pool;
    this.#poolUsed = at;
  }
}
