import type { CatalogueChange } from '../dataset/catalogue.js';
import type { Dataset } from '../dataset/dataset.js';
import type { ObservedItemEvent } from './observed-item-events.js';
import type { ParallelRunner } from '../parallel/job.js';
import type { Topic } from '../schema/entities.js';
import type { ProductTextIndex } from '../text/product-text-index.js';
import type { TextIndexConfig } from '../text/text-index-config.js';

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
  /** Ad-hoc topics given with this request (with trending `requestTopics: 'lead'`, instead of the held ones). */
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
 * What a signal can do, declared so that the engine never has to recognise a signal by its type:
 * the engine reads these flags (and calls the optional methods they promise), nothing else.
 */
export interface SignalCapabilities {
  /**
   * Has an opinion on products with no training interactions (content, trending). A signal
   * without it (iALS, item-kNN, EASE) learns only from interactions: `coldItems: 'renormalise'`
   * treats its score of such a product as no opinion.
   */
  readonly coldProducts: boolean;
  /** Has an opinion for a user with no history (popularity, trending). */
  readonly coldUsers: boolean;
  /**
   * A non-personal baseline whose scores echo past exposure (popularity): it carries the slates of
   * users without history and is left out of the merit the fairness ledger records by default.
   */
  readonly baseline: boolean;
  /** Folds a user's new events in online: implements `observe`. */
  readonly foldIn: boolean;
  /** Takes topic heat updates: implements `observeTopics`. */
  readonly topics: boolean;
  /** Knows item-item similarity: implements `similarTo`. */
  readonly similarity: boolean;
  /** Says more about a score in explanations: implements `describe`. */
  readonly explains: boolean;
  /** Gives the boost stage a strength per candidate (hot topics): implements `boost`. */
  readonly boosts: boolean;
  /**
   * Takes products added, changed or removed after fit (online catalogue): implements
   * `observeProducts`, and has an opinion on a product from the moment it is told about it.
   */
  readonly catalogue: boolean;
  /** Counts interactions observed after fit (`dataset.observed`): implements `observeInteractions`. */
  readonly interactions: boolean;
}

/** A signal's input to the boost stage for one request's candidates (capability `boosts`). */
export interface SignalBoost {
  /** Strength per candidate, >= 0 and finite, before the user's personal factor (0 = none). */
  readonly strength: Float32Array;
  /** The user's personal factor per candidate, in [0, 1] (1 for a user without history). */
  readonly personal: Float32Array;
  /** Why candidate position `c` (with strength > 0) is boosted, e.g. the strongest hot topic. */
  reason(c: number): string;
}

/** What a signal may use while fitting, supplied by the recommender (every part optional). */
export interface FitContext {
  /**
   * The product text index of the dataset's products for a text config, built once per fit and
   * shared by every signal that reads product text (content, trending). Owned by the recommender.
   */
  readonly textIndex?: (config: TextIndexConfig) => ProductTextIndex;
  /**
   * Runs the fit's heavy loops (as kernel jobs) on threads; the fit then returns a promise.
   * Without it the fit runs on the calling thread and returns when done.
   */
  readonly runner?: ParallelRunner;
}

/**
 * The contract every signal implements (docs/design.md, "Signals"). Scores are raw, on the
 * signal's own scale; the engine normalises them before blending. A product index the signal was
 * neither fitted on nor told about (`observeProducts`), e.g. one added to the catalogue after fit,
 * scores NaN, never comes out of `topN`, `topNIn` or `similarTo`, and is ignored in a history. Register a signal type of your
 * own with `registerSignal`; the contract suite in tests/contracts runs against every registered type.
 */
export interface Signal {
  /** The signal's type as configs name it (`ials`, `item-knn`, `trending`, ...). */
  readonly type: string;
  /** What the signal can do. */
  readonly capabilities: SignalCapabilities;
  /** Reason shown to people when this signal carries an item (e.g. "trending now"). */
  readonly reason: string;
  /**
   * Fits on a dataset; may be called again to refit. `context` gives shared fitted pieces (the
   * product text index); without it a signal builds what it needs itself. With `context.runner`
   * a signal may run its heavy loops on the runner's threads and return a promise that settles
   * once it is fitted; without a runner it fits on the calling thread and returns nothing.
   */
  fit(dataset: Dataset, context?: FitContext): void | Promise<void>;
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
  /** Products most similar to `product`, best first (capability `similarity`). */
  similarTo?(product: number, n: number, exclude?: (product: number) => boolean): ScoredItems;
  /**
   * Human-readable detail of this signal's score of one product for a user (e.g. the topics and
   * matched terms behind a trend), capability `explains`; used by `explain()`.
   */
  describe?(user: UserContext, product: number): readonly string[];
  /** Updates per-user state after new events, e.g. iALS fold-in (capability `foldIn`). */
  observe?(user: UserContext): void;
  /** Merges topic heat updates (capability `topics`). */
  observeTopics?(topics: readonly Topic[]): void;
  /**
   * Takes a catalogue change (capability `catalogue`): products added, changed or removed after
   * fit. A text index the signal got from the fit context is already up to date (its owner keeps
   * it so); one the signal built itself it updates itself.
   */
  observeProducts?(change: CatalogueChange): void;
  /**
   * Takes the interactions observed after fit of `products` (capability `interactions`): their
   * totals so far are in `dataset.observed`.
   */
  observeInteractions?(dataset: Dataset, products: Int32Array): void;
  /**
   * Takes the events observed after fit that a product's own rate counts (positive base weight,
   * products of the catalogue as it stands), with their users and times; called whenever the
   * signal has the method (e.g. trending's product bursts count them at once).
   */
  observeEvents?(events: readonly ObservedItemEvent[]): void;
  /** The boost stage's input for the candidates (capability `boosts`). */
  boost?(user: UserContext, candidates: Int32Array): SignalBoost;
  /**
   * The fitted state that is costly to recompute (factors, neighbour lists), for model files.
   * Signals without it are refitted from the dataset when a model is loaded.
   */
  exportState?(): SignalState;
  /** Installs a state from {@link exportState} for the given dataset. */
  importState?(state: SignalState, dataset: Dataset, context?: FitContext): void;
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
