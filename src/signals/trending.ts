import * as z from 'zod/mini';
import { TopK } from '../_internal/top-k.js';
import { parseConfig } from '../_internal/parse-config.js';
import { safeParseEnglish } from '../_internal/zod-english.js';
import type { CatalogueChange } from '../dataset/catalogue.js';
import type { Dataset } from '../dataset/dataset.js';
import { HOUR_MS } from '../dataset/event-weighting.js';
import { FormatError, NotFittedError } from '../errors.js';
import { TopicSchema, type Topic } from '../schema/entities.js';
import type { ProductTextIndex } from '../text/product-text-index.js';
import { applyToIndex, indexCatalogue } from '../text/text-index-cache.js';
import { CategoryAffinity } from './category-affinity.js';
import { ItemBursts } from './item-burst.js';
import type { ObservedItemEvent } from './observed-item-events.js';
import { ProductFacets } from './product-facets.js';
import type { FitContext, ScoredItems, Signal, SignalBoost, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { TopicRegistry, type TopicHeatState } from './topic-registry.js';
import { matchIndexOf, tagShare } from './topic-match.js';
import { matchesFromState, matchesToState } from './topic-match-state.js';
import { TrendingConfigSchema, type TrendingConfig, type TrendingConfigInput } from './trending-config.js';

export { TrendingConfigSchema, type TrendingConfig, type TrendingConfigInput } from './trending-config.js';
export type { TopicHeatState } from './topic-registry.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Trending signal (docs/design.md, "Signals"). Each topic has a heat `H(now) = sum over
 * observations at or before now of count_j 2^(-(now - t_j) / topicHalfLife)` and a burst factor
 * `b = (short-window rate + 1) / (long-window rate + 1)` (rates per day); it trends when
 * `normHeat = H / max over topics of H >= minHeatShare` and `b >= minBurst` (a topic given without
 * heat counts as `normHeat` 1 with burst `givenBurst`). A topic matches products by normalised
 * BM25 of its text (any language, through the product text index) plus its explicit links
 * (`productIds`, `tags`): `m = max(bm25 / max bm25, linkWeight if linked, tagWeight * tag share)`,
 * kept when at least `minMatch`. The trend strength is
 * `T(p) = sum over trending topics of normHeat * b * m(topic, p) + itemWeight * b_item(p)`, with
 * `b_item` the product's own burst of distinct users per day; the user's personal factor is
 * `(1 - personalisation) + personalisation * affinity`.
 *
 * As a blend signal it scores `T(p) * personal` and has no opinion (NaN) on products no hot topic
 * matches, nor at all while nothing trends. Its main use is the boost stage (capability
 * `boosts`): {@link boost} hands over `T` and the personal factor, which the trend booster turns
 * into a bounded lift in blend units. Topic matches are computed at fit and on `observeTopics`;
 * per request only ad-hoc topics are matched.
 */
export class TrendingSignal implements Signal {
  readonly type = 'trending';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: true, coldUsers: true, baseline: false, foldIn: false, topics: true, similarity: false, explains: true, boosts: true, catalogue: true, interactions: false });
  readonly reason = 'trending now';
  readonly config: TrendingConfig;
  #dataset: Dataset | undefined;
  #index: ProductTextIndex | undefined;
  /** True when the index was built here (no fit context): this signal keeps it up to date. */
  #ownsIndex = false;
  #facets: ProductFacets | undefined;
  #affinity: CategoryAffinity | undefined;
  #items: ItemBursts | undefined;
  #registry: TopicRegistry | undefined;

  constructor(config: TrendingConfigInput = {}) {
    this.config = parseConfig('trending', TrendingConfigSchema, config);
  }

  get fitted(): boolean {
    return this.#dataset !== undefined;
  }

  fit(dataset: Dataset, context?: FitContext): void {
    this.#install(dataset, dataset.topics, context);
  }

  #install(dataset: Dataset, topics: readonly Topic[], context: FitContext | undefined): void {
    this.#dataset = dataset;
    const shared = context?.textIndex?.(this.config.text);
    this.#ownsIndex = shared === undefined;
    this.#index = shared ?? indexCatalogue(dataset, this.config.text);
    this.#facets = ProductFacets.build(dataset, this.config.text.tokenizer.rules);
    this.#affinity = new CategoryAffinity(this.#facets);
    this.#items = new ItemBursts(dataset, this.config.itemLongWindowHours * HOUR_MS);
    this.#registry = new TopicRegistry(dataset, this.#index, this.#facets, this.#items, this.config);
    this.#registry.observe(topics);
  }

  /**
   * Takes products added, changed or removed after fit: their category and tags, and each held
   * topic's match (products that left or changed drop out; those that entered or changed are
   * matched alone, see `rematchProducts`), so a new product matching a hot topic trends at once.
   * Ad-hoc topics of a request are matched against the catalogue as it stands.
   */
  observeProducts(change: CatalogueChange): void {
    if (this.#registry === undefined) throw new NotFittedError('trending');
    if (this.#ownsIndex) applyToIndex(this.#index!, change);
    this.#dataset = change.dataset;
    const facets = this.#facets!;
    for (const p of change.removed) facets.remove(p);
    for (const list of [change.added, change.updated]) for (const p of list) facets.set(p, change.dataset.productRecords[p]!);
    this.#registry.observeProducts(change);
  }

  /**
   * Takes events observed after fit (from `Recommender.observe`): the products' own bursts count
   * them at once (kept for the long item window before the newest; saved in model files).
   */
  observeEvents(events: readonly ObservedItemEvent[]): void {
    if (this.#registry === undefined) throw new NotFittedError('trending');
    this.#items!.observe(events);
    this.#registry.eventsChanged(events);
  }

  /** The topics the signal holds (fitted and observed), with their merged heat. */
  topics(): Topic[] {
    if (this.#registry === undefined) throw new NotFittedError('trending');
    return this.#registry.topics();
  }

  /**
   * Merges topic updates (from `Recommender.observe`): a new id is added; a known id takes the
   * update's text and heat (same timestamp replaces), keeps its links and tags unless the update
   * gives some; old heat is pruned (`pruneAfterHalfLives`); matches are recomputed once.
   */
  observeTopics(topics: readonly Topic[]): void {
    if (this.#registry === undefined) throw new NotFittedError('trending');
    this.#registry.observe(topics);
  }

  /** Every topic's heat, burst and hotness at `now` (fitted, observed and the given ad-hoc topics). */
  topicStates(now: number, adHoc: readonly Topic[] = []): readonly TopicHeatState[] {
    if (this.#registry === undefined) throw new NotFittedError('trending');
    return this.#registry.at(now, adHoc).states;
  }

  /** The user's personal factor for product p (call after preparing the affinity). */
  #factor(personal: boolean, p: number): number {
    const pi = this.config.personalisation;
    return personal ? 1 - pi + pi * this.#affinity!.affinity(p) : 1;
  }

  #begin(user: UserContext): boolean {
    if (this.#dataset === undefined) throw new NotFittedError('trending');
    return this.config.personalisation > 0 && this.#affinity!.prepare(user);
  }

  score(user: UserContext, candidates: Int32Array): Float32Array {
    const personal = this.#begin(user);
    const trend = this.#registry!.at(user.now, user.topics).trend;
    const P = this.#dataset!.products.size;
    const out = new Float32Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      out[i] = c >= 0 && c < P && trend.values[c]! > 0 ? trend.values[c]! * this.#factor(personal, c) : Number.NaN;
    }
    return out;
  }

  /** The products with a positive trend score for the user (personalised), best first. */
  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const personal = this.#begin(user);
    const trend = this.#registry!.at(user.now, user.topics).trend;
    const top = new TopK(n);
    for (let k = 0; k < trend.count; k++) {
      const p = trend.touchedAt(k);
      const t = trend.values[p]!;
      if (!(t > 0)) continue;
      // Float32 like score(), so topN and score agree exactly; a product the user's affinity zeroes is no candidate.
      const score = Math.fround(t * this.#factor(personal, p));
      if (!(score > 0) || (exclude !== undefined && exclude(p))) continue;
      top.push(p, score);
    }
    return top.drain();
  }

  /**
   * The boost stage's input: per candidate the trend strength `T(p)` and the user's personal
   * factor, and as reason the hottest topic that matches it (or its own burst).
   */
  boost(user: UserContext, candidates: Int32Array): SignalBoost {
    const personal = this.#begin(user);
    const at = this.#registry!.at(user.now, user.topics);
    const P = this.#dataset!.products.size;
    const strength = new Float32Array(candidates.length);
    const factor = new Float32Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const t = c >= 0 && c < P ? at.trend.values[c]! : 0;
      if (!(t > 0)) continue;
      strength[i] = t;
      factor[i] = this.#factor(personal, c);
    }
    return {
      strength,
      personal: factor,
      reason: (i) => {
        const p = candidates[i]!;
        let best = -1;
        let bestValue = 0;
        at.entries.forEach((e, k) => {
          const m = matchIndexOf(e.match, p);
          const v = m < 0 ? 0 : at.states[k]!.hot * e.match.match[m]!;
          if (v > bestValue) {
            bestValue = v;
            best = k;
          }
        });
        return best < 0 ? 'trending now: its own sales are bursting' : `trending now: ${at.states[best]!.text}`;
      },
    };
  }

  /**
   * Why a product trends for the user: each trending topic that matches it (text, heat, burst,
   * match and the matched terms), its own interaction burst, and the personal factor.
   */
  describe(user: UserContext, product: number): readonly string[] {
    const personal = this.#begin(user);
    const at = this.#registry!.at(user.now, user.topics);
    const ds = this.#dataset!;
    if (product < 0 || product >= ds.products.size) return [];
    const cfg = this.config;
    const lead = this.#registry!.leads(user.topics);
    const lines: string[] = [];
    const asideTexts: string[] = [];
    at.entries.forEach((e, k) => {
      const s = at.states[k]!;
      const i = matchIndexOf(e.match, product);
      if (i < 0) return;
      if (s.setAside) asideTexts.push(`"${e.topic.text}"`);
      if (s.hot <= 0) return;
      const terms = this.#index!.sharedTerms(e.match.terms, product).map((t) => this.#index!.terms.termAt(t));
      const parts: string[] = [];
      if (e.match.text[i]! > 0) parts.push(`text ${e.match.text[i]!.toFixed(2)}`);
      if (cfg.linkWeight > 0 && e.topic.productIds.includes(ds.products.idAt(product))) parts.push(`link ${cfg.linkWeight.toFixed(2)}`);
      const tags = cfg.tagWeight * tagShare(e.topic, product, this.#facets!);
      if (tags > 0) parts.push(`tags ${tags.toFixed(2)}`);
      const heat = Number.isNaN(s.heat)
        ? `given without heat, taken as hot now (burst x${s.burst.toFixed(2)})`
        : `heat ${fmt(s.heat)} (${(100 * s.normHeat).toFixed(0)}% of the hottest topic), burst x${s.burst.toFixed(2)} ` +
          `(${fmt(s.shortCount)} in the last ${cfg.shortWindowHours} h vs ${fmt(s.longCount)} in ${cfg.longWindowHours} h)`;
      lines.push(`topic "${e.topic.text}" (${e.topic.id}${e.adHoc ? ', ad hoc' : ''}): ${heat}`);
      lines.push(`  match ${e.match.match[i]!.toFixed(2)} = max(${parts.join(', ')})${terms.length > 0 ? `; matched terms: ${terms.join(', ')}` : ''}`);
    });
    if (cfg.itemWeight > 0 && !lead) {
      const o = this.#registry!.itemOptions();
      const at = this.#registry!.itemTime(user.now);
      const b = this.#items!.burstOf(product, at, o.shortMs, o.longMs, o.relative, o.heavyUserFactor);
      const active = this.#items!.activeProducts(at, o.shortMs, o.heavyUserFactor);
      if (ItemBursts.counts(b, o, active)) {
        lines.push(
          `own interactions bursting: ${b.short} users in the last ${cfg.itemShortWindowHours} h vs ${b.long} in ${cfg.itemLongWindowHours} h (burst x${b.burst.toFixed(2)}; ` +
            `${b.expected.toFixed(2)} expected at its earlier rate${b.surge > 1 ? ` times the shop's surge x${b.surge.toFixed(2)}` : ''}, chance ${fmtChance(b.chance)} among ${active} active products` +
            `${b.heavyUsers > 0 ? `; ${b.heavyUsers} heavy ${b.heavyUsers === 1 ? 'user' : 'users'} of the shop left out` : ''})`,
        );
      }
    }
    if (lines.length > 0 && personal) {
      const f = this.#factor(true, product);
      const facet = this.#affinity!.strongestFacet(product);
      lines.push(`personalised x${f.toFixed(2)}${facet === undefined ? ' (no affinity to its category or tags)' : ` (your affinity to ${facet})`}`);
    }
    if (asideTexts.length > 0) lines.push(`set aside in this request (its own topics lead; requestTopics 'lead'): ${asideTexts.join(', ')}`);
    return lines;
  }

  /** The topics with their merged heat (observed heat cannot be rebuilt by a refit), as UTF-8 JSON. */
  exportState(): SignalState {
    if (this.#registry === undefined) throw new NotFittedError('trending');
    return new Map<string, StateArray>([
      ['topics', encoder.encode(JSON.stringify(this.topics()))],
      ...matchesToState(this.#registry.matches()),
      ...this.#items!.observedState(),
    ]);
  }

  /**
   * Refits on the dataset with the saved topics (and their observed heat) and their saved
   * matches, as products changed after fit left them (files without matches: matched again).
   */
  importState(state: SignalState, dataset: Dataset, context?: FitContext): void {
    const bytes = state.get('topics');
    if (!(bytes instanceof Uint8Array)) throw new FormatError('trending state needs uint8 topics (UTF-8 JSON)');
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      throw new FormatError(`trending state: topics are not valid JSON (${(error as Error).message})`);
    }
    const parsed = safeParseEnglish(z.array(TopicSchema), json);
    if (!parsed.success) {
      const iss = parsed.error.issues[0];
      throw new FormatError(`trending state: topics.${iss?.path.map(String).join('.') ?? ''}: ${iss?.message ?? 'invalid'}`);
    }
    const saved = matchesFromState(state, parsed.data.length, dataset.products.size);
    this.#install(dataset, parsed.data, context);
    if (saved !== undefined) this.#registry!.restoreMatches(saved);
    this.#items!.restoreObserved(state, dataset.products.size);
    this.#registry!.eventsChanged();
  }

  toJSON(): TrendingConfig {
    return { ...this.config, text: { ...this.config.text } };
  }
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** A probability as a short percentage (`0.13%`, `2.1e-7%`). */
function fmtChance(p: number): string {
  const pct = 100 * p;
  return pct >= 0.01 ? `${pct.toPrecision(2)}%` : `${pct.toExponential(1)}%`;
}

/** Creates a trending signal. */
export function createTrending(config: TrendingConfigInput = {}): TrendingSignal {
  return new TrendingSignal(config);
}
