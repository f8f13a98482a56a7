import { indexOfSorted } from '../_internal/sorted-search.js';
import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import type { Dataset } from '../dataset/dataset.js';
import type { Topic } from '../schema/entities.js';
import type { ProductTextIndex } from '../text/product-text-index.js';
import { facetKey, type ProductFacets } from './product-facets.js';

/** How topic text and links turn into a match per product. */
export interface TopicMatchOptions {
  /** A product whose total match is below this does not match the topic. */
  readonly minMatch: number;
  /** Products kept per topic (the best matches). */
  readonly maxMatches: number;
  /** Match of a product the topic names in `productIds`. */
  readonly linkWeight: number;
  /** Match of a product carrying all of the topic's tags (a share of it for some). */
  readonly tagWeight: number;
}

/** The products a topic matches: product indices ascending, match values, and the query terms. */
export interface TopicMatch {
  readonly products: Int32Array;
  /** `m(topic, p)` of each of `products`. */
  readonly match: Float32Array;
  /** Text part (normalised BM25) of each of `products`. */
  readonly text: Float32Array;
  /** Distinct indexed term ids of the topic text. */
  readonly terms: Int32Array;
  /** The best BM25 score of the topic text at its last full match (what text parts are normalised by). */
  readonly textScale: number;
}

/**
 * Matches one topic against the catalogue: `m(topic, p)` is the largest of
 * - the text match `bm25(topic, p) / max_q bm25(topic, q)` (in [0, 1]),
 * - `linkWeight` when the topic names p in `productIds`,
 * - `tagWeight * (topic tags p carries / topic tags)`,
 * keeping the products with `m >= minMatch`, at most the `maxMatches` best. Cost: the postings of the topic's terms.
 */
export function matchTopic(
  topic: Topic,
  dataset: Dataset,
  index: ProductTextIndex,
  facets: ProductFacets,
  o: TopicMatchOptions,
  acc: SparseAccumulator,
): TopicMatch {
  const terms = index.queryTerms(topic.text);
  const bm = index.bm25(terms);
  let max = 0;
  for (const s of bm.scores) if (s > max) max = s;
  acc.reset();
  const textPart = new Map<number, number>();
  if (max > 0) {
    for (let i = 0; i < bm.docs.length; i++) {
      const p = bm.docs[i]!;
      if (p >= acc.size) continue;
      const m = bm.scores[i]! / max;
      acc.raise(p, m);
      textPart.set(p, m);
    }
  }
  if (o.linkWeight > 0) {
    for (const id of topic.productIds) {
      const p = dataset.products.indexOf(id);
      if (p >= 0 && dataset.live[p] !== 0) acc.raise(p, o.linkWeight);
    }
  }
  const tags = topicTags(topic, facets);
  if (o.tagWeight > 0 && tags.codes.length > 0) {
    // Count the topic tags each product carries, then raise its match to tagWeight * share.
    const counts = new Map<number, number>();
    for (const code of tags.codes) for (const p of facets.productsWithTag(code)) counts.set(p, (counts.get(p) ?? 0) + 1);
    for (const [p, k] of counts) acc.raise(p, (o.tagWeight * k) / tags.count);
  }
  const order: number[] = [];
  for (let k = 0; k < acc.count; k++) if (acc.values[acc.touchedAt(k)]! >= o.minMatch) order.push(acc.touchedAt(k));
  order.sort((a, b) => acc.values[b]! - acc.values[a]! || a - b);
  const kept = order.slice(0, o.maxMatches).sort((a, b) => a - b);
  const out: TopicMatch = {
    products: Int32Array.from(kept),
    match: Float32Array.from(kept, (p) => acc.values[p]!),
    text: Float32Array.from(kept, (p) => textPart.get(p) ?? 0),
    terms,
    textScale: max,
  };
  acc.reset();
  return out;
}

/**
 * Brings a topic's match up to date with a catalogue change without matching the whole catalogue
 * again: the products of `drop` (ascending) leave it, and each of `products` (in the catalogue) is
 * scored alone. Text parts stay normalised by the best BM25 score among the matched products, as
 * a full match normalises them: when a product scoring above the best comes or the best goes, the
 * kept products' text parts are rescaled (`text * old best / new best`). Then
 * `m = max(text, link, tags)`, products with `m >= minMatch` stay, the `maxMatches` best (ties to
 * the smaller index). The kept products' BM25 scores are the ones their full match computed (the
 * text statistics move a little as products come and go; matching the topic again, on observe or
 * at a refit, recomputes them, and finds products a shrinking list let go). Cost per topic: the
 * changed products' terms, plus its matched products when the best score moves.
 */
export function rematchProducts(
  topic: Topic,
  match: TopicMatch,
  products: Int32Array,
  drop: Int32Array,
  dataset: Dataset,
  index: ProductTextIndex,
  facets: ProductFacets,
  o: TopicMatchOptions,
): TopicMatch {
  const terms = index.queryTerms(topic.text);
  const raw: Array<{ p: number; bm25: number; text: number; m: number }> = [];
  match.products.forEach((p, i) => {
    if (indexOfSorted(drop, p) < 0) raw.push({ p, bm25: match.text[i]! * match.textScale, text: match.text[i]!, m: match.match[i]! });
  });
  const kept = raw.length;
  for (const p of products) if (dataset.live[p] !== 0) raw.push({ p, bm25: index.bm25Doc(terms, p), text: 0, m: 0 });
  let best = 0;
  for (const e of raw) if (e.bm25 > best) best = e.bm25;
  const scale = best > 0 ? best : match.textScale;
  const links = o.linkWeight > 0 && topic.productIds.length > 0 ? new Set(topic.productIds) : undefined;
  const entries = raw.filter((e, k) => {
    if (k < kept && scale === match.textScale) return true;
    e.text = scale > 0 ? e.bm25 / scale : 0;
    const link = links?.has(dataset.products.idAt(e.p)) === true ? o.linkWeight : 0;
    e.m = Math.max(e.text, link, o.tagWeight > 0 ? o.tagWeight * tagShare(topic, e.p, facets) : 0);
    return e.m >= o.minMatch;
  });
  let out = entries;
  if (out.length > o.maxMatches) out = out.sort((a, b) => b.m - a.m || a.p - b.p).slice(0, o.maxMatches);
  out.sort((a, b) => a.p - b.p);
  return {
    products: Int32Array.from(out, (e) => e.p),
    match: Float32Array.from(out, (e) => e.m),
    text: Float32Array.from(out, (e) => e.text),
    terms,
    textScale: scale,
  };
}

/** Position of product `p` in a match, or -1. */
export function matchIndexOf(m: TopicMatch, p: number): number {
  return indexOfSorted(m.products, p);
}

/** Share of a topic's tags that product `p` carries (0 when the topic has no tags). */
export function tagShare(topic: Topic, p: number, facets: ProductFacets): number {
  const tags = topicTags(topic, facets);
  if (tags.count === 0) return 0;
  const pool = facets.tagPool;
  let k = 0;
  for (const code of tags.codes) for (let e = facets.tagsStart(p); e < facets.tagsEnd(p); e++) if (pool[e] === code) k++;
  return k / tags.count;
}

/** A topic's distinct tags (by facet key): how many, and the codes of those some product carries, in the topic's order. */
function topicTags(topic: Topic, facets: ProductFacets): { readonly count: number; readonly codes: number[] } {
  const keys = new Set(topic.tags.map((t) => facetKey(t, facets.rules)));
  const codes: number[] = [];
  for (const key of keys) {
    const code = facets.tagCode.get(key);
    if (code !== undefined) codes.push(code);
  }
  return { count: keys.size, codes };
}
