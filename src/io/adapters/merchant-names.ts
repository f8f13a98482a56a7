import { ConfigError } from '../../errors.js';
import { TIERS, type Merchant, type Product, type Tier } from '../../schema/entities.js';
import type { MerchantNameGroup, MerchantNamesReport, MerchantSpelling } from './adapter-report.js';
import { basicMerchantKey, displayMerchantName } from './merchant-key.js';

/**
 * How brand / publisher strings become merchants: `none` keeps each trimmed string as its own
 * merchant; `basic` merges strings with the same {@link basicMerchantKey} (case, punctuation,
 * accents, `&`/`and`, legal suffixes); a function returns the key two strings must share (an empty
 * key means "no merchant").
 */
export type MerchantNormalisation = 'none' | 'basic' | ((raw: string) => string);

/** Caller-given merchant tiers: merchant name -> tier, as a Map or `[name, tier]` pairs. */
export type MerchantTiers = ReadonlyMap<string, Tier> | readonly (readonly [string, Tier])[];

/** Options of adapters whose merchants are names (Amazon brands, Book-Crossing publishers). */
export interface MerchantNameOptions {
  /** How merchant strings are merged into merchants. @default 'basic' */
  readonly merchantNormalisation?: MerchantNormalisation;
  /**
   * Tiers of merchants, by name (any spelling: names are compared by their normalised key). Two
   * names with different tiers that normalise to one merchant are a ConfigError.
   */
  readonly merchantTiers?: MerchantTiers;
}

/** How an adapter names a product that has no merchant string. */
export interface UnnamedMerchants {
  /** Merchant id of an unnamed product, e.g. `asin:<id>`. */
  idOf(productId: string): string;
  /** True for a merchant id made by `idOf` (products carrying it are not grouped). */
  isUnnamed(merchantId: string): boolean;
}

/** The key function of a normalisation; a caller's function is checked on every call. */
export function merchantKeyFunction(normalisation: MerchantNormalisation): (raw: string) => string {
  if (normalisation === 'none') return (raw) => raw.trim();
  if (normalisation === 'basic') return basicMerchantKey;
  if (typeof normalisation !== 'function') {
    throw new ConfigError(`merchantNormalisation: expected 'none', 'basic' or a function, got ${JSON.stringify(normalisation)}`, 'merchantNormalisation');
  }
  return (raw) => {
    const key: unknown = normalisation(raw);
    if (typeof key !== 'string') {
      throw new ConfigError(`merchantNormalisation: the function returned ${typeof key} for ${JSON.stringify(raw)}, expected a string key`, 'merchantNormalisation');
    }
    return key;
  };
}

function normalisationName(n: MerchantNormalisation): MerchantNamesReport['normalisation'] {
  return typeof n === 'function' ? 'custom' : n;
}

/**
 * Checks caller tiers against a normalisation and indexes them by key.
 *
 * @throws ConfigError (path `merchantTiers`) naming both names and tiers when two names with
 *   different tiers share a key, or when a tier is not head, mid or small.
 */
export function tiersByKey(tiers: MerchantTiers | undefined, normalisation: MerchantNormalisation): Map<string, Tier> {
  const out = new Map<string, Tier>();
  if (tiers === undefined) return out;
  const keyOf = merchantKeyFunction(normalisation);
  const firstName = new Map<string, string>();
  for (const [name, tier] of tiers) {
    if (!(TIERS as readonly string[]).includes(tier)) {
      throw new ConfigError(`merchantTiers: ${JSON.stringify(name)} has tier ${JSON.stringify(tier)}, expected one of ${TIERS.join(', ')}`, 'merchantTiers');
    }
    const key = keyOf(name);
    const seen = out.get(key);
    if (seen !== undefined && seen !== tier) {
      const other = firstName.get(key)!;
      throw new ConfigError(
        `merchantTiers: merchant normalisation '${normalisationName(normalisation)}' makes ${JSON.stringify(other)} (tier ${seen}) and ` +
          `${JSON.stringify(name)} (tier ${tier}) one merchant; give them the same tier, or set merchantNormalisation to 'none'`,
        'merchantTiers',
      );
    }
    out.set(key, tier);
    if (!firstName.has(key)) firstName.set(key, name);
  }
  return out;
}

