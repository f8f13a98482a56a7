/**
 * The logging policy of the exposure-biased catalogue: sessions that show a slate drawn with a
 * head-skewed exposure weight, log each shown product as an `impression` with its position, and
 * draw clicks from examination(position) x true appeal (then carts and purchases).
 */
import type { EventInput } from '../../src/index.js';
import type { CatalogueRandom } from './random.js';

const SECOND = 1000;

/**
 * Examination probability of 1-based position k: `k^-0.7` (1 at the top, 0.23 at 8), a position
 * model of its own, not the library's log discount.
 * @example examination(1) // 1
 */
export function examination(position: number): number {
  return Math.pow(position, -0.7);
}

/** Probability of a cart after a click, and of a purchase after a cart. */
export const AFTER_CLICK = { cart: 0.3, purchase: 0.5 } as const;

/** What the logging policy needs to know about the catalogue. */
export interface LoggingWorld {
  readonly userIds: readonly string[];
  readonly productIds: readonly string[];
  /** True appeal, users x products, row-major, in [0, 1]. */
  readonly appeal: Float64Array;
  /** The logging policy's weight of showing product p to user u, users x products, row-major. */
  readonly showWeight: Float64Array;
}

/** A window of logged sessions. */
export interface SessionWindow {
  /** First and last possible session start, epoch ms. */
  readonly from: number;
  readonly to: number;
  /** Fewest and most sessions per user. */
  readonly minSessions: number;
  readonly maxSessions: number;
  /** Products shown per session. */
  readonly slateSize: number;
}

/**
 * Logged events of one window, sorted by time (stable): for each user, sessions at uniform
 * times; each session shows `slateSize` products drawn by Plackett-Luce sampling on the user's
 * row of `showWeight` (positions in draw order), logs an impression per product, and a click
 * with probability `examination(position) * appeal`, then cart and purchase as in
 * {@link AFTER_CLICK}. Clicks carry the position; every event carries its session id.
 */
export function logSessions(random: CatalogueRandom, world: LoggingWorld, window: SessionWindow, tag: string): EventInput[] {
  const P = world.productIds.length;
  const events: EventInput[] = [];
  world.userIds.forEach((userId, u) => {
    const row = world.showWeight.subarray(u * P, (u + 1) * P);
    const sessions = random.integer(window.minSessions, window.maxSessions);
    for (let s = 0; s < sessions; s++) {
      const t = Math.floor(random.between(window.from, window.to));
      const sessionId = `${tag}-${u}-${s}`;
      const shown = random.sequence(row, window.slateSize);
      shown.forEach((p, k) => {
        const productId = world.productIds[p]!;
        const position = k + 1;
        events.push({ userId, productId, type: 'impression', timestamp: t, position, sessionId });
        if (!random.chance(examination(position) * world.appeal[u * P + p]!)) return;
        const click = t + random.integer(2, 40) * SECOND;
        events.push({ userId, productId, type: 'click', timestamp: click, position, sessionId });
        if (!random.chance(AFTER_CLICK.cart)) return;
        events.push({ userId, productId, type: 'cart', timestamp: click + random.integer(60, 600) * SECOND, sessionId });
        if (!random.chance(AFTER_CLICK.purchase)) return;
        events.push({ userId, productId, type: 'purchase', timestamp: click + random.integer(600, 7_200) * SECOND, sessionId });
      });
    }
  });
  return events.sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
}
