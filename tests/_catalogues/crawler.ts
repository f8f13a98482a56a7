/**
 * A crawler (a bot, a price scraper, a load test) added to a shop's records, built apart from the
 * shops themselves: one user viewing every product of the catalogue in turn, `passes` times, its
 * views spread evenly over a time span.
 */
import type { EventInput, ProductInput } from '../../src/index.js';

const HOUR = 3_600_000;

/** Options of {@link crawlerViews}. */
export interface CrawlerOptions {
  /** Times the crawler goes through the whole catalogue. */
  readonly passes: number;
  /** Start and end of its views, hours before `now` (from > to). @default 23.5 and 0.5 */
  readonly fromHours?: number;
  readonly toHours?: number;
  /** @default 'crawler' */
  readonly userId?: string;
}

/** The crawler's views of `products` before `now` (epoch ms), oldest first. */
export function crawlerViews(products: readonly ProductInput[], now: number, options: CrawlerOptions): EventInput[] {
  const from = options.fromHours ?? 23.5;
  const to = options.toHours ?? 0.5;
  const total = options.passes * products.length;
  return Array.from({ length: total }, (_, k) => ({
    userId: options.userId ?? 'crawler',
    productId: products[k % products.length]!.id,
    type: 'view',
    timestamp: now - (from - ((from - to) * k) / Math.max(1, total - 1)) * HOUR,
  }));
}
