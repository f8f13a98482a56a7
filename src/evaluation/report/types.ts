/** A JSON value (configs are stored as plain JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The dataset an evaluation ran on. */
export interface DatasetInfo {
  readonly name: string;
  /** Content fingerprint of the data (e.g. a hash), so a gate can tell different data apart. */
  readonly fingerprint: string;
  readonly users: number;
  readonly items: number;
  readonly interactions: number;
}

/** How the data was split (the splitter's report plus its parameters). */
export interface SplitInfo {
  /** `temporal`, `leave-last-n`, `random-holdout` or a caller's name. */
  readonly strategy: string;
  readonly trainEvents: number;
  readonly testEvents: number;
  readonly trainUsers: number;
  readonly testUsers: number;
  /** Temporal split: the cutoff, epoch ms. */
  readonly cutoff?: number;
  /** The splitter's options (fraction, seed, n, quantile ...). */
  readonly params?: { readonly [key: string]: JsonValue };
}

/** One metric of one run. */
export interface MetricResult {
  readonly mean: number;
  /** 95% confidence interval `[lo, hi]` of the mean (`[mean, mean]` for aggregate metrics). */
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
  /** Seconds per phase (`fit`, `recommend`, `metrics` ...). */
  readonly timings: Readonly<Record<string, number>>;
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
  /** Users behind every `perUser` vector, in order (lets the gate pair users across reports). */
  readonly users?: readonly string[];
  readonly runs: readonly RunResult[];
}
