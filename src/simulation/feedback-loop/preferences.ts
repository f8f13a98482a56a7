import { trueRelevance, type MarketplaceTruth } from '../marketplace/truth.js';

/**
 * The simulated users and what they truly want: the users who take part, and the true relevance
 * in [0, 1] of a product for a user (what drives clicks). Comes from the generator's truth
 * ({@link truthPreferences}) or from a caller's model of held-out data.
 */
export interface UserPreferences {
  /** Ids of the users who take part; `relevance` gets indices into this array. */
  readonly userIds: readonly string[];
  /** True relevance in [0, 1] of product `productId` for user `userIds[user]`; 0 when unknown. */
  relevance(user: number, productId: string): number;
}

/**
 * Preferences from the synthetic marketplace's ground truth: every generated user, with
 * {@link trueRelevance} (independent of merchant size) as click relevance.
 *
 * @example truthPreferences(generateMarketplace({ seed: 7 }).truth).userIds.length // 300
 */
export function truthPreferences(truth: MarketplaceTruth): UserPreferences {
  const productIndex = new Map<string, number>();
  truth.productIds.forEach((id, p) => productIndex.set(id, p));
  return {
    userIds: truth.userIds,
    relevance(user, productId) {
      const p = productIndex.get(productId);
      return p === undefined ? 0 : trueRelevance(truth, user, p);
    },
  };
}
