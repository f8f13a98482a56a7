/**
 * The merchant-quality marketplace: a seeded marketplace built apart from the library's generator
 * (src/simulation/marketplace) and from the other test catalogues, first written by a probe that
 * asked whether the fairness defaults hold on a marketplace we did not shape. Its own catalogue
 * (log-normal merchant sizes, optionally one giant merchant or a crowd of one-product merchants),
 * its own text, its own users and its own logging policy. Quality belongs to the merchant: each
 * merchant draws one, independently of its size or rising with it, and its products scatter
 * around it. The logged history comes from a policy that shows larger merchants' products more
 * often and reinforces what was clicked before; clicks follow a position model with the truth's
 * relevance. Same options, same marketplace, bit for bit.
 */
import type { EventInput, MerchantInput, ProductInput } from '../../src/index.js';
import { CatalogueRandom } from './random.js';

const DAY = 86_400_000;

/**
 * CatalogueRandom's draws over an sfc32 stream seeded by CatalogueRandom's own mulberry32: the
 * probe's generator, so that a seed builds the very marketplace the probe measured.
 */
class Sfc32Random extends CatalogueRandom {
  #a: number;
  #b: number;
  #c: number;
  #d = 1;

  constructor(seed: number) {
    super(seed ^ 0x9e3779b9);
    this.#a = (super.uniform() * 4294967296) >>> 0;
    this.#b = (super.uniform() * 4294967296) >>> 0;
    this.#c = (super.uniform() * 4294967296) >>> 0;
  }

