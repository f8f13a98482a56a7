/** A JSON value (configs are stored as plain JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The dataset an evaluation ran on. */
export interface DatasetInfo {
  readonly name: string;
  /** Content fingerprint of the data (e.g. a hash), so a gate can tell different data apart. */
  readonly fingerprint: string;
  /** Distinct users in the two folds (train and test, after the split dropped any events). */
  readonly users: number;
  /** Products in the catalogue. */
  readonly items: number;
  /** Events in the two folds (train + test events, after the split dropped any): events, not matrix cells. */
  readonly interactions: number;
  /** Distinct users of the dataset's events as loaded, before the split (absent for a fixed train/test split). */
  readonly loadedUsers?: number;
  /** The dataset's events as loaded, before the split (absent for a fixed train/test split). */
  readonly loadedEvents?: number;
  /**
   * Fingerprint of the metric context beyond the records the data fingerprint covers, `crc32:<hex>`:
   * each merchant's tier (given on its record, else derived) and the short-head share. Tier metrics
   * (`small-share`, `exposure-merit-*`, `small-ndcg` ...) of reports whose context fingerprints
   * differ are not comparable. Absent in reports of older versions.
   */
  readonly contextFingerprint?: string;
  /** Merchants per tier behind the tier metrics (absent in reports of older versions). */
  readonly merchantTiers?: MerchantTierCounts;
}

/** Merchants per tier (head, mid, small). */
export interface MerchantTierCounts {
  readonly head: number;
  readonly mid: number;
  readonly small: number;
}

/**
 * The evaluation protocol behind a report's numbers: the config's `k`, `metrics` and `protocol`
 * block as the runner applied them. The gate compares reports only under the same protocol.
 */
export interface ProtocolInfo {
  /** Cut-off of bare metric names. */
  readonly k: number;
  /** Labels of the metrics computed, in order (corrected labels included). */
  readonly metrics: readonly string[];
  /** Length of every ranked list: the largest finite cut-off among the metrics, at least `k`. */
  readonly listLength: number;
  /** `full`: the catalogue minus the user's training items; `engine`: the model's own candidates. */
  readonly candidates: 'full' | 'engine';
  /** `sequential`: each run's ledger records the lists it serves; `frozen`: nothing recorded. */
  readonly ledger: 'sequential' | 'frozen';
  /** Event types whose test events make an item relevant; `null`: every event with a positive weight. */
  readonly relevantTypes: readonly string[] | null;
  /** Merchants the exposure-fairness metrics cover. */
  readonly fairnessMerchants: 'all' | 'evidence';
}

/** How the data was split (the splitter's report plus its parameters). */
export interface SplitInfo {
  /** `temporal`, `leave-last-n`, `random-holdout` or a caller's name. */
  readonly strategy: string;
  readonly trainEvents: number;
  readonly testEvents: number;
  readonly trainUsers: number;
  readonly testUsers: number;
  /**
   * Distinct (user, product) pairs of the training events with a positive weight (own weight, else
   * the type's default): the cells a training matrix stores. Impressions and other zero-weight
   * events are training events but no cells.
   */
  readonly trainCells?: number;
  /** Test events the split dropped because their users had no training events (absent when none). */
  readonly droppedTestEvents?: number;
  /** Users whose test events were dropped for want of training events (absent when none). */
  readonly droppedUsers?: number;
  /** Temporal split: the cutoff, epoch ms. */
  readonly cutoff?: number;
  /** The splitter's options (fraction, seed, n, quantile ...). */
  readonly params?: { readonly [key: string]: JsonValue };
}

/** Why test users were not evaluated: counts per reason (they sum to `testUsers - evaluated`). */
export interface NotEvaluatedCounts {
  /**
   * No relevant test event at all: only impressions or other zero-weight events in test (or, with
   * `relevantTypes`, no event of those types).
   */
  readonly noRelevantTestEvents: number;
  /** Relevant test events only on products the user already had in training (excluded from the rankings). */
  readonly onlyTrainingItems: number;
  /** Relevant test events only on products outside the catalogue. */
  readonly offCatalogue: number;
}

/** Who was evaluated: test users, those ranked and scored, and why the others were not. */
export interface EvaluatedUsersInfo {
  /** Distinct users with test events (after the split dropped any). */
  readonly testUsers: number;
  /** Test users with at least one relevant test item: ranked and scored (the report's `users`). */
  readonly evaluated: number;
  readonly notEvaluated: NotEvaluatedCounts;
}

