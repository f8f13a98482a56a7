import type { ItemKey } from '../metrics/types.js';

/** Propensity estimators: inverse propensity scoring, self-normalised IPS, self-normalised doubly robust. */
export const ESTIMATORS = ['ips', 'snips', 'dr'] as const;
/** One propensity estimator (see docs/metrics.md, "Propensity-corrected accuracy"). */
export type Estimator = (typeof ESTIMATORS)[number];

/** Accuracy metrics with propensity-corrected versions. */
export const CORRECTED_BASES = ['ndcg', 'recall', 'precision', 'hit-rate'] as const;
/** An accuracy metric with a propensity-corrected version. */
export type CorrectedBase = (typeof CORRECTED_BASES)[number];

/**
 * What the propensity-corrected metrics know about one evaluated user: an estimate of how
 * relevant any item is to the user (what a ranking that shows it earns), from the held-out log
 * reweighted by inverse propensities, and where the log cannot tell, from a reward model.
 */
export interface UserPropensity {
  /** The user's relevant (held-out) items: the normaliser's `|rel|` and the hit rate's hits. */
  readonly relevant: ReadonlySet<ItemKey>;
  /**
   * The clipped inverse-propensity weights of the user's held-out interactions (one per positive
   * held-out event that counts: per slate with the impressions model, per relevant item otherwise).
   */
  readonly weights: readonly number[];
  /**
   * Estimated relevance of `item` for this user under the IPS (`ips`) or doubly robust (`dr`)
   * estimator, before self-normalisation: the mean over held-out slates of the item's clicks
   * divided by their propensity, with the reward model where the log cannot value the item
   * (see docs/metrics.md). 0 for an item nothing can value.
   */
  value(item: ItemKey, estimator: 'ips' | 'dr'): number;
  /** Whether the log can value the item for this user (else only a reward model can, or nothing). */
  supported(item: ItemKey): boolean;
}
