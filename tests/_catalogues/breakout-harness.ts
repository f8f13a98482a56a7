/**
 * Measures the breakout story (issue 11) on the breakout catalogue through the public API only:
 * where the untouched product named by a hot topic ranks for the shoppers of its category and for
 * everyone else, with the topic (ad hoc in one of three scripts, or fitted with a burst) and
 * without any topic.
 */
import { createRecommender, type Recommender, type RecommenderConfigInput, type TopicInput } from '../../src/index.js';
import { buildBreakoutCatalogue, type BreakoutCatalogue } from './breakout-catalogue.js';
import { adHocTopic, backgroundTopics, burstTopic, TOPIC_LANGUAGES, type TopicLanguage } from './breakout-topic.js';

/** How the topic reaches the recommender: ad hoc with the request in one language, or fitted with a burst. */
export type BreakoutVariant = TopicLanguage | 'burst';

/** Every variant, in report order. */
export const BREAKOUT_VARIANTS: readonly BreakoutVariant[] = [...TOPIC_LANGUAGES, 'burst'];

/** Where the product ranked for a group of shoppers (ranks 1-based; Infinity = not in the slate). */
export interface RankSummary {
  readonly users: number;
  /** Median rank (mean of the two middle ranks for an even count); Infinity when outside the slate. */
  readonly medianRank: number;
  /** Share of the group with the product in its top 10, in [0, 1]. */
  readonly top10Share: number;
  /** Share of the group with the product at rank 1, in [0, 1]. */
  readonly firstShare: number;
}

/** The product's ranks for the shoppers of its category and for the others. */
export interface BreakoutGroups {
  readonly category: RankSummary;
  readonly others: RankSummary;
}

/** What {@link measureBreakout} returns. */
export interface BreakoutMeasurement {
  readonly variant: BreakoutVariant;
  /** Slate length of every request. */
  readonly n: number;
  /** With the topic (and the catalogue's background topics, fitted). */
  readonly withTopic: BreakoutGroups;
  /** With no topic at all (none fitted, none given). */
  readonly withoutTopic: BreakoutGroups;
  /** Wall time of each fit, ms (reported, never asserted). */
  readonly fitMs: { readonly withTopic: number; readonly withoutTopic: number };
}

/** Options of {@link measureBreakout}. */
export interface BreakoutHarnessOptions {
  /** A catalogue built before (several calls can share one). @default buildBreakoutCatalogue() */
  readonly catalogue?: BreakoutCatalogue;
  /** Slate length. @default 50 */
  readonly n?: number;
}

/**
 * Summarises 1-based ranks (Infinity = absent from the slate).
 * @example summariseRanks([1, 4, 12, Infinity]) // { users: 4, medianRank: 8, top10Share: 0.5, firstShare: 0.25 }
 */
export function summariseRanks(ranks: readonly number[]): RankSummary {
  const users = ranks.length;
  if (users === 0) return { users: 0, medianRank: Number.NaN, top10Share: Number.NaN, firstShare: Number.NaN };
  const sorted = [...ranks].sort((a, b) => a - b);
  const mid = (users - 1) / 2;
  const medianRank = (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
  return {
    users,
    medianRank,
    top10Share: ranks.filter((r) => r <= 10).length / users,
    firstShare: ranks.filter((r) => r === 1).length / users,
  };
}

/**
 * Fits `createRecommender(config)` on the catalogue at its `now` and asks every shopper for a
 * slate of `n` (`record: false`, at `now`): once with the topic of `variant` (ad hoc: the
 * background topics fitted and the topic given with each request; `burst`: the background
 * topics and the topic's burst record fitted) and once on a recommender fitted without any
 * topic. Groups come from the builder's truth (each shopper's main category).
 */
export function measureBreakout(config: RecommenderConfigInput, variant: BreakoutVariant, options: BreakoutHarnessOptions = {}): BreakoutMeasurement {
  const catalogue = options.catalogue ?? buildBreakoutCatalogue();
  const n = options.n ?? 50;
  const now = catalogue.now;
  const fitted = variant === 'burst' ? [...backgroundTopics(now), burstTopic(now)] : backgroundTopics(now);
  const request = variant === 'burst' ? [] : [adHocTopic(variant)];
  const withTopic = fit(config, catalogue, fitted);
  const withoutTopic = fit(config, catalogue, []);
  return {
    variant,
    n,
    withTopic: groups(withTopic.rec, catalogue, n, request),
    withoutTopic: groups(withoutTopic.rec, catalogue, n, []),
    fitMs: { withTopic: withTopic.ms, withoutTopic: withoutTopic.ms },
  };
}

function fit(config: RecommenderConfigInput, catalogue: BreakoutCatalogue, topics: TopicInput[]): { rec: Recommender; ms: number } {
  const start = performance.now();
  const rec = createRecommender(config).fit(
    { products: catalogue.products, merchants: catalogue.merchants, events: catalogue.events, topics },
    { now: catalogue.now },
  );
  return { rec, ms: performance.now() - start };
}

function groups(rec: Recommender, catalogue: BreakoutCatalogue, n: number, topics: readonly TopicInput[]): BreakoutGroups {
  const inCategory: number[] = [];
  const others: number[] = [];
  const { productId, category } = catalogue.target;
  for (const [userId, main] of catalogue.userCategory) {
    const slate = rec.recommend(userId, { n, now: catalogue.now, topics, record: false });
    const at = slate.items.findIndex((item) => item.productId === productId);
    (main === category ? inCategory : others).push(at < 0 ? Infinity : at + 1);
  }
  return { category: summariseRanks(inCategory), others: summariseRanks(others) };
}