  override uniform(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (((this.#c << 21) | (this.#c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  }
}

/** Start of the logged period: 2026-01-05 00:00 UTC. */
export const MERCHANT_QUALITY_START = Date.UTC(2026, 0, 5);

/** A merchant's tier, from its catalogue size (the same 50% / 80% cumulative rule as the library's generator). */
export type MerchantTier = 'head' | 'mid' | 'small';

/** Options of {@link buildMerchantQualityMarket}. */
export interface MerchantQualityOptions {
  readonly seed: number;
  readonly users: number;
  readonly merchants: number;
  readonly products: number;
  /** Days of logged history. */
  readonly days: number;
  /** `independent`: merchant quality uniform on [0.15, 0.9), whatever the size; `correlated`: rising with log size. */
  readonly quality: 'independent' | 'correlated';
  /** Share of the products held by merchant 0 (a giant selling in every category). @default 0 (none) */
  readonly giantShare?: number;
  /** Share of the (other) merchants with exactly one product. @default 0 */
  readonly singleShare?: number;
  /** Logged sessions per user on average. @default 8 */
  readonly sessionsPerUser?: number;
  /** Exponent of the merchant's size in the logging policy's show weight. @default 0.5 */
  readonly sizeBias?: number;
}

/** The ground truth of a built marketplace (indices follow `userIds`, `productIds`, `merchantIds`). */
export interface MerchantQualityTruth {
  readonly categories: readonly string[];
  /** Category interests, users x categories, row-major; each row sums to 1. */
  readonly interests: Float64Array;
  readonly userIds: readonly string[];
  readonly productIds: readonly string[];
  /** Category index of each product. */
  readonly productCategory: Int32Array;
  /** Quality of each product in [0, 1]: its merchant's quality plus noise (sd 0.12), clipped. */
  readonly productQuality: Float64Array;
  /** Merchant index of each product. */
  readonly productMerchant: Int32Array;
  readonly merchantIds: readonly string[];
  readonly merchantQuality: Float64Array;
  /** Products of each merchant. */
  readonly merchantSize: Int32Array;
  readonly merchantTier: readonly MerchantTier[];
}

/** A built marketplace: records the library reads, the truth, and the logged period. */
export interface MerchantQualityMarket {
  readonly products: ProductInput[];
  readonly merchants: MerchantInput[];
  /** Logged clicks, carts and purchases, in session order. */
  readonly events: EventInput[];
  readonly truth: MerchantQualityTruth;
  /** Logged period, epoch ms. */
  readonly start: number;
  readonly end: number;
}

/** The probe's five marketplaces (the seed is given apart). */
export const MERCHANT_QUALITY_VARIANTS: Readonly<Record<string, Omit<MerchantQualityOptions, 'seed'>>> = {
  'm100-indep': { users: 1500, merchants: 100, products: 2000, days: 90, quality: 'independent' },
  'm100-corr': { users: 1500, merchants: 100, products: 2000, days: 90, quality: 'correlated' },
  'm2000-corr': { users: 1500, merchants: 2000, products: 4000, days: 180, quality: 'correlated' },
  'giant40-indep': { users: 1500, merchants: 300, products: 3000, days: 60, quality: 'independent', giantShare: 0.4 },
  'singles70-corr': { users: 1500, merchants: 1000, products: 2000, days: 120, quality: 'correlated', singleShare: 0.7 },
};

const WORDS: Readonly<Record<string, readonly string[]>> = {
  kitchen: ['knife', 'skillet', 'wok', 'kettle', 'blender', 'spatula'],
  garden: ['hose', 'planter', 'seeds', 'trowel', 'compost', 'shears'],
  outdoor: ['tent', 'lantern', 'backpack', 'hammock', 'stove', 'compass'],
  toys: ['puzzle', 'blocks', 'doll', 'kite', 'robot', 'marbles'],
  books: ['novel', 'atlas', 'cookbook', 'poetry', 'memoir', 'comic'],
  audio: ['headphones', 'speaker', 'amplifier', 'turntable', 'earbuds', 'microphone'],
  camera: ['lens', 'tripod', 'flash', 'filter', 'gimbal', 'viewfinder'],
  fitness: ['dumbbell', 'yoga', 'kettlebell', 'treadmill', 'resistance', 'skipping'],
  pets: ['leash', 'kibble', 'catnip', 'aquarium', 'collar', 'litter'],
  beauty: ['serum', 'lipstick', 'moisturiser', 'perfume', 'mascara', 'cleanser'],
  office: ['stapler', 'notebook', 'monitor', 'chair', 'pen', 'folder'],
  travel: ['suitcase', 'passport', 'pillow', 'adapter', 'duffel', 'luggage'],
  baby: ['stroller', 'bottle', 'diaper', 'pacifier', 'crib', 'bib'],
  tools: ['drill', 'wrench', 'hammer', 'saw', 'screwdriver', 'pliers'],
  gaming: ['controller', 'console', 'keyboard', 'mouse', 'headset', 'joystick'],
  music: ['guitar', 'violin', 'ukulele', 'drum', 'piano', 'flute'],
  crafts: ['yarn', 'paint', 'canvas', 'glue', 'beads', 'easel'],
  lighting: ['lamp', 'bulb', 'chandelier', 'sconce', 'lantern', 'strip'],
  bedding: ['duvet', 'pillowcase', 'blanket', 'mattress', 'quilt', 'sheets'],
  tea: ['oolong', 'matcha', 'teapot', 'sencha', 'puer', 'infuser'],
};
const CATEGORIES = Object.keys(WORDS);
const ADJECTIVES = ['classic', 'compact', 'deluxe', 'vintage', 'modern', 'handmade', 'organic', 'premium', 'budget', 'rugged', 'eco', 'mini', 'pro', 'silent', 'smart'];

/** Products per merchant, summing to `products`: the giant's share, the singles, log-normal (sigma 1.3) sizes for the rest. */
function merchantSizes(rng: CatalogueRandom, o: MerchantQualityOptions): Int32Array {
  const sizes = new Int32Array(o.merchants);
  let remaining = o.products;
  const first = (o.giantShare ?? 0) > 0 ? 1 : 0;
  if (first === 1) {
    sizes[0] = Math.round(o.products * o.giantShare!);
    remaining -= sizes[0];
  }
  const singles = Math.floor((o.singleShare ?? 0) * (o.merchants - first));
  for (let m = o.merchants - singles; m < o.merchants; m++) sizes[m] = 1;
  remaining -= singles;
  const rest = o.merchants - first - singles;
  if (rest === 0) {
    sizes[0]! += remaining;
    return sizes;
  }
  const weights = Array.from({ length: rest }, () => rng.logNormal(0, 1.3));
  const total = weights.reduce((a, b) => a + b, 0);
  // Each at least one product, the rest in proportion, the rounding left-overs one by one.
  let given = 0;
  for (let i = 0; i < rest; i++) {
    sizes[first + i] = 1 + Math.floor(((remaining - rest) * weights[i]!) / total);
    given += sizes[first + i]!;
  }
  for (let i = 0, left = remaining - given; left > 0; i = (i + 1) % rest, left--) sizes[first + i]!++;
  return sizes;
}

/** Tiers from sizes: merchants by size (ties by index); head while the share before them is under 50%, small from 80% on. */
function tiersBySize(sizes: Int32Array): MerchantTier[] {
  const order = Array.from(sizes, (_, m) => m).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const total = sizes.reduce((a, b) => a + b, 0);
  const tiers: MerchantTier[] = new Array<MerchantTier>(sizes.length).fill('mid');
  let before = 0;
  for (const m of order) {
    tiers[m] = before / total < 0.5 ? 'head' : before / total >= 0.8 ? 'small' : 'mid';
    before += sizes[m]!;
  }
  return tiers;
}

/** Merchant quality: uniform, or 0.2 + 0.6 x log size / log largest size plus noise (sd 0.1), in [0.05, 0.95]. */
function merchantQualities(rng: CatalogueRandom, o: MerchantQualityOptions, sizes: Int32Array): Float64Array {
  const maxLog = Math.log(Math.max(...sizes) + 1);
  return Float64Array.from(sizes, (size) =>
    o.quality === 'independent' ? rng.between(0.15, 0.9) : Math.min(0.95, Math.max(0.05, 0.2 + 0.6 * (Math.log(size + 1) / maxLog) + 0.1 * rng.normal())),
  );
}

/** Category interests: one to three main categories (weights 0.3 to 1.3) and 0.02 for every category, normalised. */
function userInterests(rng: CatalogueRandom, users: number): Float64Array {
  const C = CATEGORIES.length;
  const interests = new Float64Array(users * C);
  for (let u = 0; u < users; u++) {
    const row = interests.subarray(u * C, (u + 1) * C);
    const mains = rng.integer(1, 3);
    let sum = 0;
    for (let j = 0; j < mains; j++) {
      const c = rng.integer(0, C - 1);
      const weight = rng.between(0.3, 1.3);
      row[c]! += weight;
      sum += weight;
    }
    for (let c = 0; c < C; c++) {
      row[c]! += 0.02;
      sum += 0.02;
    }
    for (let c = 0; c < C; c++) row[c]! /= sum;
  }
  return interests;
}

/**
 * True relevance of every product for user `u` (index): the click probability of an examined
 * product, `min(1, interest in its category / the user's largest interest)^0.8 x (0.1 + 0.9 x quality)`.
 * @example trueRelevance(market.truth, 0)[5] // in [0, 1]
 */
export function trueRelevance(truth: MerchantQualityTruth, u: number): Float64Array {
  const C = truth.categories.length;
  const row = truth.interests.subarray(u * C, (u + 1) * C);
  const top = row.reduce((a, b) => Math.max(a, b), 0);
  return Float64Array.from(truth.productQuality, (q, p) => Math.min(1, row[truth.productCategory[p]!]! / top) ** 0.8 * (0.1 + 0.9 * q));
}

/** Catalogue records and their latent category, quality and merchant. */
function buildCatalogue(rng: CatalogueRandom, o: MerchantQualityOptions, sizes: Int32Array, quality: Float64Array, tiers: readonly MerchantTier[]) {
  const C = CATEGORIES.length;
  const merchantIds = Array.from(sizes, (_, m) => `shop-${o.seed}-${m}`);
  const merchantCategories = Array.from(sizes, (_, m) => {
    const wanted = m === 0 && (o.giantShare ?? 0) > 0 ? C : rng.integer(1, 3);
    const set = new Set<number>();
    while (set.size < wanted) set.add(rng.integer(0, C - 1));
    return [...set];
  });
  const products: ProductInput[] = [];
  const productCategory = new Int32Array(o.products);
  const productQuality = new Float64Array(o.products);
  const productMerchant = new Int32Array(o.products);
  for (let m = 0, p = 0; m < sizes.length; m++) {
    for (let i = 0; i < sizes[m]!; i++, p++) {
      const c = rng.pick(merchantCategories[m]!);
      const category = CATEGORIES[c]!;
      const [first, second, adjective] = [rng.pick(WORDS[category]!), rng.pick(WORDS[category]!), rng.pick(ADJECTIVES)];
      productCategory[p] = c;
      productQuality[p] = Math.min(1, Math.max(0, quality[m]! + 0.12 * rng.normal()));
      productMerchant[p] = m;
      products.push({
        id: `item-${o.seed}-${p}`,
        merchantId: merchantIds[m]!,
        title: `${adjective} ${first}${second === first ? '' : ` ${second}`} by shop ${m}`,
        description: `A ${adjective} ${category} ${first} for people who like ${category}. ${second}.`,
        tags: [category, first],
        category,
        price: Math.round(rng.between(5, 205)),
        createdAt: MERCHANT_QUALITY_START - rng.integer(0, 199) * DAY,
        inStock: true,
      });
    }
  }
  const merchants: MerchantInput[] = merchantIds.map((id, m) => ({ id, name: `Shop ${m}`, tier: tiers[m]! }));
  return { products, merchants, merchantIds, productCategory, productQuality, productMerchant };
}

/**
 * The logging policy: `sessionsPerUser x users` sessions at uniform times, each by a uniform user
 * who picks a category from their interests and is shown up to ten of its products, drawn without
 * replacement with weight `merchant size^sizeBias x (1 + the product's clicks so far)^0.7`. Slot k
 * (from 1) is clicked with probability `relevance / log2(k + 1)`; a click leads to a cart with probability
 * 0.3 x relevance and to a purchase with 0.12 x relevance (a minute and two after the click).
 */
function logSessions(rng: CatalogueRandom, o: MerchantQualityOptions, truth: MerchantQualityTruth, start: number, end: number): EventInput[] {
  const P = truth.productIds.length;
  const byCategory: number[][] = truth.categories.map(() => []);
  for (let p = 0; p < P; p++) byCategory[truth.productCategory[p]!]!.push(p);
  const sizeWeight = Float64Array.from(truth.productMerchant, (m) => Math.pow(truth.merchantSize[m]!, o.sizeBias ?? 0.5));
  const clicks = new Float64Array(P);
  const C = truth.categories.length;
  const times = Array.from({ length: Math.round((o.sessionsPerUser ?? 8) * o.users) }, () => start + Math.floor(rng.uniform() * (end - start))).sort((a, b) => a - b);
  const relevance = new Map<number, Float64Array>();
  const events: EventInput[] = [];
  for (const t of times) {
    const u = rng.integer(0, o.users - 1);
    const pool = byCategory[rng.weighted(truth.interests.subarray(u * C, (u + 1) * C))]!;
    if (pool.length === 0) continue;
    const rel = relevance.get(u) ?? relevance.set(u, trueRelevance(truth, u)).get(u)!;
    const slate = rng.sequence(Float64Array.from(pool, (p) => sizeWeight[p]! * Math.pow(1 + clicks[p]!, 0.7)), 10).map((i) => pool[i]!);
    slate.forEach((p, k) => {
      if (!rng.chance(rel[p]! / Math.log2(k + 2))) return;
      const base = { userId: truth.userIds[u]!, productId: truth.productIds[p]! };
      const at = t + k * 1000;
      events.push({ ...base, type: 'click', timestamp: at });
      clicks[p]!++;
      if (rng.chance(0.3 * rel[p]!)) events.push({ ...base, type: 'cart', timestamp: at + 60_000 });
      if (rng.chance(0.12 * rel[p]!)) events.push({ ...base, type: 'purchase', timestamp: at + 120_000 });
    });
  }
  return events;
}

/**
 * Builds a merchant-quality marketplace: merchant sizes, tiers and qualities, a catalogue whose
 * products take one of their merchant's one to three categories (the giant: all twenty), users
 * with one to three main categories, and the logged history of the size- and click-reinforcing
 * policy (logSessions in the source).
 * @example buildMerchantQualityMarket({ seed: 1, ...MERCHANT_QUALITY_VARIANTS['m100-indep']! }).products.length // 2000
 */
export function buildMerchantQualityMarket(options: MerchantQualityOptions): MerchantQualityMarket {
  if (!(options.products >= options.merchants && options.merchants > 0 && options.users > 0 && options.days > 0)) {
    throw new RangeError('buildMerchantQualityMarket: needs users, merchants and days > 0 and at least one product per merchant');
  }
  const rng = new Sfc32Random(options.seed * 7919 + 13);
  const sizes = merchantSizes(rng, options);
  const tiers = tiersBySize(sizes);
  const quality = merchantQualities(rng, options, sizes);
  const { products, merchants, merchantIds, productCategory, productQuality, productMerchant } = buildCatalogue(rng, options, sizes, quality, tiers);
  const userIds = Array.from({ length: options.users }, (_, u) => `cust-${options.seed}-${u}`);
  const truth: MerchantQualityTruth = {
    categories: CATEGORIES,
    interests: userInterests(rng, options.users),
    userIds,
    productIds: products.map((p) => String(p.id)),
    productCategory, productQuality, productMerchant, merchantIds,
    merchantQuality: quality, merchantSize: sizes, merchantTier: tiers,
  };
  const [start, end] = [MERCHANT_QUALITY_START, MERCHANT_QUALITY_START + options.days * DAY];
  return { products, merchants, events: logSessions(rng, options, truth, start, end), truth, start, end };
}

/** Per tier: merchants, share of the catalogue's products and share of the logged events. */
export interface TierShares {
  readonly merchants: Readonly<Record<MerchantTier, number>>;
  readonly catalogue: Readonly<Record<MerchantTier, number>>;
  readonly events: Readonly<Record<MerchantTier, number>>;
}

/**
 * How the tiers split the merchants, the catalogue and the logged events.
 * @example tierShares(market).events.small // e.g. 0.08 against a catalogue share of 0.2
 */
export function tierShares(market: MerchantQualityMarket): TierShares {
  const { truth } = market;
  const [merchants, catalogue, events] = [{ head: 0, mid: 0, small: 0 }, { head: 0, mid: 0, small: 0 }, { head: 0, mid: 0, small: 0 }];
  truth.merchantTier.forEach((tier, m) => {
    merchants[tier]++;
    catalogue[tier] += truth.merchantSize[m]!;
  });
  const productIndex = new Map(truth.productIds.map((id, p) => [id, p]));
  for (const e of market.events) events[truth.merchantTier[truth.productMerchant[productIndex.get(String(e.productId))!]!]!]++;
  const shares = (counts: Record<MerchantTier, number>, total: number): Record<MerchantTier, number> => ({ head: counts.head / total, mid: counts.mid / total, small: counts.small / total });
  return { merchants, catalogue: shares(catalogue, truth.productIds.length), events: shares(events, market.events.length) };
}