/** One metric of one run. */
export interface MetricResult {
  readonly mean: number;
  /**
   * 95% confidence interval `[lo, hi]` of the mean: the t interval, clipped to [0, 1] for metrics
   * bounded there (then asymmetric about the mean); `[mean, mean]` for aggregate metrics.
   */
  readonly ci95: readonly [number, number];
  /** Per-user values in the order of the report's `users` (user metrics only). */
  readonly perUser?: readonly number[];
}

/** One configuration's results. */
export interface RunResult {
  readonly name: string;
  /** The configuration evaluated, as JSON. */
  readonly config: { readonly [key: string]: JsonValue };
  /** By metric label (`ndcg@10`): a JSON object, built from a Map with {@link createRunResult}. */
  readonly metrics: Readonly<Record<string, MetricResult>>;
  /**
   * Seconds per phase (`fit`, `recommend`, `metrics` ...). A run that reuses the previous run's
   * fit (configs differing only in `fairness.rerank`) times rebuilding it as `fit`.
   */
  readonly timings: Readonly<Record<string, number>>;
  /** With a propensity model: where this run's ranking went beyond what the log can value. */
  readonly propensity?: RunPropensityInfo;
}

/** Per run: how much of the ranking the propensity model's log can value (see docs/metrics.md). */
export interface RunPropensityInfo {
  /**
   * Share of the run's exposure (position weights of the first k items of every list) on items the
   * logging policy could not have shown the user (no propensity can value them; a reward model or
   * nothing does), in [0, 1].
   */
  readonly unsupportedExposure: number;
}

/** The propensity model behind an evaluation's corrected metrics (docs/design.md 6, docs/metrics.md). */
export interface PropensityInfo {
  readonly model: 'impressions' | 'popularity' | 'given';
  /** One line saying what the model is and how it was fitted. */
  readonly description: string;
  /** Estimators reported (`ips`, `snips`, `dr`). */
  readonly estimators: readonly string[];
  /** Weight cap. */
  readonly clip: number;
  /** Held-out interactions with a weight. */
  readonly heldOutInteractions: number;
  /** Kish's effective sample size of their weights, `(sum w)^2 / sum w^2`. */
  readonly effectiveSampleSize: number;
  /** Mean weight: the divisor of the self-normalised estimators. */
  readonly meanWeight: number;
  readonly maxWeight: number;
  /** Weights at the cap. */
  readonly clipped: number;
  /** Model-specific figures (examination per position, gamma ...). */
  readonly details: { readonly [key: string]: JsonValue };
  /** Reasons to distrust the corrected metrics (e.g. a small effective sample size). */
  readonly warnings: readonly string[];
}

/** Which merchants the exposure-fairness metrics covered. */
export interface FairnessPopulationInfo {
  /** `all` merchants, or those with `evidence` (a product with training interactions). */
  readonly merchants: 'all' | 'evidence';
  /** Merchants covered, and merchants in the catalogue. */
  readonly covered: number;
  readonly total: number;
}

/**
 * The result of an offline evaluation: the contract between the runner, the renderers and the
 * regression gate, and the JSON file format (read back with `parseEvalReport`).
 */
export interface EvalReport {
  /** File format version. */
  readonly version: 1;
  readonly dataset: DatasetInfo;
  readonly split: SplitInfo;
  /** The protocol that produced the numbers (absent in reports of older versions). */
  readonly protocol?: ProtocolInfo;
  /**
   * What the evaluation warned about while splitting and fitting (a test fold earlier than the
   * training events, a tiny fold, events decayed to nothing), so the report keeps what the console
   * showed; absent when nothing was warned (and in reports of older versions).
   */
  readonly warnings?: readonly string[];
  /** Who was evaluated and why the other test users were not (absent in reports of older versions). */
  readonly evaluated?: EvaluatedUsersInfo;
  /** Users behind every `perUser` vector, in order (lets the gate pair users across reports). */
  readonly users?: readonly string[];
  /** The propensity model of the corrected metrics (absent without one). */
  readonly propensity?: PropensityInfo;
  /** Merchants the exposure-fairness metrics covered (absent in reports of older versions: all). */
  readonly fairness?: FairnessPopulationInfo;
  readonly runs: readonly RunResult[];
}
