import type { Dataset } from '../dataset/dataset.js';
import type { FitOptions } from '../parallel/job.js';
import type { Topic } from '../schema/entities.js';

/**
 * What a signal knows about the user of one request. `items`/`weights` is the user's decayed
 * interaction history (product indices of the fitted dataset), which for a user unknown at fit
 * time comes from observed events only.
 */
export interface UserContext {
  /** The caller's user id. */
  readonly userId: string;
  /** Dense user index in the fitted dataset, or -1 for a user the fit did not see. */
  readonly user: number;
  /** Product indices the user interacted with, ascending. */
  readonly items: Int32Array;
  /** Decayed interaction weight of each of `items`. */
  readonly weights: Float32Array;
  /** Request time, epoch ms. */
  readonly now: number;
  /** Ad-hoc topics given with this request (in addition to the fitted ones). */
  readonly topics: readonly Topic[];
}

/** Best products of a signal for a user, best first (product indices and raw scores). */
export interface ScoredItems {
  readonly ids: Int32Array;
  readonly scores: Float64Array;
}

/**
 * A fixed set of products that signals may index once (by object identity) and reuse across
 * requests, e.g. the small tier's products for the small-tier candidate source.
 */
export interface ProductSubset {
  /** The products, ascending, each once. */
  readonly ids: Int32Array;
  /** 1 for a product in the subset (index = product), 0 otherwise. */
  readonly member: Uint8Array;
}

/**
 * The contract every signal implements (DESIGN.md 3). Scores are raw, on the signal's own scale;
 * the engine normalises them before blending.
 */
export interface Signal {
  /** Stable name used in configs, weights and traces (`ials`, `item-knn`, `trending`, ...). */
  readonly name: string;
  /**
   * Fits on a dataset; may be called again to refit. With `options.runner` a signal may run its
   * heavy loops on the runner's threads and return a promise that settles once it is fitted;
   * without a runner it fits on the calling thread and returns nothing.
   */
  fit(dataset: Dataset, options?: FitOptions): void | Promise<void>;
  /** True once fitted. */
  readonly fitted: boolean;
  /**
   * Scores `candidates` (product indices) for the user: a Float32Array aligned with them, NaN
   * where the signal has no opinion (e.g. a collaborative model for a user with no history).
   * @throws NotFittedError before fit.
   */
  score(user: UserContext, candidates: Int32Array): Float32Array;
  /**
   * Up to `n` best products for candidate generation, best first, skipping products for which
   * `exclude(index)` is true. May return fewer when the signal has no opinion on more.
   */
  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems;
  /**
   * The same result as `topN` restricted to `subset`'s products, i.e.
   * `topN(user, n, (p) => member[p] === 0 || exclude(p))`, for signals that can index a fixed
   * subset (e.g. the small tier's products) and so avoid walking the rest of the catalogue.
   * Optional: without it the engine calls `topN` with that filter.
   */
  topNIn?(user: UserContext, n: number, subset: ProductSubset, exclude?: (product: number) => boolean): ScoredItems;
  /**
   * Products most similar to `product`, best first (for `similarItems`). Optional: signals with a
   * notion of item-item similarity implement it.
   */
  similarTo?(product: number, n: number, exclude?: (product: number) => boolean): ScoredItems;
  /**
   * Human-readable detail of this signal's score of one product for a user (e.g. the topics and
   * matched terms behind a trend). Optional; used by `explain()`.
   */
  describe?(user: UserContext, product: number): readonly string[];
  /** Lets the signal update per-user state after new events (e.g. iALS fold-in). Optional. */
  observe?(user: UserContext): void;
  /**
   * The fitted state that is costly to recompute (factors, neighbour lists), for model files.
   * Signals without it are refitted from the dataset when a model is loaded.
   */
  exportState?(): SignalState;
  /** Installs a state from {@link exportState} for the given dataset. */
  importState?(state: SignalState, dataset: Dataset): void;
  /** The parsed config (defaults applied); feeding it back to the factory gives the same signal. */
  toJSON(): SignalConfigJson;
}

/** A signal's config as plain JSON, tagged with its type. */
export interface SignalConfigJson {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A typed array a signal state may hold. */
export type StateArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A signal's fitted state: named typed arrays (names are fixed by the signal, never user ids). */
export type SignalState = ReadonlyMap<string, StateArray>;
