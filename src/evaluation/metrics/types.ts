import type { Tier } from '../../schema/entities.js';
import type { CorrectedBase, Estimator, UserPropensity } from '../propensity/types.js';

/** An item key: a caller's string id, or a dense integer index. */
export type ItemKey = string | number;

/** A ranked list, best first: string ids or dense indices. Assumed free of duplicates (a repeated relevant item counts once). */
export type RankedList = readonly string[] | Int32Array;

/** The relevant items of one user (binary relevance), of the same key kind as the ranked list. */
export type RelevantSet = ReadonlySet<string> | ReadonlySet<number>;

/** A per-user metric function: a score of one ranked list against one relevant set, cut at `k` (`Infinity` = whole list). */
export type MetricFn = (ranked: RankedList, relevant: RelevantSet, k: number) => number;

/** Fields every metric descriptor carries. */
interface MetricBase {
  /** Label such as `ndcg@10` (`mrr` without `@` when k is Infinity). */
  readonly label: string;
  /** Registry name such as `ndcg` or `merchant-gini`. */
  readonly name: string;
  /** Cut-off: only the first `k` items of each list count. */
  readonly k: number;
  /** Whether a larger value is better (the gate's direction); ignored when `target` is set. */
  readonly higherIsBetter: boolean;
  /**
   * The ideal value when the metric has one in the middle of its range (exposure/merit ratios: 1,
   * exposure exactly in proportion to merit): moving away from it, either way, is worse.
   */
  readonly target?: number;
  /** Whether the value always lies in [0, 1]. */
  readonly bounded: boolean;
}

/** A metric computed per user and averaged (accuracy metrics). */
export interface UserMetric extends MetricBase {
  readonly kind: 'user';
  /** Score of one list at the metric's `k` (or at `k` given here: the call wins); never NaN. */
  compute(ranked: RankedList, relevant: RelevantSet, k?: number): number;
}

/** Collects all users' lists and yields one number (beyond-accuracy and fairness metrics). */
export interface MetricAccumulator {
  /** Adds one user's list (cut at the metric's k inside) and that user's relevant items (and id, when known). */
  add(ranked: RankedList, relevant: RelevantSet, userId?: string): void;
  /** The metric over everything added so far; never NaN. */
  result(): number;
}

/** A metric over all users' lists together, computed through an accumulator. */
export interface AggregateMetric extends MetricBase {
  readonly kind: 'aggregate';
  /** A fresh accumulator; throws ConfigError when the context lacks what the metric needs. */
  createAccumulator(context: MetricContext): MetricAccumulator;
}

/**
 * A propensity-corrected accuracy metric (`ips-ndcg@10`, `snips-recall@20`, `dr-ndcg@10`): computed
 * per user like a user metric, from what the propensity model knows about the user. Values are
 * estimates on the logged metric's scale (self-normalised: `snips`, `dr`) or of the metric if
 * every relevant interaction had been observed (`ips`); they may exceed 1 and, for `dr`, fall below 0.
 */
export interface CorrectedMetric extends MetricBase {
  readonly kind: 'corrected';
  readonly estimator: Estimator;
  /** The logged metric it corrects. */
  readonly base: CorrectedBase;
  /**
   * Score of one list at the metric's `k`: `user` describes the user's held-out interactions and
   * `meanWeight` is the self-normalising divisor (the mean weight of all held-out interactions).
   */
  compute(ranked: RankedList, user: UserPropensity, meanWeight: number): number;
}

/** Which way a metric improves: up, down, or towards an ideal value. */
export type MetricGoal = 'higher' | 'lower' | { readonly target: number };

/** Any metric of the registry. */
export type Metric = UserMetric | AggregateMetric | CorrectedMetric;

/** Exposure of 1-based position `rank`: e.g. `1 / log2(rank + 1)`. */
export type ExposureModel = (rank: number) => number;

/** What beyond-accuracy and fairness metrics need to know about the catalogue and the training data. */
export interface MetricContext {
  /** Every item of the catalogue (coverage denominators, Gini members with zero exposure). */
  readonly catalogue: readonly ItemKey[];
  /** Merchant id of each item (merchant metrics). */
  readonly itemMerchant?: ReadonlyMap<ItemKey, string>;
  /** Tier of each merchant; merchants absent here but present in `itemMerchant` count as `mid`. */
  readonly merchantTier?: ReadonlyMap<string, Tier>;
  /** Training interactions per item (novelty, long tail); absent items count 0. */
  readonly itemPopularity?: ReadonlyMap<ItemKey, number>;
  /** Content vector of an item (intra-list diversity); `undefined` when unknown. */
  readonly itemVector?: (item: ItemKey) => ArrayLike<number> | undefined;
  /** Exposure model for fairness metrics. @default 1 / log2(rank + 1) */
  readonly exposure?: ExposureModel;
  /** Share of training interactions held by the short head (APLT). @default 0.8 */
  readonly headShare?: number;
  /**
   * Merchants the exposure-fairness metrics cover: `all` (every merchant of the catalogue) or
   * `evidence` (merchants with at least one product with training interactions, `itemPopularity`
   * above 0; the others' exposure is left out). @default 'all'
   */
  readonly fairnessMerchants?: 'all' | 'evidence';
}
