/**
 * Shops (merchants) of the test catalogues: sizes from a log-normal law (monthly sales, yuan),
 * unlike the marketplace generator's Zipf sizes, and their split of a category's products.
 */
import type { CatalogueRandom } from './random.js';
import { shopName } from './vocabulary.js';

/** A shop of a test catalogue. */
export interface Shop {
  readonly id: string;
  readonly name: string;
  /** Brand as written in titles, [Chinese, English]. */
  readonly brand: readonly [string, string];
  /** Monthly sales, yuan (log-normal). */
  readonly sales: number;
  /** Index into the shop list. */
  readonly index: number;
}

/** Ids the catalogues give to a few records on purpose: a plain-object key would break on them. */
export const HOSTILE_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

/**
 * `count` shops with log-normal sales `exp(mu + sigma * z)` (mu = ln 20,000 yuan). Shop 3 is
 * named `constructor` (an id that must never be a plain-object key); the others `shop-NN`.
 */
export function drawShops(random: CatalogueRandom, count: number, sigma: number): Shop[] {
  const shops: Shop[] = [];
  for (let i = 0; i < count; i++) {
    const brand = shopName(i);
    const id = i === 3 ? HOSTILE_IDS[1] : `shop-${String(i + 1).padStart(2, '0')}`;
    shops.push({ id, name: `${brand[0]} ${brand[1]}`, brand, sales: Math.round(random.logNormal(Math.log(20_000), sigma)), index: i });
  }
  return shops;
}

/**
 * Splits `total` products among `shops`: one each, the rest drawn one by one with probability
 * proportional to `sales^exponent`. Returns the count per shop (aligned with `shops`).
 */
export function splitProducts(random: CatalogueRandom, shops: readonly Shop[], total: number, exponent: number): Int32Array {
  if (total < shops.length) throw new RangeError(`splitProducts: ${total} products cannot give each of ${shops.length} shops one`);
  const counts = new Int32Array(shops.length).fill(1);
  const weights = Float64Array.from(shops, (s) => Math.pow(s.sales, exponent));
  for (let i = shops.length; i < total; i++) counts[random.weighted(weights)]! += 1;
  return counts;
}

/** Shops in descending order of sales (ties by index). Does not mutate its input. */
export function bySalesDescending(shops: readonly Shop[]): Shop[] {
  return [...shops].sort((a, b) => b.sales - a.sales || a.index - b.index);
}
