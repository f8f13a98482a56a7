import { Rng } from '../../_internal/rng.js';
import type { Recommender } from '../../engine/index.js';
import type { Event } from '../../schema/entities.js';
import { drawClicks } from './click-model.js';
import type { FeedbackLoopOptions } from './options.js';
import type { UserPreferences } from './preferences.js';
import type { SlateMetricsAccumulator } from './round-metrics.js';
import { candidatesNeeded, explorationSeed, shownSlate } from './exploration.js';
import { clickSeed, sampleRoundUsers } from './sample-users.js';

/** What one round needs: the recommender under test, the users, the settings and where to report. */
export interface RoundContext {
  readonly recommender: Recommender;
  readonly preferences: UserPreferences;
  readonly options: FeedbackLoopOptions;
  /** Accumulators every served slate is added to (the round's and the whole run's). */
  readonly metrics: readonly SlateMetricsAccumulator[];
  /** In-stock product ids: what epsilon exploration draws from. */
  readonly catalogue: readonly string[];
}

/** Surface of the recommender's own (not randomised) slots. */
const SURFACE = 'feedback-loop';

/** What one round produced. */
export interface RoundLog {
  /** Click events, in draw order (not yet observed). */
  readonly events: Event[];
  /** One `impression` event per shown slot, with its 1-based position, in serving order. */
  readonly impressions: Event[];
  /** Users served. */
  readonly users: number;
}

/**
 * Plays round `round` (0-based) at time `now`: serves one slate to each sampled user (the
 * recommender records it into its ledger), logs an impression with its position for every shown
 * slot, draws the user's clicks from a seed derived from the base seed, the round and the user,
 * and returns the click events (not yet observed), the impressions and the number of users served.
 * Impressions and clicks of a slate share its time and session id (`round-<n>`).
 */
export function playRound(ctx: RoundContext, round: number, now: number): RoundLog {
  const { recommender, preferences, options } = ctx;
  const users = sampleRoundUsers(options.seed, round, preferences.userIds.length, options.usersPerRound);
  const relevance = new Float64Array(options.n);
  const clicked = new Uint8Array(options.n);
  const events: Event[] = [];
  const impressions: Event[] = [];
  const sessionId = `round-${round + 1}`;
  for (const u of users) {
    const userId = preferences.userIds[u]!;
    const ranked = recommender.recommend(userId, { n: candidatesNeeded(options.exploration, options.n), now }).items;
    const slate =
      options.exploration.kind === 'none'
        ? { productIds: ranked.map((item) => item.productId), surfaces: ranked.map(() => SURFACE) }
        : shownSlate(ranked, options.exploration, options.n, ctx.catalogue, new Rng(explorationSeed(options.seed, round, userId)), SURFACE);
    const shown = slate.productIds;
    shown.forEach((productId, k) => impressions.push({ userId, productId, type: 'impression', timestamp: now, position: k + 1, surface: slate.surfaces[k]!, sessionId }));
    for (let k = 0; k < shown.length; k++) relevance[k] = preferences.relevance(u, shown[k]!);
    drawClicks(relevance.subarray(0, shown.length), options.clickModel, new Rng(clickSeed(options.seed, round, userId)), clicked);
    const clickedIds = new Set<string>();
    for (let k = 0; k < shown.length; k++) {
      if (clicked[k] !== 1) continue;
      clickedIds.add(shown[k]!);
      events.push({
        userId,
        productId: shown[k]!,
        type: options.clickType,
        timestamp: now,
        position: k + 1,
        surface: slate.surfaces[k]!,
        sessionId,
      });
    }
    for (const m of ctx.metrics) m.add(shown, clickedIds);
  }
  return { events, impressions, users: users.length };
}
