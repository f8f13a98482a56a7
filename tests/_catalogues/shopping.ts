/**
 * Shopping histories of the breakout catalogue: visits that start with a view and may go on to a
 * click, a cart and a purchase (about 100 : 42 : 12 : 6), mostly in the shopper's main category.
 */
import type { EventInput } from '../../src/index.js';
import type { CatalogueRandom } from './random.js';
import { SHELF_CATEGORIES } from './vocabulary.js';

const SECOND = 1000;

/** A shopper as the builder draws them. */
export interface Shopper {
  readonly id: string;
  /** Index of the main category in SHELF_CATEGORIES. */
  readonly main: number;
  /** Share of visits outside the main category. */
  readonly noise: number;
  /** Goods indices of the main category visited four times as often. */
  readonly favourites: readonly number[];
  /** Fewest events to draw (a visit may add up to three more). */
  readonly events: number;
  /** Time of the first possible visit, epoch ms. */
  readonly start: number;
}

/** A category's products: ids, draw weights and goods index (-1 for a look-alike). */
export interface ProductPool {
  readonly ids: readonly string[];
  readonly weight: readonly number[];
  readonly goods: readonly number[];
}

/** Probabilities of each step of a visit, given the step before. */
export const FUNNEL = { click: 0.42, cart: 0.28, purchase: 0.5, revisit: 0.15 } as const;

/**
 * Each shopper's events, sorted by time (stable): visits at uniform times in
 * `[start, end - 3 h]`; a visit revisits an earlier product with probability 0.15, else draws a
 * category (the main one with probability `1 - noise`, else another uniformly) and a product by
 * the pool's weights (favourite goods x4 in the main category).
 */
export function shoppingEvents(random: CatalogueRandom, shoppers: readonly Shopper[], pools: readonly ProductPool[], end: number): EventInput[] {
  const events: EventInput[] = [];
  const C = SHELF_CATEGORIES.length;
  const last = end - 3 * 3_600 * SECOND;
  for (const shopper of shoppers) {
    const visited: string[] = [];
    let count = 0;
    while (count < shopper.events) {
      const t = Math.floor(random.between(shopper.start, last));
      let productId: string;
      if (visited.length > 0 && random.chance(FUNNEL.revisit)) productId = random.pick(visited);
      else {
        const c = random.chance(shopper.noise) ? (shopper.main + random.integer(1, C - 1)) % C : shopper.main;
        const pool = pools[c]!;
        const weights = pool.weight.map((w, i) => (c === shopper.main && shopper.favourites.includes(pool.goods[i]!) ? 4 * w : w));
        productId = pool.ids[random.weighted(weights)]!;
      }
      visited.push(productId);
      const userId = shopper.id;
      events.push({ userId, productId, type: 'view', timestamp: t });
      count++;
      if (!random.chance(FUNNEL.click)) continue;
      events.push({ userId, productId, type: 'click', timestamp: t + random.integer(5, 60) * SECOND });
      count++;
      if (!random.chance(FUNNEL.cart)) continue;
      events.push({ userId, productId, type: 'cart', timestamp: t + random.integer(60, 600) * SECOND });
      count++;
      if (!random.chance(FUNNEL.purchase)) continue;
      events.push({ userId, productId, type: 'purchase', timestamp: t + random.integer(600, 7_200) * SECOND });
      count++;
    }
  }
  return events.sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
}
