import { createRecommender, type RecommenderConfigInput } from '../../engine/index.js';
import { ConfigError } from '../../errors.js';
import type { Event } from '../../schema/entities.js';
import { validateMarketplace, type MarketplaceInput } from '../../schema/marketplace-data.js';
import type { MarketplaceTruth } from '../marketplace/truth.js';
import { parseFeedbackLoopOptions, type FeedbackLoopOptions, type FeedbackLoopOptionsInput } from './options.js';
import { truthPreferences, type UserPreferences } from './preferences.js';
import { createSlateMetrics, simulationMetricContext, type SlateMetrics } from './round-metrics.js';
import { playRound } from './play-round.js';
import { meritError, trueMeritShares } from './merit-error.js';

/** What a feedback loop runs on, besides its settings. */
export interface FeedbackLoopInput extends FeedbackLoopOptionsInput {
  /** The marketplace the recommender is first fitted on (validated); a generated one brings its `truth`. */
  readonly marketplace: MarketplaceInput & { readonly truth?: MarketplaceTruth };
  /** The simulated users and their true relevance. @default truthPreferences(marketplace.truth) */
  readonly preferences?: UserPreferences;
  /** Config of the recommender under test (createRecommender validates it). @default {} */
  readonly recommender?: RecommenderConfigInput;
  /** Name of the run in tables. @default 'run' */
  readonly label?: string;
}

/** One round of the loop: what was served and clicked, and its exposure figures. */
export interface FeedbackLoopRound extends SlateMetrics {
  /** 1-based round number. */
  readonly round: number;
  /** Simulated time of the round, epoch ms. */
  readonly time: number;
  /** Users served (one slate each). */
  readonly users: number;
  /** Clicks drawn on the round's slates (the utility). */
  readonly clicks: number;
  /** True when the recommender was refitted on every event so far after this round. */
  readonly refit: boolean;
  /**
   * How far the exposure ledger's merit shares are from the true merit shares at the end of the
   * round (total variation distance in [0, 1]; see `meritError`): whether the ledger learns
   * which merchants deserve exposure.
   */
  readonly meritError: number;
}

/** The whole run: pooled figures over every slate, and per-round trends. */
export interface FeedbackLoopSummary extends SlateMetrics {
  /** Clicks over all rounds. */
  readonly clicks: number;
  /** Clicks per served slate. */
  readonly clicksPerSlate: number;
  /** The small tier's share of the catalogue (what an exposure share is compared with). */
  readonly smallTierCatalogueShare: number;
  /**
   * Least-squares slope of the per-round merchant Gini, per round: above 0 the rich get richer
   * (exposure concentrates as the loop feeds on its own clicks).
   */
  readonly merchantGiniTrend: number;
  /** Least-squares slope of the per-round head-tier exposure share, per round. */
  readonly headTierShareTrend: number;
  /** Least-squares slope of the per-round merit error, per round: below 0 the ledger is learning the true merit. */
  readonly meritErrorTrend: number;
}

/** Result of {@link simulateFeedbackLoop}. */
export interface FeedbackLoopResult {
  /** Name of the run (the variant label in comparisons). */
  readonly label: string;
  /** The settings with defaults filled in (the start time is in `rounds[0].time`). */
  readonly options: FeedbackLoopOptions;
  /** The recommender's fairness lambda (0 = fairness off). */
  readonly lambda: number;
  /** One record per round, in order. */
  readonly rounds: readonly FeedbackLoopRound[];
  /** Figures pooled over the whole run. */
  readonly summary: FeedbackLoopSummary;
  /** The simulated click events, in the order they were drawn (round by round, user by user, rank by rank). */
  readonly clicks: readonly Event[];
  /**
   * One `impression` event per shown slot (position, surface `feedback-loop`, session `round-<n>`),
   * round by round, user by user, rank by rank: with `clicks`, the log a data team would have.
   */
  readonly impressions: readonly Event[];
}

