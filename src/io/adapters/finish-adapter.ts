import type { Event, Merchant, Product } from '../../schema/entities.js';
import type { MarketplaceRejections } from '../../schema/marketplace-data.js';
import type { DatasetFormat, FileCount, LoadedMarketplace } from '../types.js';
import type { AdapterOptions, MerchantAdapterOptions } from './adapter-options.js';
import type { AdapterReport, CatalogueMode, MerchantNamesReport, SparseUsersReport } from './adapter-report.js';
import { nameMerchants, tiersByKey, type UnnamedMerchants } from './merchant-names.js';
import { dropSparseUsers, restrictCatalogue } from './restrict.js';

/** What an adapter read, before the catalogue, user and merchant-name steps. */
export interface AdapterParts {
  readonly format: DatasetFormat;
  /** Products as read; with `names`, `merchantId` is the raw merchant string or an unnamed id. */
  readonly products: readonly Product[];
  /** The merchants, for adapters without `names` (MovieLens). */
  readonly merchants?: readonly Merchant[];
  readonly events: readonly Event[];
  readonly rejected: MarketplaceRejections;
  readonly counts: FileCount[];
  /** Default of the `catalogue` option for this format. */
  readonly defaultCatalogue: CatalogueMode;
  /** Set for adapters whose merchants are names: how unnamed products are told apart. */
  readonly names?: UnnamedMerchants;
  /** The constant time of every event, for data without times (see AdapterReport). */
  readonly syntheticTimestamp?: number;
}

/**
 * The common end of every real-data adapter: merchant names normalised (with `names`), users
 * with fewer than `minUserEvents` events dropped, the catalogue restricted, and the report of all
 * three attached as `adapter`.
 */
export function finishAdapter(parts: AdapterParts, options: AdapterOptions & MerchantAdapterOptions): LoadedMarketplace {
  let products: readonly Product[] = parts.products;
  let merchants: readonly Merchant[] = parts.merchants ?? [];
  let merchantNames: MerchantNamesReport | undefined;
  if (parts.names !== undefined) {
    const named = nameMerchants(parts.products, parts.names, options);
    products = named.products;
    merchants = named.merchants;
    merchantNames = named.report;
  }
  let events: readonly Event[] = parts.events;
  let users: SparseUsersReport | undefined;
  if (options.minUserEvents !== undefined) {
    const sparse = dropSparseUsers(events, options.minUserEvents);
    events = sparse.events;
    users = sparse.report;
  }
  const kept = restrictCatalogue(products, merchants, events, options.catalogue ?? parts.defaultCatalogue);
  const adapter: AdapterReport = {
    catalogue: kept.report,
    ...(users !== undefined ? { users } : {}),
    ...(merchantNames !== undefined ? { merchantNames } : {}),
    timestamps: parts.syntheticTimestamp === undefined ? 'recorded' : 'none',
    ...(parts.syntheticTimestamp !== undefined ? { syntheticTimestamp: parts.syntheticTimestamp } : {}),
  };
  return {
    format: parts.format,
    data: { products: kept.products, merchants: kept.merchants, events: [...events], topics: [] },
    rejected: parts.rejected,
    counts: parts.counts,
    adapter,
  };
}

/**
 * Checks the adapter options that do not need the data (catalogue, minUserEvents, merchant tiers
 * against the normalisation), so that a bad option fails before any file is read.
 *
 * @throws ConfigError naming the option.
 */
export function checkAdapterOptions(options: AdapterOptions & MerchantAdapterOptions): void {
  restrictCatalogue([], [], [], options.catalogue ?? 'all');
  if (options.minUserEvents !== undefined) dropSparseUsers([], options.minUserEvents);
  tiersByKey(options.merchantTiers, options.merchantNormalisation ?? 'basic');
}
