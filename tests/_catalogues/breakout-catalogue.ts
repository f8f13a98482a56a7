/**
 * The breakout catalogue (issue 11): shoppers with long, mixed histories over five categories,
 * shops of log-normal size whose big ones own the popular products, and one product of a small
 * kitchen shop that nobody has touched, named by a hot topic (breakout-topic.ts). Built without
 * the marketplace generator's code or words; seeded, bit for bit the same for a seed.
 */
import type { EventInput, MerchantInput, ProductInput } from '../../src/index.js';
import { BREAKOUT_PRODUCT, LOOK_ALIKES } from './breakout-topic.js';
import { CatalogueRandom } from './random.js';
import { bySalesDescending, drawShops, HOSTILE_IDS, splitProducts, type Shop } from './shops.js';
import { shoppingEvents, type Shopper } from './shopping.js';
import { SHELF_CATEGORIES, shelfTitle } from './vocabulary.js';

const DAY = 86_400_000;

/** Options of {@link buildBreakoutCatalogue}. */
export interface BreakoutCatalogueOptions {
  /** @default 20240520 */
  readonly seed?: number;
  /** Shoppers. @default 360 */
  readonly users?: number;
  /** Shops. @default 42 */
  readonly shops?: number;
  /** Products per category, look-alikes included, the breakout product not. @default 90 */
  readonly productsPerCategory?: number;
  /** Days of history before `now`. @default 92 */
  readonly days?: number;
}

/** The built catalogue: records for `fit`, the story's ids and the builder's own truth. */
export interface BreakoutCatalogue {
  readonly products: ProductInput[];
  readonly merchants: MerchantInput[];
  readonly events: EventInput[];
  /** The catalogue's present, epoch ms: every event is at least an hour before it. */
  readonly now: number;
  /** The untouched product named by the topic. */
  readonly target: { readonly productId: string; readonly merchantId: string; readonly category: string };
  /** Look-alike product ids, with their categories. */
  readonly lookAlikes: ReadonlyArray<{ readonly productId: string; readonly category: string }>;
  /** Each shopper's main category (the builder's truth, not read from the events). */
  readonly userCategory: ReadonlyMap<string, string>;
  /** Monthly sales per shop id. */
  readonly shopSales: ReadonlyMap<string, number>;
}

/** Share of shoppers per category, in {@link SHELF_CATEGORIES} order. */
const CATEGORY_SHARE = [0.24, 0.2, 0.2, 0.18, 0.18];

/** The catalogue's present: 2024-05-20 12:00 UTC. */
export const BREAKOUT_NOW = Date.UTC(2024, 4, 20, 12);

/**
 * Builds the breakout catalogue. Shops: log-normal sales (sigma 1.4), each selling in one home
 * category, the top quarter also in a second; a category's products are split among its shops
 * by `sales^0.6`, and a product's draw weight is `sales^0.8` times a log-normal appeal, so the
 * big shops own the popular products. The breakout product belongs to the kitchen shop with the
 * smallest sales and has no event.
 */