/**
 * Simulates the feedback loop of docs/design.md 7. The recommender is fitted on the marketplace; then
 * each round a seeded sample of users gets one slate each (recorded into the exposure ledger as
 * served), clicks are drawn from the users' true relevance with the click model, the clicks go
 * back through `observe()` at the end of the round, and every `refitEvery` rounds the recommender
 * is refitted on all events so far (the ledger carries over). Every round records merchant
 * exposure Gini, small-tier exposure share, clicks, item coverage and the ledger's merit error
 * against the true merit. Deterministic bit for bit
 * per seed: the round's sample and each user's clicks come from seeds derived from the base seed.
 *
 * @throws ConfigError for invalid settings or when there is neither `preferences` nor `marketplace.truth`.
 * @example simulateFeedbackLoop({ marketplace: generateMarketplace({ seed: 3 }), rounds: 5 }).summary.merchantGini // e.g. 0.61
 */
export function simulateFeedbackLoop(input: FeedbackLoopInput): FeedbackLoopResult {
  const { marketplace, preferences: given, recommender: config = {}, label = 'run', ...settings } = input;
  const options = parseFeedbackLoopOptions(settings);
  const preferences = given ?? (marketplace.truth !== undefined ? truthPreferences(marketplace.truth) : undefined);
  if (preferences === undefined) {
    throw new ConfigError('feedback loop: give preferences, or a marketplace with its generator truth', 'preferences');
  }
  const { data } = validateMarketplace(marketplace);
  const roundMs = options.roundMinutes * 60_000;
  let last = 0;
  for (const e of data.events) if (e.timestamp > last) last = e.timestamp;
  const start = options.start ?? last + roundMs;

  const rec = createRecommender(config).fitRecords(data, { now: start });
  const context = simulationMetricContext(rec.dataset, rec.tiers, options.clickModel);
  const whole = createSlateMetrics(context, options.n);
  const catalogue = data.products.filter((p) => p.inStock).map((p) => p.id);
  const trueMerit = trueMeritShares(preferences, data);
  const events: Event[] = [...data.events];
  const simulated: Event[] = [];
  const impressions: Event[] = [];
  const rounds: FeedbackLoopRound[] = [];
  let slates = 0;
  for (let r = 0; r < options.rounds; r++) {
    const now = start + r * roundMs;
    const metrics = createSlateMetrics(context, options.n);
    const played = playRound({ recommender: rec, preferences, options, metrics: [metrics, whole], catalogue }, r, now);
    if (played.events.length > 0) rec.observe(played.events);
    for (const e of played.impressions) impressions.push(e);
    for (const e of played.events) {
      events.push(e);
      simulated.push(e);
    }
    // A refit after the last round would change nothing that is measured.
    const refit = options.refitEvery > 0 && (r + 1) % options.refitEvery === 0 && r + 1 < options.rounds;
    if (refit) rec.fitRecords({ ...data, events }, { now });
    slates += played.users;
    const meritGap = meritError(rec.ledger.snapshot(now), trueMerit);
    rounds.push({ round: r + 1, time: now, users: played.users, clicks: played.events.length, refit, meritError: meritGap, ...metrics.result() });
  }

  const pooled = whole.result();
  let smallItems = 0;
  for (const m of context.itemMerchant?.values() ?? []) if (context.merchantTier?.get(m) === 'small') smallItems++;
  return {
    label,
    options,
    lambda: rec.config.fairness.rerank.lambda,
    rounds,
    summary: {
      ...pooled,
      clicks: simulated.length,
      clicksPerSlate: slates > 0 ? simulated.length / slates : 0,
      smallTierCatalogueShare: context.catalogue.length > 0 ? smallItems / context.catalogue.length : 0,
      merchantGiniTrend: slope(rounds.map((x) => x.merchantGini)),
      headTierShareTrend: slope(rounds.map((x) => x.headTierShare)),
      meritErrorTrend: slope(rounds.map((x) => x.meritError)),
    },
    clicks: simulated,
    impressions,
  };
}

/** Least-squares slope of `y` against 1, 2, ..., n (0 for fewer than 2 points). */
function slope(y: readonly number[]): number {
  const n = y.length;
  if (n < 2) return 0;
  const meanX = (n + 1) / 2;
  let meanY = 0;
  for (const v of y) meanY += v / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i + 1 - meanX;
    sxy += dx * (y[i]! - meanY);
    sxx += dx * dx;
  }
  return sxy / sxx;
}
