/**
 * The exposure-biased catalogue (issues 12 and 13): products' true appeal to a user is the
 * user's affinity to the product's category times the product's quality (quality drawn
 * independently of the shop), but the logged history comes from a policy that showed head shops'
 * products four times as often as the others'. A training window and a held-out test window are
 * logged the same way; the appeal matrix is the truth. Seeded, bit for bit the same for a seed.
 */
import type { EventInput, MerchantInput, ProductInput } from '../../src/index.js';
import { logSessions } from './exposure-logging.js';
import { CatalogueRandom } from './random.js';
import { bySalesDescending, drawShops, HOSTILE_IDS, splitProducts, type Shop } from './shops.js';
import { SHELF_CATEGORIES, shelfTitle } from './vocabulary.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Options of {@link buildExposureCatalogue}. */
export interface ExposureCatalogueOptions {
  /** @default 1213 */
  readonly seed?: number;
  /** @default 300 */
  readonly users?: number;
  /** @default 30 */
  readonly shops?: number;
  /** Products of the established shops. @default 360 */
  readonly products?: number;
  /**
   * New shops whose products (two to four each) the logging policy never showed: no logged
   * event, the same law of appeal as every other product. @default 4
   */
  readonly newShops?: number;
  /** How many times as often the logging policy shows a head shop's product. @default 4 */
  readonly headExposure?: number;
  /** Days of logged training history. @default 56 */
  readonly trainDays?: number;
  /** Days of the held-out window after the training end. @default 14 */
  readonly testDays?: number;
  /** Products shown per logged session. @default 8 */
  readonly slateSize?: number;
}

/** The built catalogue, its two logged windows and the truth. */
export interface ExposureCatalogue {
  readonly products: ProductInput[];
  readonly merchants: MerchantInput[];
  /** Logged events before `trainEnd` (impressions with positions, clicks, carts, purchases). */
  readonly trainEvents: EventInput[];
  /** Logged events of the held-out window after `trainEnd`, drawn by the same policy. */
  readonly testEvents: EventInput[];
  /** End of the training window, epoch ms: fit and serve here. */
  readonly trainEnd: number;
  /** User ids; index u of the appeal matrix. */
  readonly userIds: readonly string[];
  /** Product ids; index p of the appeal matrix. */
  readonly productIds: readonly string[];
  /** True appeal (click probability when examined), users x products, row-major, in [0, 1]. */
  readonly appeal: Float64Array;
  /** Product quality in [0.15, 1), drawn independently of the shop. */
  readonly quality: Float64Array;
  /** Shops whose products the logging policy favoured. */
  readonly headShops: ReadonlySet<string>;
  /** Shops whose products the logging policy never showed. */
  readonly newShops: ReadonlySet<string>;
  /** The logging policy's exposure factor per product (headExposure for head shops' products, 0 for new shops', else 1). */
  readonly exposureFactor: Float64Array;
}

/** Training end of the exposure catalogue: 2023-11-01 00:00 UTC. */
export const EXPOSURE_TRAIN_END = Date.UTC(2023, 10, 1);

/**
 * Builds the exposure-biased catalogue. Shops: log-normal sales (sigma 1.1); products split by
 * `sales^1`; head shops are the largest ones holding together at least 40% of the products.
 * A product's category is its shop's home category with probability 0.7, else uniform. Users
 * have affinity 1 to a main category, 0.4 to a second, 0.1 to the rest; appeal =
 * min(1, affinity x quality x logNormal(0, 0.25)). The logging policy shows product p to user u
 * with weight `exposureFactor(p) * (0.1 + affinity(u, category(p)))`: it knows the users'
 * categories but not the products' quality, and it favours the head.
 */
