import { ConfigError } from '../../errors.js';
import type { Event, Merchant, Product } from '../../schema/entities.js';
import type { CatalogueMode, CatalogueReport, SparseUsersReport } from './adapter-report.js';

/** Catalogue modes the adapters accept. */
export const CATALOGUE_MODES: readonly CatalogueMode[] = ['interacted', 'all'];

/**
 * Drops the events of users with fewer than `min` events (counted over `events`, each event once).
 * Does not mutate its input.
 *
 * @throws ConfigError (path `minUserEvents`) when `min` is not a positive integer.
 * @example dropSparseUsers(events, 5).report // { minUserEvents: 5, usersDropped: 40248, eventsDropped: 59483 } (Book-Crossing subset)
 */
export function dropSparseUsers(events: readonly Event[], min: number): { events: Event[]; report: SparseUsersReport } {
  if (!(Number.isInteger(min) && min >= 1)) {
    throw new ConfigError(`minUserEvents: expected a positive integer, got ${JSON.stringify(min)}`, 'minUserEvents');
  }
  const perUser = new Map<string, number>();
  for (const e of events) perUser.set(e.userId, (perUser.get(e.userId) ?? 0) + 1);
  const kept = events.filter((e) => perUser.get(e.userId)! >= min);
  let usersDropped = 0;
  for (const n of perUser.values()) if (n < min) usersDropped++;
  return { events: kept, report: { minUserEvents: min, usersDropped, eventsDropped: events.length - kept.length } };
}

/**
 * Applies a catalogue mode: `interacted` keeps the products at least one event names and the
 * merchants of those products; `all` keeps everything. Order is kept. Does not mutate its input.
 *
 * @throws ConfigError (path `catalogue`) for another mode.
 */
export function restrictCatalogue(
  products: readonly Product[],
  merchants: readonly Merchant[],
  events: readonly Event[],
  mode: CatalogueMode,
): { products: Product[]; merchants: Merchant[]; report: CatalogueReport } {
  if (!CATALOGUE_MODES.includes(mode)) {
    throw new ConfigError(`catalogue: expected 'interacted' or 'all', got ${JSON.stringify(mode)}`, 'catalogue');
  }
  let keptProducts = [...products];
  let keptMerchants = [...merchants];
  if (mode === 'interacted') {
    const named = new Set<string>();
    for (const e of events) named.add(e.productId);
    keptProducts = products.filter((p) => named.has(p.id));
    const used = new Set<string>();
    for (const p of keptProducts) used.add(p.merchantId);
    keptMerchants = merchants.filter((m) => used.has(m.id));
  }
  return {
    products: keptProducts,
    merchants: keptMerchants,
    report: {
      mode,
      products: keptProducts.length,
      merchants: keptMerchants.length,
      productsDropped: products.length - keptProducts.length,
      merchantsDropped: merchants.length - keptMerchants.length,
    },
  };
}
