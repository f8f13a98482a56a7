import { z } from 'zod';
import { parseConfig } from '../_internal/parse-config.js';
import { TopK } from '../_internal/top-k.js';
import type { Dataset } from '../dataset/dataset.js';
import { HOUR_MS } from '../dataset/event-weighting.js';
import { FormatError, NotFittedError } from '../errors.js';
import { TopicSchema, type Topic } from '../schema/entities.js';
import { ProductTextIndex } from '../text/product-text-index.js';
import { TextIndexConfigSchema } from '../text/text-index-config.js';
import { CategoryAffinity } from './category-affinity.js';
import { ItemBursts, type ItemBurstOptions } from './item-burst.js';
import { productFacets, type ProductFacets } from './product-facets.js';
import type { FitContext, ScoredItems, Signal, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { SparseAccumulator } from './sparse-accumulator.js';
import { heatAt, heatSeries, seriesBurst, type HeatSeries } from './topic-heat.js';
import { matchIndexOf, matchTopic, tagShare, type TopicMatch, type TopicMatchOptions } from './topic-match.js';


/** Trending signal config (DESIGN.md 3). Times in hours, rates per day. */
export const TrendingConfigSchema = z
  .object({
    type: z.literal('trending').default('trending'),
    /** Product text index the topics are matched against (shared with the content signal when equal). */
    text: TextIndexConfigSchema.prefault({}),
    /** Half-life of a heat observation, hours: `H(now) = sum count_j 2^(-(now - t_j) / halfLife)`. @default 24 */
    topicHalfLifeHours: z.number().positive().finite().default(24),
    /** Short window of the burst factor, hours. @default 6 */
    shortWindowHours: z.number().positive().finite().default(6),
    /** Long window of the burst factor, hours. @default 168 (7 days) */
    longWindowHours: z.number().positive().finite().default(168),
    /** A topic trends only when its heat is at least this share of the hottest topic's (0..1). @default 0.01 */
    minHeatShare: z.number().min(0).max(1).default(0.01),
    /** A topic (or a product's own rate) trends only when its burst factor is at least this. @default 1.5 */
    minBurst: z.number().nonnegative().finite().default(1.5),
    /**
     * A product matches a topic when `m(topic, p)` (the largest of normalised BM25, link and tag
     * share) is at least this; weak matches (a generic product sharing one common word) stay out. @default 0.3
     */
    minMatch: z.number().nonnegative().finite().default(0.3),
    /** Products kept per topic (the best matches). @default 500 */
    maxMatches: z.number().int().min(1).max(1_000_000).default(500),
    /** Match of a product the topic names in `productIds` (explicit link). @default 1 */
    linkWeight: z.number().nonnegative().finite().default(1),
    /** Match of a product carrying all of the topic's tags (that share of it for some). @default 0.5 */
    tagWeight: z.number().nonnegative().finite().default(0.5),
    /** Trend score per unit of a product's own burst factor (0 turns item-level trending off). @default 0.5 */
    itemWeight: z.number().nonnegative().finite().default(0.5),
    /** Short window of a product's own interaction rate, hours. @default 24 */
    itemShortWindowHours: z.number().positive().finite().default(24),
    /** Long window of a product's own interaction rate, hours. @default 336 (14 days) */
    itemLongWindowHours: z.number().positive().finite().default(336),
    /** Fewest distinct users interacting in the item short window for a product to trend on its own. @default 3 */
    itemMinUsers: z.number().int().min(1).default(3),
    /**
     * Personalisation p in [0, 1]: the trend score is multiplied by `(1 - p) + p * affinity`, the
     * user's affinity (0..1) to the product's category or tags; users without history get 1.
     * With 1, a user sees trends only among categories and tags of their history. @default 1
     */
    personalisation: z.number().min(0).max(1).default(1),
    /**
     * Bounded state: heat observations older than this many topic half-lives before the latest
     * observation held (and at least the long window) are dropped when topics are merged, and a
     * topic left without observations is forgotten. The default matches the heat's own horizon,
     * so heat and bursts at or after the latest observation are unchanged. @default 64
     */
    pruneAfterHalfLives: z.number().min(1).max(1_000_000).default(64),
  })
  .strict();

/** Trending config as written by a caller. */
export type TrendingConfigInput = z.input<typeof TrendingConfigSchema>;
/** Trending config with defaults. */
export type TrendingConfig = z.output<typeof TrendingConfigSchema>;

/** A topic as the signal holds it: the record, its heat series and its product matches. */
interface TopicEntry {
  readonly topic: Topic;
  readonly series: HeatSeries;
  readonly match: TopicMatch;
  /** True for a topic given with the request (not fitted or observed). */
  readonly adHoc: boolean;
}

/** A topic's state at one request time. */
export interface TopicHeatState {
  readonly id: string;
  readonly text: string;
  /** Decayed heat H(now), counts; NaN for a topic with no heat observations (taken as hot now). */
  readonly heat: number;
  /** Heat over the hottest topic's heat (1 for a topic with no observations). */
  readonly normHeat: number;
  /** Burst factor (1 for a topic with no observations). */
  readonly burst: number;
  /** Counts in the short and long windows. */
  readonly shortCount: number;
  readonly longCount: number;
  /** `normHeat * burst` when the topic passes `minHeatShare` and `minBurst`, else 0. */
  readonly hot: number;
  /** Products the topic matches. */
  readonly matches: number;
  readonly adHoc: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Trending signal (DESIGN.md 3). Each topic has a heat `H(now) = sum over observations at or
 * before now of count_j 2^(-(now - t_j) / topicHalfLife)` and a burst factor
 * `b = (short-window rate + 1) / (long-window rate + 1)` (rates per day); it trends when
 * `normHeat = H / max over topics of H >= minHeatShare` and `b >= minBurst`. A topic matches
 * products by normalised BM25 of its text (any language, through the shared text index) plus its
 * explicit links (`productIds`, `tags`): `m = max(bm25 / max bm25, linkWeight if linked,
 * tagWeight * tag share)`, kept when at least `minMatch`. The trend score is
 * `T(p) = sum over trending topics of normHeat * b * m(topic, p) + itemWeight * b_item(p)`, where
 * `b_item` is the product's own burst of distinct users per day (counted when at least `minBurst`
 * with `itemMinUsers` users in the short window); `T` is then multiplied by the user's personal
 * factor `(1 - personalisation) + personalisation * affinity`.
 * Products with no trend score 0, for every user (new ones included); when nothing trends at all
 * the signal has no opinion and scores NaN, so a quiet day does not flatten the blend.
 * Topic matches are computed at fit and on `observeTopics`; per request only ad-hoc topics are
 * matched, and the topic states are cached for the request's `now`.
 */
export class TrendingSignal implements Signal {
  readonly type = 'trending';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: true, coldUsers: true, baseline: false, foldIn: false, topics: true, similarity: false, explains: true });
  readonly reason = 'trending now';
  readonly config: TrendingConfig;
  #dataset: Dataset | undefined;
  #index: ProductTextIndex | undefined;
  #facets: ProductFacets | undefined;
  #items: ItemBursts | undefined;
  #affinity: CategoryAffinity | undefined;
  #topics: TopicEntry[] = [];
  /** Position in `#topics` by topic id. */
  readonly #byId = new Map<string, number>();
  #scratch = new SparseAccumulator(0);
  #trend = new SparseAccumulator(0);
  // Request cache: the topic states and the unpersonalised trend at (now, ad-hoc topics, version).
  #version = 0;
  #cacheKey: { now: number; topics: readonly Topic[]; version: number } | undefined;
  #cacheEntries: TopicEntry[] = [];
  #cacheStates: TopicHeatState[] = [];

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
    const P = dataset.products.size;
    this.#dataset = dataset;
    this.#index = context?.textIndex(this.config.text) ?? ProductTextIndex.build(dataset.productRecords, this.config.text);
    this.#facets = productFacets(dataset);
    this.#items = new ItemBursts(dataset);
    this.#affinity = new CategoryAffinity(this.#facets);
    this.#scratch = new SparseAccumulator(P);
    this.#trend = new SparseAccumulator(P);
    this.#topics = [];
    this.#byId.clear();
    this.#version++;
    this.observeTopics(topics);
  }

  #matchOptions(): TopicMatchOptions {
    const c = this.config;
    return { minMatch: c.minMatch, maxMatches: c.maxMatches, linkWeight: c.linkWeight, tagWeight: c.tagWeight };
  }

  #entry(topic: Topic, adHoc: boolean): TopicEntry {
    const match = matchTopic(topic, this.#dataset!, this.#index!, this.#facets!, this.#matchOptions(), this.#scratch);
    return { topic, series: heatSeries(topic.heat), match, adHoc };
  }

  /** The topics the signal holds (fitted and observed), with their merged heat. */
  topics(): Topic[] {
    return this.#topics.map((e) => e.topic);
  }

  /**
   * Merges topic updates (from `Recommender.observe`): a new id is added; a known id takes the
   * update's text, keeps its links and tags unless the update gives some, and merges the heat
   * observations (an observation at the same timestamp replaces the old count). Matches of the
   * changed topics are recomputed here, once.
   */
  observeTopics(topics: readonly Topic[]): void {
    if (this.#dataset === undefined) throw new NotFittedError('trending');
    const merged = new Map<string, Topic>();
    for (const e of this.#topics) merged.set(e.topic.id, e.topic);
    const changed = new Set<string>();
    for (const t of topics) {
      const old = merged.get(t.id);
      changed.add(t.id);
      merged.set(
        t.id,
        old === undefined
          ? { ...t, heat: distinctHeat(t.heat) }
          : {
              ...old,
              ...t,
              heat: distinctHeat([...old.heat, ...t.heat]),
              productIds: t.productIds.length > 0 ? t.productIds : old.productIds,
              tags: t.tags.length > 0 ? t.tags : old.tags,
            },
      );
    }
    // Prune: observations older than the horizon before the latest one; a topic that loses all of
    // its observations is forgotten (a topic given without any is kept: it counts as hot now).
    let clock = -Infinity;
    for (const t of merged.values()) for (const o of t.heat) if (o.timestamp > clock) clock = o.timestamp;
    const c = this.config;
    const horizon = clock - Math.max(c.pruneAfterHalfLives * c.topicHalfLifeHours, c.longWindowHours, c.shortWindowHours) * HOUR_MS;
    const kept: TopicEntry[] = [];
    this.#byId.clear();
    const previous = new Map(this.#topics.map((e) => [e.topic.id, e] as const));
    for (const [id, t] of merged) {
      const heat = t.heat.filter((o) => o.timestamp >= horizon);
      if (t.heat.length > 0 && heat.length === 0) continue;
      const topic = heat.length === t.heat.length ? t : { ...t, heat };
      const same = previous.get(id);
      this.#byId.set(id, kept.length);
      // Matches depend on text, links and tags only: recomputed for topics that changed.
      kept.push(same !== undefined && !changed.has(id) ? (topic === same.topic ? same : { ...same, topic, series: heatSeries(topic.heat) }) : this.#entry(topic, false));
    }
    this.#topics = kept;
    this.#version++;
  }

  /**
   * Computes (or takes from the cache) the topic states and the unpersonalised trend score of
   * every product at `now` with the request's ad-hoc topics.
   */
  #prepare(now: number, adHoc: readonly Topic[]): void {
    const key = this.#cacheKey;
    const sameTopics = key !== undefined && (key.topics === adHoc || (key.topics.length === 0 && adHoc.length === 0));
    if (key !== undefined && sameTopics && key.now === now && key.version === this.#version) return;
    const cfg = this.config;
    const adHocIds = new Set(adHoc.map((t) => t.id));
    const entries = this.#topics.filter((e) => !adHocIds.has(e.topic.id));
    for (const t of adHoc) entries.push(this.#entry(t, true));
    const halfLife = cfg.topicHalfLifeHours * HOUR_MS;
    const heats = entries.map((e) => (e.series.times.length === 0 ? Number.NaN : heatAt(e.series, now, halfLife)));
    let maxHeat = 0;
    for (const h of heats) if (h > maxHeat) maxHeat = h;
    const trend = this.#trend;
    trend.reset();
    const states = entries.map((e, k): TopicHeatState => {
      const h = heats[k]!;
      const given = Number.isNaN(h);
      const w = given ? { short: 0, long: 0, burst: 1 } : seriesBurst(e.series, now, cfg.shortWindowHours * HOUR_MS, cfg.longWindowHours * HOUR_MS);
      const normHeat = given ? 1 : maxHeat > 0 ? h / maxHeat : 0;
      const passes = given || (normHeat >= cfg.minHeatShare && normHeat > 0 && w.burst >= cfg.minBurst);
      const hot = passes ? normHeat * w.burst : 0;
      if (hot > 0) {
        const m = e.match;
        for (let i = 0; i < m.products.length; i++) trend.add(m.products[i]!, hot * m.match[i]!);
      }
      return {
        id: e.topic.id,
        text: e.topic.text,
        heat: h,
        normHeat,
        burst: w.burst,
        shortCount: w.short,
        longCount: w.long,
        hot,
        matches: e.match.products.length,
        adHoc: e.adHoc,
      };
    });
    if (cfg.itemWeight > 0) this.#items!.addBursts(now, this.#itemOptions(), trend);
    this.#cacheEntries = entries;
    this.#cacheStates = states;
    this.#cacheKey = { now, topics: adHoc, version: this.#version };
  }

  #itemOptions(): ItemBurstOptions {
    const c = this.config;
    return {
      shortMs: c.itemShortWindowHours * HOUR_MS,
      longMs: c.itemLongWindowHours * HOUR_MS,
      minUsers: c.itemMinUsers,
      minBurst: c.minBurst,
      weight: c.itemWeight,
    };
  }

  /** Every topic's heat, burst and hotness at `now` (fitted, observed and the given ad-hoc topics). */
  topicStates(now: number, adHoc: readonly Topic[] = []): readonly TopicHeatState[] {
    if (this.#dataset === undefined) throw new NotFittedError('trending');
    this.#prepare(now, adHoc);
    return this.#cacheStates;
  }

  /** The user's personal factor for product p (call after preparing the affinity). */
  #factor(personal: boolean, p: number): number {
    const pi = this.config.personalisation;
    return personal ? 1 - pi + pi * this.#affinity!.affinity(p) : 1;
  }

  #begin(user: UserContext): boolean {
    if (this.#dataset === undefined) throw new NotFittedError('trending');
    this.#prepare(user.now, user.topics);
    return this.config.personalisation > 0 && this.#affinity!.prepare(user);
  }

  score(user: UserContext, candidates: Int32Array): Float32Array {
    const personal = this.#begin(user);
    const P = this.#dataset!.products.size;
    const trend = this.#trend.values;
    const out = new Float32Array(candidates.length);
    if (this.#trend.count === 0) return out.fill(Number.NaN);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      if (c < 0 || c >= P) out[i] = Number.NaN;
      else out[i] = trend[c] === 0 ? 0 : trend[c]! * this.#factor(personal, c);
    }
    return out;
  }

  /** The products with a positive trend score for the user (personalised), best first. */
  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const personal = this.#begin(user);
    const trend = this.#trend;
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
   * Why a product trends for the user: each trending topic that matches it (text, heat, burst,
   * match and the matched terms), its own interaction burst, and the personal factor.
   */
  describe(user: UserContext, product: number): readonly string[] {
    const personal = this.#begin(user);
    const ds = this.#dataset!;
    if (product < 0 || product >= ds.products.size) return [];
    const cfg = this.config;
    const lines: string[] = [];
    this.#cacheEntries.forEach((e, k) => {
      const s = this.#cacheStates[k]!;
      if (s.hot <= 0) return;
      const at = matchIndexOf(e.match, product);
      if (at < 0) return;
      const terms = this.#index!.sharedTerms(e.match.terms, product).map((t) => this.#index!.terms.termAt(t));
      const parts: string[] = [];
      if (e.match.text[at]! > 0) parts.push(`text ${e.match.text[at]!.toFixed(2)}`);
      if (cfg.linkWeight > 0 && e.topic.productIds.includes(ds.products.idAt(product))) parts.push(`link ${cfg.linkWeight.toFixed(2)}`);
      const tags = cfg.tagWeight * tagShare(e.topic, product, this.#facets!);
      if (tags > 0) parts.push(`tags ${tags.toFixed(2)}`);
      const heat = Number.isNaN(s.heat)
        ? 'given with the request, taken as hot now'
        : `heat ${fmt(s.heat)} (${(100 * s.normHeat).toFixed(0)}% of the hottest topic), burst x${s.burst.toFixed(2)} ` +
          `(${fmt(s.shortCount)} in the last ${cfg.shortWindowHours} h vs ${fmt(s.longCount)} in ${cfg.longWindowHours} h)`;
      lines.push(`topic "${e.topic.text}" (${e.topic.id}${e.adHoc ? ', ad hoc' : ''}): ${heat}`);
      lines.push(`  match ${e.match.match[at]!.toFixed(2)} = max(${parts.join(', ')})${terms.length > 0 ? `; matched terms: ${terms.join(', ')}` : ''}`);
    });
    if (cfg.itemWeight > 0) {
      const o = this.#itemOptions();
      const b = this.#items!.burstOf(product, user.now, o.shortMs, o.longMs);
      if (ItemBursts.counts(b, o)) {
        lines.push(
          `own interactions bursting: ${b.short} users in the last ${cfg.itemShortWindowHours} h vs ${b.long} in ${cfg.itemLongWindowHours} h (burst x${b.burst.toFixed(2)})`,
        );
      }
    }
    if (lines.length > 0 && personal) {
      const f = this.#factor(true, product);
      const facet = this.#affinity!.strongestFacet(product);
      lines.push(`personalised x${f.toFixed(2)}${facet === undefined ? ' (no affinity to its category or tags)' : ` (your affinity to ${facet})`}`);
    }
    return lines;
  }

  /** The topics with their merged heat (observed heat cannot be rebuilt by a refit), as UTF-8 JSON. */
  exportState(): SignalState {
    if (this.#dataset === undefined) throw new NotFittedError('trending');
    return new Map<string, StateArray>([['topics', encoder.encode(JSON.stringify(this.topics()))]]);
  }

  /** Refits on the dataset with the saved topics (and their observed heat). */
  importState(state: SignalState, dataset: Dataset, context?: FitContext): void {
    const bytes = state.get('topics');
    if (!(bytes instanceof Uint8Array)) throw new FormatError('trending state needs uint8 topics (UTF-8 JSON)');
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      throw new FormatError(`trending state: topics are not valid JSON (${(error as Error).message})`);
    }
    const parsed = z.array(TopicSchema).safeParse(json);
    if (!parsed.success) {
      const iss = parsed.error.issues[0];
      throw new FormatError(`trending state: topics.${iss?.path.map(String).join('.') ?? ''}: ${iss?.message ?? 'invalid'}`);
    }
    this.#install(dataset, parsed.data, context);
  }

  toJSON(): TrendingConfig {
    return { ...this.config, text: { ...this.config.text } };
  }
}

/** Heat observations with one entry per timestamp (the last given wins), in time order. */
function distinctHeat(heat: Topic['heat']): Topic['heat'] {
  const byTime = new Map<number, number>();
  for (const o of heat) byTime.set(o.timestamp, o.count);
  return [...byTime].sort((a, b) => a[0] - b[0]).map(([timestamp, count]) => ({ timestamp, count }));
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** Creates a trending signal. */
export function createTrending(config: TrendingConfigInput = {}): TrendingSignal {
  return new TrendingSignal(config);
}