interface Group {
  readonly key: string;
  readonly first: number;
  readonly spellings: Map<string, { products: number; first: number }>;
  products: number;
  merchant: string;
}

/**
 * Turns products whose `merchantId` is a raw merchant string into products of normalised
 * merchants: strings with the same key become one merchant, whose id is the spelling most products
 * carry (ties: the first read; under `basic`, white space collapsed and Amazon's `by` prefix
 * removed). Products of unnamed merchants, and strings whose key is empty, get `unnamed.idOf(id)`.
 * Merchants come out in first-read order, named after their id (unnamed ones with an empty name),
 * with the caller's tier when given. Does not mutate its input.
 *
 * @throws ConfigError from {@link tiersByKey}, or when a normalisation function returns a non-string.
 */
export function nameMerchants(
  products: readonly Product[],
  unnamed: UnnamedMerchants,
  options: MerchantNameOptions = {},
): { products: Product[]; merchants: Merchant[]; report: MerchantNamesReport } {
  const normalisation = options.merchantNormalisation ?? 'basic';
  const tiers = tiersByKey(options.merchantTiers, normalisation);
  const keyOf = merchantKeyFunction(normalisation);
  const groups = new Map<string, Group>();
  const keyOfRaw = new Map<string, string>();
  let order = 0;
  for (const p of products) {
    if (unnamed.isUnnamed(p.merchantId)) continue;
    let key = keyOfRaw.get(p.merchantId);
    if (key === undefined) {
      key = keyOf(p.merchantId);
      keyOfRaw.set(p.merchantId, key);
    }
    if (key === '') continue;
    let g = groups.get(key);
    if (g === undefined) {
      g = { key, first: order, spellings: new Map(), products: 0, merchant: '' };
      groups.set(key, g);
    }
    const s = g.spellings.get(p.merchantId);
    if (s === undefined) g.spellings.set(p.merchantId, { products: 1, first: order });
    else s.products++;
    g.products++;
    order++;
  }
  const reportGroups: MerchantNameGroup[] = [];
  for (const g of groups.values()) {
    const spellings: MerchantSpelling[] = [...g.spellings]
      .sort(([, a], [, b]) => b.products - a.products || a.first - b.first)
      .map(([raw, { products: n }]) => ({ raw, products: n }));
    const top = spellings[0]!.raw;
    g.merchant = normalisation === 'basic' ? displayMerchantName(top) : top;
    const tier = tiers.get(g.key);
    reportGroups.push({ merchant: g.merchant, ...(tier !== undefined ? { tier } : {}), spellings });
  }
  const merchants: Merchant[] = [];
  const seen = new Set<string>();
  const out = products.map((p): Product => {
    const key = unnamed.isUnnamed(p.merchantId) ? '' : keyOfRaw.get(p.merchantId)!;
    const g = key === '' ? undefined : groups.get(key)!;
    const merchantId = g === undefined ? (unnamed.isUnnamed(p.merchantId) ? p.merchantId : unnamed.idOf(p.id)) : g.merchant;
    if (!seen.has(merchantId)) {
      seen.add(merchantId);
      const tier = g === undefined ? undefined : tiers.get(g.key);
      merchants.push({ id: merchantId, name: g === undefined ? '' : merchantId, ...(tier !== undefined ? { tier } : {}) });
    }
    return merchantId === p.merchantId ? p : { ...p, merchantId };
  });
  const byProducts = (a: MerchantNameGroup, b: MerchantNameGroup): number =>
    Number(b.spellings.length > 1) - Number(a.spellings.length > 1) || total(b) - total(a);
  return {
    products: out,
    merchants,
    report: {
      normalisation: normalisationName(normalisation),
      rawNames: keyOfRaw.size,
      merchants: groups.size,
      unnamedProducts: out.filter((p) => unnamed.isUnnamed(p.merchantId)).length,
      groups: reportGroups.sort(byProducts),
    },
  };
}

function total(g: MerchantNameGroup): number {
  let n = 0;
  for (const s of g.spellings) n += s.products;
  return n;
}
