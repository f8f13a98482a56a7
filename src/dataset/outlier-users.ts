import { medianInPlace } from '../_internal/median.js';
import type { Dataset } from './dataset.js';

/**
 * When a user is an outlier: past `factor` times the median user's distinct products and past
 * `share` of the catalogue, by either rule (half the catalogue at ten times the median user: a
 * crawler of a small shop; a twentieth of it at fifty times: a crawler or bulk import of a large one).
 */
export const OUTLIER_USER_RULES: readonly { readonly factor: number; readonly share: number }[] = [
  { factor: 10, share: 0.5 },
  { factor: 50, share: 0.05 },
];

/** Users of a dataset who touched far more products than the rest (crawlers, test accounts, bulk imports). */
export interface OutlierUsers {
  /** The outliers' ids, most products first (ties by id). */
  readonly ids: readonly string[];
  /** Distinct products of each, aligned with `ids`. */
  readonly products: readonly number[];
  /** Distinct products of the median user with any (the mean of the two middle ones for an even count). */
  readonly median: number;
  /** Users with any positive-weight interaction. */
  readonly users: number;
}

/**
 * The users whose distinct products (stored positive-weight interactions) pass one of the
 * {@link OUTLIER_USER_RULES}: both its multiple of the median user's and its share of the
 * catalogue. One crawler that viewed every product gives every product training evidence, so
 * signals that had no opinion on an untouched product now have a weak one, and item-kNN pairs
 * every product with every other (`npm run bench -- heavy-users` measures what one costs and lists
 * the outliers of our datasets).
 */
export function outlierUsers(dataset: Dataset): OutlierUsers {
  const m = dataset.interactions;
  const lengths = new Float64Array(m.rows);
  let users = 0;
  for (let u = 0; u < m.rows; u++) {
    const n = m.indptr[u + 1]! - m.indptr[u]!;
    if (n > 0) lengths[users++] = n;
  }
  const median = users === 0 ? 0 : medianInPlace(lengths, users);
  // The smallest count each rule lets pass; a user is an outlier above either.
  const bounds = OUTLIER_USER_RULES.map((r) => Math.max(r.factor * median, r.share * dataset.products.size));
  const found: { id: string; n: number }[] = [];
  for (let u = 0; u < m.rows; u++) {
    const n = m.indptr[u + 1]! - m.indptr[u]!;
    if (bounds.some((b) => n > b)) found.push({ id: dataset.users.idAt(u), n });
  }
  found.sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ids: found.map((f) => f.id), products: found.map((f) => f.n), median, users };
}

/**
 * A warning naming the {@link outlierUsers} of a dataset (at most three by id), or those its build
 * left out (`weighting.outlierUsers: 'exclude'`), or undefined when it has none.
 * @example outlierUsersWarning(dataset) // 'users: 1 of 22 users touched far more products than the median user (2): "crawler" (200 products, ...'
 */
export function outlierUsersWarning(dataset: Dataset): string | undefined {
  const left = dataset.stats.leftOutUsers ?? [];
  if (left.length > 0) {
    const named = left.slice(0, 3).map((id) => JSON.stringify(id)).join(', ');
    const one = left.length === 1;
    return (
      `users: ${left.length} ${one ? 'user' : 'users'} who touched far more products than the rest ${one ? 'was' : 'were'} left out of the training events ` +
      `(weighting.outlierUsers 'exclude'): ${named}${left.length > 3 ? ` and ${left.length - 3} more` : ''}`
    );
  }
  const o = outlierUsers(dataset);
  if (o.ids.length === 0) return undefined;
  const P = dataset.products.size;
  const named = o.ids.slice(0, 3).map((id, k) => `${JSON.stringify(id)} (${o.products[k]} products, ${((100 * o.products[k]!) / P).toFixed(0)}% of the catalogue)`);
  const more = o.ids.length > 3 ? ` and ${o.ids.length - 3} more` : '';
  return (
    `users: ${o.ids.length} of ${o.users} users touched far more products than the median user (${o.median}): ${named.join(', ')}${more}; ` +
    "a crawler, a test account or a bulk import gives every product it touched training evidence and weighs on every signal: if they are not shoppers, leave them out of the events or set weighting.outlierUsers to 'exclude'"
  );
}
