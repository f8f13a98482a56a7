import * as z from 'zod/mini';
import { TextIndexConfigSchema } from '../text/text-index-config.js';

/** Trending signal config (docs/design.md, "Signals"). Times in hours, rates per day. */
export const TrendingConfigSchema = z.strictObject({
  type: z._default(z.literal('trending'), 'trending'),
  /** Product text index the topics are matched against (shared with the content signal when equal). */
  text: z.prefault(TextIndexConfigSchema, {}),
  /** Half-life of a heat observation, hours: `H(now) = sum count_j 2^(-(now - t_j) / halfLife)`. @default 24 */
  topicHalfLifeHours: z._default(z.number().check(z.positive()), 24),
  /** Short window of the burst factor, hours. @default 6 */
  shortWindowHours: z._default(z.number().check(z.positive()), 6),
  /** Long window of the burst factor, hours. @default 168 (7 days) */
  longWindowHours: z._default(z.number().check(z.positive()), 168),
  /**
   * A topic given without heat observations (typically ad hoc, with one request: the caller's
   * word that it is hot now) counts as at the hottest topic's heat with this burst factor.
   * @default 4
   */
  givenBurst: z._default(z.number().check(z.minimum(1), z.maximum(1000)), 4),
  /**
   * What a request that gives its own topics sees. `lead`: the request's topics are its trends:
   * the fitted and observed topics and the products' own bursts do not count in it (they still
   * do in every request that gives no topic), so a topic the caller names (the hot search a user
   * came from) is not outranked by another burst in the same category. `add`: the request's
   * topics join the held ones (the behaviour of model files before version 5). @default 'lead'
   */
  requestTopics: z._default(z.enum(['lead', 'add']), 'lead'),
  /** A topic trends only when its heat is at least this share of the hottest topic's (0..1). @default 0.01 */
  minHeatShare: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.01),
  /** A topic (or a product's own rate) trends only when its burst factor is at least this. @default 1.5 */
  minBurst: z._default(z.number().check(z.nonnegative()), 1.5),
  /**
   * A product matches a topic when `m(topic, p)` (the largest of normalised BM25, link and tag
   * share) is at least this; weak matches (a generic product sharing one common word) stay out. @default 0.3
   */
  minMatch: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.3),
  /** Products kept per topic (the best matches). @default 500 */
  maxMatches: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)), 500),
  /** Match of a product the topic names in `productIds` (explicit link). @default 1 */
  linkWeight: z._default(z.number().check(z.nonnegative()), 1),
  /** Match of a product carrying all of the topic's tags (that share of it for some). @default 0.5 */
  tagWeight: z._default(z.number().check(z.nonnegative()), 0.5),
  /** Trend score per unit of a product's own burst factor (0 turns item-level trending off). @default 0.5 */
  itemWeight: z._default(z.number().check(z.nonnegative()), 0.5),
  /** Short window of a product's own interaction rate, hours. @default 24 */
  itemShortWindowHours: z._default(z.number().check(z.positive()), 24),
  /** Long window of a product's own interaction rate, hours. @default 336 (14 days) */
  itemLongWindowHours: z._default(z.number().check(z.positive()), 336),
  /** Fewest distinct users interacting in the item short window for a product to trend on its own. @default 3 */
  itemMinUsers: z._default(z.number().check(z.int(), z.minimum(1)), 3),
  /**
   * A product trends on its own only when its short-window users are unlikely at its earlier rate:
   * `P(X >= users)`, X Poisson with the distinct users per day of the rest of the long window (plus
   * one user as a prior), times the products active in the short window, is at most this: the
   * expected number of products that burst by chance (a Bonferroni bound). A few heavy users rating
   * hundreds of products in a day do not make them trend. `null`: no chance test (only
   * `itemMinUsers` and `minBurst`, the gate of model files saved before it). @default 0.1
   */
  itemSignificance: z._default(z.nullable(z.number().check(z.positive())), 0.1),
  /**
   * Judge a product's own burst against the rest of the shop: when the other products' events per
   * hour in the item short window exceed their rate before it (a day of bulk rating, a sale, a
   * holiday), the product's earlier rate is multiplied by that surge (in its expected users and in
   * its burst factor's long window), so a product that only keeps pace with a busier shop does not
   * trend. A quieter shop changes nothing. `false`: the product's own rate alone (model files saved before it).
   * @default true
   */
  itemRelative: z._default(z.boolean(), true),
  /**
   * Heavy users (crawlers, bots, load tests, bulk raters) do not count toward a product's own
   * burst: a user with more than this many times the median events of the item short window's
   * active users is left out of the products' user counts, the active products and the shop's
   * surge (so one crawler can neither make a product trend nor switch a real burst off). `null`:
   * every user counts (model files saved before it). @default 10
   */
  itemHeavyUserFactor: z._default(z.nullable(z.number().check(z.gt(1))), 10),
  /**
   * A product's own bursts are judged at the start of each step of this many seconds (`floor(now /
   * step) * step`), once per step, and requests within the step share the judgement (judged at every
   * request, a shop with 286,000 views a day pays 45 ms of CPU a request: `npm run bench -- item-bursts`).
   * Events after that time count from the next step. 0: judged at each request's `now` (model files
   * saved before it). @default 60
   */
  itemResolutionSeconds: z._default(z.number().check(z.nonnegative(), z.lte(86_400)), 60),
  /**
   * Personalisation p in [0, 1]: the trend score is multiplied by `(1 - p) + p * affinity`, the
   * user's affinity (0..1) to the product's category or tags; users without history get 1.
   * With 1, a user sees trends only among categories and tags of their history. @default 1
   */
  personalisation: z._default(z.number().check(z.minimum(0), z.maximum(1)), 1),
  /**
   * Bounded state: heat observations older than this many topic half-lives before the latest
   * observation held (and at least the long window) are dropped when topics are merged, and a
   * topic left without observations is forgotten. The default matches the heat's own horizon,
   * so heat and bursts at or after the latest observation are unchanged. The latest observation
   * counts at most up to the data's reference time plus the burst windows, so one observation
   * dated far ahead cannot make every held topic forgotten. @default 64
   */
  pruneAfterHalfLives: z._default(z.number().check(z.minimum(1), z.maximum(1_000_000)), 64),
});

/** Trending config as written by a caller. */
export type TrendingConfigInput = z.input<typeof TrendingConfigSchema>;
/** Trending config with defaults. */
export type TrendingConfig = z.output<typeof TrendingConfigSchema>;
