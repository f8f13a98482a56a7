import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import type { CatalogueChange } from '../dataset/catalogue.js';
import type { Dataset } from '../dataset/dataset.js';
import { HOUR_MS } from '../dataset/event-weighting.js';
import type { Topic } from '../schema/entities.js';
import { FormatError } from '../errors.js';
import type { ProductTextIndex } from '../text/product-text-index.js';
import type { ItemBurstOptions, ItemBursts } from './item-burst.js';
import { ItemBurstCache, itemBurstTime } from './item-burst-cache.js';
import type { ObservedItemEvent } from './observed-item-events.js';
import type { ProductFacets } from './product-facets.js';
import { heatAt, heatSeries, seriesBurst, type HeatSeries } from './topic-heat.js';
import { matchTopic, rematchProducts, type TopicMatch, type TopicMatchOptions } from './topic-match.js';
import type { SavedMatch } from './topic-match-state.js';
import type { TrendingConfig } from './trending-config.js';

/** A topic as the trending signal holds it: the record, its heat series and its product matches. */
export interface TopicEntry {
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
  /** Burst factor (`givenBurst` for a topic with no observations). */
  readonly burst: number;
  /** Counts in the short and long windows. */
  readonly shortCount: number;
  readonly longCount: number;
  /** `normHeat * burst` when the topic passes `minHeatShare` and `minBurst`, else 0. */
  readonly hot: number;
  /** Products the topic matches. */
  readonly matches: number;
  readonly adHoc: boolean;
  /**
   * True for a held topic in a request that gives its own topics under `requestTopics: 'lead'`:
   * it does not count there (`hot` 0; its `normHeat` is against the held topics' hottest).
   */
  readonly setAside: boolean;
}

/** The topics at one request time: entries and states (aligned) and the unpersonalised trend per product. */
export interface TopicsAt {
  readonly entries: readonly TopicEntry[];
  readonly states: readonly TopicHeatState[];
  /** `T(p)` before personalisation: sum over hot topics of hot * match, plus item bursts. */
  readonly trend: SparseAccumulator;
}

/**
 * The trending signal's topics: fitted and observed ones (matched once, merged and pruned on
 * `observe`) and, per request, their heat, burst and hotness at `now` with the request's ad-hoc
 * topics (cached for the last `now` and topic list).
 */
export class TopicRegistry {
  #dataset: Dataset;
  readonly #index: ProductTextIndex;
  readonly #facets: ProductFacets;
  readonly #bursts: ItemBurstCache;
  readonly #config: TrendingConfig;
  #topics: TopicEntry[] = [];
  #scratch: SparseAccumulator;
  #trend: SparseAccumulator;
  #version = 0;
  #cacheKey: { now: number; topics: readonly Topic[]; version: number } | undefined;
  #cached: TopicsAt | undefined;

  constructor(dataset: Dataset, index: ProductTextIndex, facets: ProductFacets, items: ItemBursts, config: TrendingConfig) {
    this.#dataset = dataset;
    this.#index = index;
    this.#facets = facets;
    this.#bursts = new ItemBurstCache(items);
    this.#config = config;
    this.#scratch = new SparseAccumulator(dataset.products.size);
    this.#trend = new SparseAccumulator(dataset.products.size);
  }

  /** The topics held (fitted and observed), with their merged heat. */
  topics(): Topic[] {
    return this.#topics.map((e) => e.topic);
  }

  /** The held topics' matches, in topic order. */
  matches(): TopicMatch[] {
    return this.#topics.map((e) => e.match);
  }

  /** Installs saved matches of the held topics, in topic order (query terms recomputed from the text). */
  restoreMatches(saved: readonly SavedMatch[]): void {
    if (saved.length !== this.#topics.length) throw new FormatError(`trending state: ${saved.length} matches for ${this.#topics.length} topics`);
    this.#topics = this.#topics.map((e, k) => ({ ...e, match: { ...saved[k]!, terms: e.match.terms } }));
    this.#version++;
  }

  #options(): TopicMatchOptions {
    const c = this.#config;
    return { minMatch: c.minMatch, maxMatches: c.maxMatches, linkWeight: c.linkWeight, tagWeight: c.tagWeight };
  }