export function buildExposureCatalogue(options: ExposureCatalogueOptions = {}): ExposureCatalogue {
  const random = new CatalogueRandom(options.seed ?? 1213);
  const U = options.users ?? 300;
  const headExposure = options.headExposure ?? 4;
  const trainEnd = EXPOSURE_TRAIN_END;
  const C = SHELF_CATEGORIES.length;
  const established = options.shops ?? 30;
  const shops = drawShops(random, established + (options.newShops ?? 4), 1.1);
  const counts = new Int32Array(shops.length);
  counts.set(splitProducts(random, shops.slice(0, established), options.products ?? 360, 1));
  for (let s = established; s < shops.length; s++) counts[s] = random.integer(2, 4);
  const P = counts.reduce((a, b) => a + b, 0);
  const headShops = headOf(shops.slice(0, established), counts);
  const newShops = new Set(shops.slice(established).map((s) => s.id));

  const products: ProductInput[] = [];
  const productIds: string[] = [];
  const category = new Int32Array(P);
  const quality = new Float64Array(P);
  const exposureFactor = new Float64Array(P);
  shops.forEach((shop, s) => {
    const home = random.integer(0, C - 1);
    for (let k = 0; k < counts[s]!; k++) {
      const p = products.length;
      const c = random.chance(0.7) ? home : random.integer(0, C - 1);
      const shelf = SHELF_CATEGORIES[c]!;
      const goods = shelf.goods[random.integer(0, shelf.goods.length - 1)]!;
      category[p] = c;
      quality[p] = random.between(0.15, 1);
      exposureFactor[p] = headShops.has(shop.id) ? headExposure : newShops.has(shop.id) ? 0 : 1;
      productIds.push(`item-${String(p + 1).padStart(4, '0')}`);
      products.push({
        id: productIds[p]!,
        merchantId: shop.id,
        title: shelfTitle(shelf, goods, random.pick(shelf.qualifiers), random.uniform(), random.chance(0.3) ? shop.brand : undefined),
        tags: [...goods.tags],
        category: shelf.id,
        price: Math.round(shelf.price * random.logNormal(0, 0.4)),
      });
    }
  });

  const userIds: string[] = [];
  const appeal = new Float64Array(U * P);
  const showWeight = new Float64Array(U * P);
  for (let u = 0; u < U; u++) {
    userIds.push(u === 11 ? HOSTILE_IDS[0] : `member-${String(u + 1).padStart(4, '0')}`);
    const affinity = new Float64Array(C).fill(0.1);
    const main = random.integer(0, C - 1);
    affinity[(main + random.integer(1, C - 1)) % C] = 0.4;
    affinity[main] = 1;
    for (let p = 0; p < P; p++) {
      const a = affinity[category[p]!]!;
      appeal[u * P + p] = Math.min(1, a * quality[p]! * random.logNormal(0, 0.25));
      showWeight[u * P + p] = exposureFactor[p]! * (0.1 + a);
    }
  }

  const world = { userIds, productIds, appeal, showWeight };
  const slateSize = options.slateSize ?? 8;
  const trainDays = options.trainDays ?? 56;
  const trainEvents = logSessions(random, world, { from: trainEnd - trainDays * DAY, to: trainEnd - 3 * HOUR, minSessions: 6, maxSessions: 14, slateSize }, 'train');
  const testDays = options.testDays ?? 14;
  const testEvents = logSessions(random, world, { from: trainEnd, to: trainEnd + testDays * DAY - 3 * HOUR, minSessions: 2, maxSessions: 5, slateSize }, 'test');
  return {
    products,
    merchants: shops.map((s) => ({ id: s.id, name: s.name })),
    trainEvents,
    testEvents,
    trainEnd,
    userIds,
    productIds,
    appeal,
    quality,
    headShops,
    newShops,
    exposureFactor,
  };
}

/** The largest shops (by sales) that together hold at least 40% of the products (at least two). */
function headOf(shops: readonly Shop[], counts: Int32Array): Set<string> {
  const total = counts.reduce((a, b) => a + b, 0);
  const head = new Set<string>();
  let held = 0;
  for (const shop of bySalesDescending(shops)) {
    if (head.size >= 2 && held >= 0.4 * total) break;
    head.add(shop.id);
    held += counts[shop.index]!;
  }
  return head;
}
