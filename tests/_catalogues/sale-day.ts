/**
 * A shop whose whole traffic surges on the last day (a sale, a holiday, a day of bulk rating: the
 * MovieLens 100K pattern at a temporal cut, where the last training day has four times the events
 * of the days before it), built with its own seeded draws: 150 products with log-normal appeal,
 * 300 shoppers, 13 quiet days of about 120 views a day drawn by appeal, then a last day with four
 * times as many shoppers drawing the same way. `surging` (optional) is a product whose share of the
 * traffic also jumps on the last day: 25 shoppers (or `fans`) against one in the 13 days before.
 */
import type { EventInput, ProductInput } from '../../src/index.js';
import { CatalogueRandom } from './random.js';

const HOUR = 3_600_000;

/** Options of {@link saleDayShop}. */
export interface SaleDayOptions {
  readonly seed?: number;
  /** Last-day traffic over a quiet day's. @default 4 */
  readonly surge?: number;
  /** Add `surging`, a product whose share of the traffic jumps on the last day. @default false */
  readonly withSurging?: boolean;
  /** Shoppers of `surging` in the last day, one every half hour from an hour before `now`. @default 25 */
  readonly fans?: number;
}

/** Records of the sale-day shop, every event before `now` (epoch ms). */
export function saleDayShop(now: number, options: SaleDayOptions = {}): { products: ProductInput[]; merchants: Array<{ id: string }>; events: EventInput[] } {
  const random = new CatalogueRandom(options.seed ?? 11);
  const surge = options.surge ?? 4;
  const products: ProductInput[] = Array.from({ length: 150 }, (_, i) => ({ id: `s${i}`, merchantId: `m${i % 10}`, title: `goods ${i}`, category: 'home', tags: [] }));
  const appeal = products.map(() => random.logNormal(0, 1));
  const total = appeal.reduce((a, b) => a + b, 0);
  const draw = (): string => {
    let x = random.uniform() * total;
    for (let i = 0; i < appeal.length; i++) if ((x -= appeal[i]!) < 0) return `s${i}`;
    return `s${products.length - 1}`;
  };
  const events: EventInput[] = [];
  const view = (user: string, productId: string, hoursAgo: number): void => {
    events.push({ userId: user, productId, type: 'view', timestamp: now - hoursAgo * HOUR });
  };
  for (let day = 1; day <= 13; day++) {
    for (let k = 0; k < 120; k++) view(`u${random.integer(0, 299)}`, draw(), 24 * day + random.between(0.5, 23.5));
  }
  for (let k = 0; k < 120 * surge; k++) view(`u${random.integer(0, 299)}`, draw(), random.between(0.5, 23.5));
  if (options.withSurging === true) {
    products.push({ id: 'surging', merchantId: 'm0', title: 'goods surging', category: 'home', tags: [] });
    view('u0', 'surging', 24 * 7);
    for (let u = 0; u < (options.fans ?? 25); u++) view(`fan${u}`, 'surging', 1 + u / 2);
  }
  return { products, merchants: Array.from({ length: 10 }, (_, i) => ({ id: `m${i}` })), events };
}