  #entry(topic: Topic, adHoc: boolean): TopicEntry {
    const match = matchTopic(topic, this.#dataset, this.#index, this.#facets, this.#options(), this.#scratch);
    return { topic, series: heatSeries(topic.heat), match, adHoc };
  }

  /**
   * Takes a catalogue change (the index and facets already updated): every held topic's match
   * drops the products that left or changed and matches the ones that entered or changed
   * (`rematchProducts`). Cost: topics x the changed products' terms.
   */
  observeProducts(change: CatalogueChange): void {
    this.#dataset = change.dataset;
    this.#bursts.clear();
    const P = change.dataset.products.size;
    if (this.#trend.size < P) {
      this.#scratch = new SparseAccumulator(P);
      this.#trend = new SparseAccumulator(P);
    }
    const products = Int32Array.from([...change.added, ...change.updated]).sort();
    const drop = Int32Array.from([...products, ...change.removed]).sort();
    if (drop.length === 0) return;
    const o = this.#options();
    this.#topics = this.#topics.map((e) => ({ ...e, match: rematchProducts(e.topic, e.match, products, drop, change.dataset, this.#index, this.#facets, o) }));
    this.#version++;
  }

  /**
   * Merges topic updates: a new id is added; a known id takes the update's text, keeps its links
   * and tags unless the update gives some, and merges the heat observations (one per timestamp,
   * the last given wins). Then prunes: observations older than `pruneAfterHalfLives` topic
   * half-lives (and the windows) before the latest one are dropped, and a topic left without
   * any is forgotten (a topic given without heat is kept: it counts as hot now). Matches are
   * recomputed for the changed topics only.
   */
  observe(topics: readonly Topic[]): void {
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
    let clock = -Infinity;
    for (const t of merged.values()) for (const o of t.heat) if (o.timestamp > clock) clock = o.timestamp;
    const c = this.#config;
    // The pruning clock is the latest observation, but never past the data's reference time plus
    // the burst windows: one observation dated far ahead (a wrong clock or time unit) must not make
    // the registry forget every held topic. A service that observes for longer refits to move it.
    const windows = Math.max(c.longWindowHours, c.shortWindowHours) * HOUR_MS;
    if (Number.isFinite(this.#dataset.referenceTime)) clock = Math.min(clock, this.#dataset.referenceTime + windows);
    const horizon = clock - Math.max(c.pruneAfterHalfLives * c.topicHalfLifeHours * HOUR_MS, windows);
    const previous = new Map(this.#topics.map((e) => [e.topic.id, e] as const));
    const kept: TopicEntry[] = [];
    for (const [id, t] of merged) {
      const heat = t.heat.filter((o) => o.timestamp >= horizon);
      if (t.heat.length > 0 && heat.length === 0) continue;
      const topic = heat.length === t.heat.length ? t : { ...t, heat };
      const same = previous.get(id);
      if (same === undefined || changed.has(id)) kept.push(this.#entry(topic, false));
      else kept.push(topic === same.topic ? same : { ...same, topic, series: heatSeries(topic.heat) });
    }
    this.#topics = kept;
    this.#version++;
  }

  /**
   * The topics at `now` with the request's ad-hoc topics (an ad-hoc topic replaces a held one of
   * the same id): each topic's heat, burst and hotness, and the unpersonalised trend per product.
   * A topic without heat observations counts as at the hottest topic's heat with `givenBurst`.
   * Under `requestTopics: 'lead'` a request's ad-hoc topics are the only ones that count (heat
   * shares among themselves; no product's own burst); the held ones are listed, set aside.
   * Cached for the last (now, ad-hoc topics).
   */
  at(now: number, adHoc: readonly Topic[]): TopicsAt {
    const key = this.#cacheKey;
    const sameTopics = key !== undefined && (key.topics === adHoc || (key.topics.length === 0 && adHoc.length === 0));
    if (this.#cached !== undefined && key !== undefined && sameTopics && key.now === now && key.version === this.#version) return this.#cached;
    const cfg = this.#config;
    const adHocIds = new Set(adHoc.map((t) => t.id));
    const entries = this.#topics.filter((e) => !adHocIds.has(e.topic.id));
    for (const t of adHoc) entries.push(this.#entry(t, true));
    const halfLife = cfg.topicHalfLifeHours * HOUR_MS;
    const heats = entries.map((e) => (e.series.times.length === 0 ? Number.NaN : heatAt(e.series, now, halfLife)));
    const lead = this.leads(adHoc);
    // The hottest heat among the topics that count (with `lead`, the request's) and among the held
    // ones set aside (NaN heats, topics without observations, compare false).
    let maxHeat = 0;
    let maxAside = 0;
    entries.forEach((e, k) => {
      const h = heats[k]!;
      if (lead && !e.adHoc) {
        if (h > maxAside) maxAside = h;
      } else if (h > maxHeat) maxHeat = h;
    });
    const trend = this.#trend;
    trend.reset();
    const states = entries.map((e, k): TopicHeatState => {
      const h = heats[k]!;
      const given = Number.isNaN(h);
      const setAside = lead && !e.adHoc;
      const w = given ? { short: 0, long: 0, burst: cfg.givenBurst } : seriesBurst(e.series, now, cfg.shortWindowHours * HOUR_MS, cfg.longWindowHours * HOUR_MS);
      const top = setAside ? maxAside : maxHeat;
      const normHeat = given ? 1 : top > 0 ? h / top : 0;
      const passes = !setAside && (given || (normHeat >= cfg.minHeatShare && normHeat > 0 && w.burst >= cfg.minBurst));
      const hot = passes ? normHeat * w.burst : 0;
      if (hot > 0) {
        const m = e.match;
        for (let i = 0; i < m.products.length; i++) trend.add(m.products[i]!, hot * m.match[i]!);
      }
      return { id: e.topic.id, text: e.topic.text, heat: h, normHeat, burst: w.burst, shortCount: w.short, longCount: w.long, hot, matches: e.match.products.length, adHoc: e.adHoc, setAside };
    });
    if (cfg.itemWeight > 0 && !lead) this.#bursts.addTo(this.itemTime(now), this.itemOptions(), trend);
    this.#cached = { entries, states, trend };
    this.#cacheKey = { now, topics: adHoc, version: this.#version };
    return this.#cached;
  }

  /** Marks the cached trend stale: the products' own bursts took these new events (or restored ones: none given). */
  eventsChanged(events?: readonly ObservedItemEvent[]): void {
    if (events === undefined) this.#bursts.clear();
    else this.#bursts.observed(events);
    this.#version++;
  }

  /** The time the products' own bursts are judged at for a request at `now` ({@link itemBurstTime}, the config's `itemResolutionSeconds`). */
  itemTime(now: number): number {
    return itemBurstTime(now, this.#config.itemResolutionSeconds * 1000);
  }

  /** True when a request with these ad-hoc topics is led by them (`requestTopics: 'lead'` and at least one topic). */
  leads(adHoc: readonly Topic[]): boolean {
    return this.#config.requestTopics === 'lead' && adHoc.length > 0;
  }

  /** Options of the products' own bursts. */
  itemOptions(): ItemBurstOptions {
    const c = this.#config;
    return { shortMs: c.itemShortWindowHours * HOUR_MS, longMs: c.itemLongWindowHours * HOUR_MS, minUsers: c.itemMinUsers, minBurst: c.minBurst, significance: c.itemSignificance ?? Number.POSITIVE_INFINITY, weight: c.itemWeight, relative: c.itemRelative, heavyUserFactor: c.itemHeavyUserFactor ?? Number.POSITIVE_INFINITY };
  }
}

/** Heat observations with one entry per timestamp (the last given wins), in time order. */
function distinctHeat(heat: Topic['heat']): Topic['heat'] {
  const byTime = new Map<number, number>();
  for (const o of heat) byTime.set(o.timestamp, o.count);
  return [...byTime].sort((a, b) => a[0] - b[0]).map(([timestamp, count]) => ({ timestamp, count }));
}
