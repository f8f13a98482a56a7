import { DataError } from '../../errors.js';
import type { FittedPropensity } from './impressions-model.js';
import type { UserPropensity } from './types.js';

/**
 * Caller-supplied propensities: per product (`items`) and/or per (user, product) (`pairs`, a
 * function returning undefined when it has none). Each is the probability, in (0, 1], that the
 * user's interaction with the product would be observed.
 */
export interface GivenPropensities {
  /** Propensity per product id. */
  readonly items?: ReadonlyMap<string, number>;
  /** Propensity per (user id, product id); undefined where it has none (then `items` answers). */
  readonly pairs?: (userId: string, productId: string) => number | undefined;
  /** Where they came from, for messages and the report. @default 'given propensities' */
  readonly source?: string;
}

/** What the given model reports about itself. */
export interface GivenPropensityInfo {
  readonly model: 'given';
  readonly source: string;
  /** Number of products with a given propensity. */
  readonly items: number;
  /** Whether a per-(user, product) function was given. */
  readonly pairs: boolean;
}

/** Throws DataError unless `p` is a probability in (0, 1]. */
function checked(p: number, what: string, source: string): number {
  if (!(typeof p === 'number' && p > 0 && p <= 1)) {
    throw new DataError(`${source}: propensity of ${what} is ${String(p)}; a propensity must be a probability in (0, 1] (0 would mean the interaction could never be observed)`);
  }
  return p;
}

/**
 * The given propensity model: each held-out relevant item earns `min(clip, 1 / p)`, `p` from
 * `pairs(user, product)` when it answers, else `items`; other items earn 0 (no reward model).
 * An item is supported when a propensity is known for it.
 *
 * @throws DataError naming the pair when a held-out interaction has no propensity, or one is not in (0, 1].
 */
export function fitGivenPropensity(
  given: GivenPropensities,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  clip: number,
): FittedPropensity<GivenPropensityInfo> {
  const source = given.source ?? 'given propensities';
  for (const [item, p] of given.items ?? []) checked(p, `product ${JSON.stringify(item)}`, source);
  const lookup = (userId: string, item: string): number | undefined => {
    const pair = given.pairs?.(userId, item);
    if (pair !== undefined) return checked(pair, `user ${JSON.stringify(userId)} and product ${JSON.stringify(item)}`, source);
    return given.items?.get(item);
  };
  const users = new Map<string, UserPropensity>();
  for (const [userId, items] of relevant) {
    const byItem = new Map<string, number>();
    for (const item of items) {
      const p = lookup(userId, item);
      if (p === undefined) {
        throw new DataError(
          `${source}: no propensity for the held-out interaction of user ${JSON.stringify(userId)} with product ${JSON.stringify(item)}; give one per product or per (user, product) for every held-out interaction`,
        );
      }
      byItem.set(item, Math.min(clip, 1 / p));
    }
    users.set(userId, {
      relevant: items,
      weights: [...byItem.values()],
      value: (item) => byItem.get(String(item)) ?? 0,
      supported: (item) => lookup(userId, String(item)) !== undefined,
    });
  }
  return { users, info: { model: 'given', source, items: given.items?.size ?? 0, pairs: given.pairs !== undefined } };
}
