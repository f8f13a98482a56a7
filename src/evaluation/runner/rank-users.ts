/**
 * Ranking an evaluation's test users with one fitted recommender: the step the runner hands to
 * its driver. `evaluate()` ranks on the calling thread ({@link rankUsers}); `evaluateAsync` with
 * a thread pool ranks on the pool's threads (rank-on-runner.ts), with the same lists, bit for bit.
 */
import type { Recommender } from '../../engine/recommender.js';
import { BUILT_IN_SIGNAL_TYPES } from '../../engine/signal-registry.js';

/** Users between two progress reports (and, in the async driver, pauses for the event loop). */
export const RANK_PROGRESS_EVERY = 64;

/** Lets timers, I/O and every queued promise callback run (a macrotask turn): setImmediate where the runtime has it, else a 0 ms timer. */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate === undefined ? setTimeout(resolve, 0) : immediate(resolve)));
}

/** What to rank: every user's top `n` from one fitted recommender, users in order. */
export interface RankRequest {
  readonly recommender: Recommender;
  readonly users: readonly string[];
  /** List length. */
  readonly n: number;
  /** Record each served list into the recommender's exposure ledger (users in order). */
  readonly record: boolean;
  /** Product ids a user's list leaves out (the user's training items). */
  readonly exclude: (userId: string) => Iterable<string>;
  /** Called with the number of users ranked so far, every few users and at the end. */
  readonly onRanked: (done: number) => void;
}

/** The ranked product ids of user `u` of the request (one `recommend` call). */
export function rankUser(request: RankRequest, u: number): string[] {
  const userId = request.users[u]!;
  const slate = request.recommender.recommend(userId, { n: request.n, record: request.record, exclude: request.exclude(userId) });
  return slate.items.map((item) => item.productId);
}

/**
 * Ranks every user of the request on this thread, in order; `pause` (if given) is awaited every
 * {@link RANK_PROGRESS_EVERY} users, so an async caller can let other work run.
 */
export function rankUsers(request: RankRequest): string[][];
export function rankUsers(request: RankRequest, pause: () => Promise<void>): Promise<string[][]>;
export function rankUsers(request: RankRequest, pause?: () => Promise<void>): string[][] | Promise<string[][]> {
  const lists: string[][] = [];
  const total = request.users.length;
  const step = (from: number): number => {
    const to = Math.min(total, from + RANK_PROGRESS_EVERY);
    for (let u = from; u < to; u++) lists.push(rankUser(request, u));
    request.onRanked(to);
    return to;
  };
  if (pause === undefined) {
    for (let u = 0; u < total; ) u = step(u);
    return lists;
  }
  return (async () => {
    for (let u = 0; u < total; ) {
      u = step(u);
      await pause();
    }
    return lists;
  })();
}

/**
 * Whether a recommender can be ranked on worker threads: every signal a built-in type (a worker
 * rebuilds the recommender from its model file, and custom types are registered per thread).
 */
export function rankableOnThreads(recommender: Recommender): boolean {
  return recommender.slots.every((s) => BUILT_IN_SIGNAL_TYPES.includes(s.signal.type));
}
