import type { Rng } from '../../_internal/rng.js';
import type { Merchant, Product, Tier } from '../../schema/entities.js';
import { DAY_MS } from '../../dataset/event-weighting.js';
import { CATEGORIES, MERCHANT_PREFIXES, MERCHANT_SUFFIXES, categoryIndex, type ProductNoun } from './vocabulary.js';
import { paddedId, roundTo } from './ids.js';
import { tiersFromSizes } from './tiers.js';
import { zipfSizes } from './zipf.js';

/** Id of the Olympics backpack product. */
export const BACKPACK_ID = 'p-olympic-backpack';

/** The generated catalogue: records plus the latent attributes the events and the truth need. */
export interface Catalogue {
  readonly merchants: Merchant[];
  readonly products: Product[];
  /** Merchant index per product. */
  readonly productMerchant: Int32Array;
  /** Number of products per merchant. */
  readonly merchantSize: Int32Array;
  readonly merchantTier: readonly Tier[];
  readonly productCategory: Int32Array;
  readonly productSecondary: Int32Array;
  readonly productQuality: Float64Array;
  /** Index of the Olympics backpack in `products`. */
  readonly backpackIndex: number;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;

function merchantName(i: number): string {
  const prefix = MERCHANT_PREFIXES[i % MERCHANT_PREFIXES.length]!;
  const round = Math.floor(i / MERCHANT_PREFIXES.length);
  const suffix = MERCHANT_SUFFIXES[round % MERCHANT_SUFFIXES.length]!;
  const extra = round >= MERCHANT_SUFFIXES.length ? ` ${Math.floor(round / MERCHANT_SUFFIXES.length) + 1}` : '';
  const en = `${prefix.en} ${suffix.en}${extra}`;
  return i % 2 === 0 ? `${prefix.zh}${suffix.zh} ${en}` : en;
}

/** Secondary category of a noun: the first of its tags that names another category, else -1. */
function nounSecondary(noun: ProductNoun, own: number): number {
  for (const tag of noun.tags) {
    const c = categoryIndex(tag);
    if (c >= 0 && c !== own) return c;
  }
  return -1;
}

function productText(rng: Rng, c: number, noun: ProductNoun): { title: string; description: string } {
  const cat = CATEGORIES[c]!;
  const adj = pick(rng, cat.adjectives);
  const en = `${adj.en} ${noun.en}`;
  const zh = `${adj.zh}${noun.zh}`;
  const descEn = `${en}, a ${cat.id} favourite; ships within 48 hours.`;
  const descZh = `${zh}，${cat.zh}好物，48小时内发货。`;
  const mode = rng.next();
  const noDescription = rng.next() < 0.1;
  if (mode < 0.5) return { title: en, description: noDescription ? '' : descEn };
  if (mode < 0.8) return { title: `${zh} ${cat.zh} ${en}`, description: noDescription ? '' : `${descZh} ${descEn}` };
  return { title: zh, description: noDescription ? '' : descZh };
}

function tagsFor(c: number, noun: ProductNoun): string[] {
  const cat = CATEGORIES[c]!;
  const tags: string[] = [];
  for (const t of [...noun.tags, cat.id, cat.zh]) if (!tags.includes(t)) tags.push(t);
  return tags;
}

/**
 * Generates merchants (Zipf-sized, tiers from size, names) and products (bilingual titles, tags,
 * category, price, createdAt, inStock) with latent category and quality, and turns one product of a
 * small-tier merchant into the Beijing-2008 Olympics backpack.
 */
export function generateCatalogue(rng: Rng, options: { products: number; merchants: number; zipfExponent: number; start: number }): Catalogue {
  const { products: nProducts, merchants: nMerchants, start } = options;
  const nCategories = CATEGORIES.length;

  // Merchant sizes: Zipf over ranks, ranks shuffled so ids say nothing about size.
  const bySize = zipfSizes(rng, nMerchants, nProducts, options.zipfExponent);
  const rankOf = rng.shuffle(Array.from({ length: nMerchants }, (_, i) => i));
  const merchantSize = new Int32Array(nMerchants);
  for (let m = 0; m < nMerchants; m++) merchantSize[m] = bySize[rankOf[m]!]!;
  const merchantTier = tiersFromSizes(merchantSize);
  const merchantCategory = new Int32Array(nMerchants);
  const merchants: Merchant[] = [];
  for (let m = 0; m < nMerchants; m++) {
    merchantCategory[m] = rng.int(nCategories);
    merchants.push({
      id: paddedId('m', m, nMerchants, 3),
      name: merchantName(m),
      tier: merchantTier[m]!,
      joinedAt: start - (30 + rng.int(1500)) * DAY_MS - rng.int(86_400) * 1000,
    });
  }

  // Products: merchant slots shuffled so a merchant's products are spread over the id range.
  const slots: number[] = [];
  for (let m = 0; m < nMerchants; m++) for (let k = 0; k < merchantSize[m]!; k++) slots.push(m);
  rng.shuffle(slots);
  const productMerchant = Int32Array.from(slots);
  const productCategory = new Int32Array(nProducts);
  const productSecondary = new Int32Array(nProducts);
  const productQuality = new Float64Array(nProducts);
  const products: Product[] = [];
  for (let p = 0; p < nProducts; p++) {
    const m = productMerchant[p]!;
    const c = rng.next() < 0.7 ? merchantCategory[m]! : rng.int(nCategories);
    const noun = pick(rng, CATEGORIES[c]!.nouns);
    let secondary = nounSecondary(noun, c);
    if (secondary < 0 && rng.next() < 0.1) secondary = (c + 1 + rng.int(nCategories - 1)) % nCategories;
    productCategory[p] = c;
    productSecondary[p] = secondary;
    productQuality[p] = roundTo(Math.min(1, Math.max(0.02, 0.55 + 0.2 * rng.normal())), 3);
    const { title, description } = productText(rng, c, noun);
    const price = Math.max(1, roundTo(CATEGORIES[c]!.medianPrice * Math.exp(0.5 * rng.normal()), 2));
    products.push({
      id: paddedId('p', p, nProducts, 4),
      merchantId: merchants[m]!.id,
      title,
      description,
      tags: tagsFor(c, noun),
      category: CATEGORIES[c]!.id,
      price,
      createdAt: start - rng.int(365 * 86_400) * 1000,
      inStock: rng.next() >= 0.03,
    });
  }

  const backpackIndex = placeBackpack(rng, { products, merchants, productMerchant, merchantSize, merchantTier, start });
  productCategory[backpackIndex] = categoryIndex('travel');
  productSecondary[backpackIndex] = categoryIndex('sport');
  productQuality[backpackIndex] = 0.9;
  return { merchants, products, productMerchant, merchantSize, merchantTier, productCategory, productSecondary, productQuality, backpackIndex };
}

/** Replaces one product of a small-tier merchant (the smallest merchant if no tier is small) by the backpack. */
function placeBackpack(
  rng: Rng,
  c: {
    products: Product[];
    merchants: Merchant[];
    productMerchant: Int32Array;
    merchantSize: Int32Array;
    merchantTier: readonly Tier[];
    start: number;
  },
): number {
  let candidates = c.merchantTier.flatMap((t, m) => (t === 'small' ? [m] : []));
  if (candidates.length === 0) {
    let smallest = 0;
    for (let m = 1; m < c.merchantSize.length; m++) if (c.merchantSize[m]! < c.merchantSize[smallest]!) smallest = m;
    candidates = [smallest];
  }
  const merchant = pick(rng, candidates);
  const index = c.productMerchant.lastIndexOf(merchant);
  c.products[index] = {
    id: BACKPACK_ID,
    merchantId: c.merchants[merchant]!.id,
    title: '2008北京奥运会纪念双肩背包 Beijing 2008 Olympics retro backpack',
    description: '复刻2008北京奥运会纪念背包，经典配色。 Reissue of the Beijing 2008 Olympics commemorative backpack, classic colours.',
    tags: ['背包', '奥运', 'backpack', 'olympics', 'retro', '双肩包', 'travel', '旅行', 'sport'],
    category: 'travel',
    price: 199,
    createdAt: c.start - 200 * DAY_MS,
    inStock: true,
  };
  return index;
}