export function buildBreakoutCatalogue(options: BreakoutCatalogueOptions = {}): BreakoutCatalogue {
  const seed = options.seed ?? 20240520;
  const userCount = options.users ?? 360;
  const perCategory = options.productsPerCategory ?? 90;
  const days = options.days ?? 92;
  const shopCount = options.shops ?? 42;
  if (shopCount < SHELF_CATEGORIES.length) throw new RangeError(`buildBreakoutCatalogue: shops must be at least ${SHELF_CATEGORIES.length} (one per category), got ${shopCount}`);
  const random = new CatalogueRandom(seed);
  const now = BREAKOUT_NOW;
  const shops = drawShops(random, shopCount, 1.4);
  const sellers = categorySellers(random, shops);

  const products: ProductInput[] = [];
  /** Per category: product ids, their draw weights and goods index (the shoppers draw from these). */
  const pools = SHELF_CATEGORIES.map(() => ({ ids: [] as string[], weight: [] as number[], goods: [] as number[] }));
  const lookAlikes: Array<{ productId: string; category: string }> = [];
  SHELF_CATEGORIES.forEach((category, c) => {
    const own = LOOK_ALIKES.filter((l) => l.category === category.id);
    const shopsHere = sellers[c]!;
    const counts = splitProducts(random, shopsHere, perCategory - own.length, 0.6);
    const add = (shop: Shop, title: string, tags: readonly string[], goods: number): string => {
      const id = products.length === 17 ? HOSTILE_IDS[2] : `sku-${category.id}-${String(pools[c]!.ids.length + 1).padStart(3, '0')}`;
      products.push({
        id,
        merchantId: shop.id,
        title,
        tags: [...tags, category.zh],
        category: category.id,
        price: Math.round(category.price * random.logNormal(0, 0.5) * 100) / 100,
        createdAt: now - Math.floor(random.between(30, 400) * DAY),
      });
      pools[c]!.ids.push(id);
      pools[c]!.weight.push(Math.pow(shop.sales, 0.8) * random.logNormal(0, 0.6));
      pools[c]!.goods.push(goods);
      return id;
    };
    shopsHere.forEach((shop, s) => {
      for (let k = 0; k < counts[s]!; k++) {
        const goods = random.integer(0, category.goods.length - 1);
        const title = shelfTitle(category, category.goods[goods]!, random.pick(category.qualifiers), random.uniform(), random.chance(0.5) ? shop.brand : undefined);
        add(shop, title, category.goods[goods]!.tags, goods);
      }
    });
    // Look-alikes sit with a mid-sized seller of their category (the median by sales).
    const mid = bySalesDescending(shopsHere)[Math.floor(shopsHere.length / 2)]!;
    for (const l of own) lookAlikes.push({ productId: add(mid, l.title, l.tags, -1), category: category.id });
  });

  const kitchen = SHELF_CATEGORIES.findIndex((c) => c.id === BREAKOUT_PRODUCT.category);
  const smallest = bySalesDescending(sellers[kitchen]!).at(-1)!;
  const target = { productId: 'sku-kitchen-tianshui-kit', merchantId: smallest.id, category: BREAKOUT_PRODUCT.category };
  products.push({
    id: target.productId,
    merchantId: smallest.id,
    title: BREAKOUT_PRODUCT.title,
    tags: [...BREAKOUT_PRODUCT.tags],
    category: BREAKOUT_PRODUCT.category,
    price: BREAKOUT_PRODUCT.price,
    createdAt: now - 36 * 3_600_000,
  });

  const shoppers: Shopper[] = [];
  for (let u = 0; u < userCount; u++) {
    const main = random.weighted(CATEGORY_SHARE);
    const goods = SHELF_CATEGORIES[main]!.goods.length;
    shoppers.push({
      id: u === 7 ? HOSTILE_IDS[0] : `shopper-${String(u + 1).padStart(4, '0')}`,
      main,
      noise: random.between(0.05, 0.25),
      favourites: [random.integer(0, goods - 1), random.integer(0, goods - 1)],
      events: random.chance(0.18) ? random.integer(30, 60) : random.integer(10, 22),
      start: now - Math.floor(random.between(20, days) * DAY),
    });
  }
  const events = shoppingEvents(random, shoppers, pools, now - 4 * 3_600_000);
  return {
    products,
    merchants: shops.map((s) => ({ id: s.id, name: s.name })),
    events,
    now,
    target,
    lookAlikes,
    userCategory: new Map(shoppers.map((s) => [s.id, SHELF_CATEGORIES[s.main]!.id])),
    shopSales: new Map(shops.map((s) => [s.id, s.sales])),
  };
}

/**
 * Sellers of each category: shop i's home category is i mod 5 after a seeded shuffle; the top
 * quarter by sales also sells in one other category.
 */
function categorySellers(random: CatalogueRandom, shops: readonly Shop[]): Shop[][] {
  const C = SHELF_CATEGORIES.length;
  const order = shops.map((s) => s.index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.integer(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const sellers: Shop[][] = SHELF_CATEGORIES.map(() => []);
  const home = new Map<string, number>();
  order.forEach((s, k) => {
    sellers[k % C]!.push(shops[s]!);
    home.set(shops[s]!.id, k % C);
  });
  const top = bySalesDescending(shops).slice(0, Math.ceil(shops.length / 4));
  for (const shop of top) {
    const second = (home.get(shop.id)! + random.integer(1, C - 1)) % C;
    sellers[second]!.push(shop);
  }
  for (const list of sellers) list.sort((a, b) => a.index - b.index);
  return sellers;
}
