import { Rng } from '../../_internal/rng.js';
import type { Recommender } from '../../engine/index.js';
import type { Event } from '../../schema/entities.js';
import { drawClicks } from './click-model.js';
import type { FeedbackLoopOptions } from './options.js';
import type { UserPreferences } from './preferences.js';
import type { SlateMetricsAccumulator } from './round-metrics.js';
import { clickSeed, sampleRoundUsers } from './sample-users.js';

/** What one round needs: the recommender under test, the users, the settings and where to report. */
export interface RoundContext {
  readonly recommender: Recommender;
  readonly preferences: UserPreferences;
  readonly options: FeedbackLoopOptions;
  /** Accumulators every served slate is added to (the round's and the whole run's). */
  readonly metrics: readonly SlateMetricsAccumulator[];
}

/**
 * Plays round `round` (0-based) at time `now`: serves one slate to each sampled user (the
 * recommender records it into its ledger), draws the user's clicks from a seed derived from the
 * base seed, the round and the user, and returns the click events (not yet observed) and the
 * number of users served.
 */
export function playRound(ctx: RoundContext, round: number, now: number): { events: Event[]; users: number } {
  const { recommender, preferences, options } = ctx;
  const users = sampleRoundUsers(options.seed, round, preferences.userIds.length, options.usersPerRound);
  const relevance = new Float64Array(options.n);
  const clicked = new Uint8Array(options.n);
  const events: Event[] = [];
  for (const u of users) {
    const userId = preferences.userIds[u]!;
    const shown = recommender.recommend(userId, { n: options.n, now }).items.map((item) => item.productId);
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
        surface: 'feedback-loop',
        sessionId: `round-${round + 1}`,
      });
    }
    for (const m of ctx.metrics) m.add(shown, clickedIds);
  }
  return { events, users: users.length };
}
