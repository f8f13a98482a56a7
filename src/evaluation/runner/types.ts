import type { RecommenderConfigInput } from '../../engine/config.js';
import type { MarketplaceData } from '../../schema/marketplace-data.js';
import type { Event } from '../../schema/entities.js';
import type { Metric, MetricContext } from '../metrics/types.js';
import type { PropensityOptions } from '../propensity/options.js';
import type { JsonValue } from '../report/types.js';
import type { LeaveLastNOptions } from '../split/leave-last-n.js';
import type { RandomHoldoutOptions } from '../split/random-holdout.js';
import type { TemporalSplitOptions } from '../split/temporal.js';

/** The data an evaluation runs on: validated marketplace records and a name for the report. */
export interface EvalDataset {
  /** Shown in reports, e.g. `ml-100k` or a directory name. */
  readonly name: string;
  /** Products (the catalogue), merchants, events and topics. */
  readonly data: MarketplaceData;
}

/** A split the runner computes from the dataset's events with one of the splitters. */
export type SplitSpec =
  | ({ readonly strategy: 'temporal' } & TemporalSplitOptions)
  | ({ readonly strategy: 'leave-last-n' } & LeaveLastNOptions)
  | ({ readonly strategy: 'random-holdout' } & RandomHoldoutOptions);

/**
 * A split given as two event lists (e.g. read from train/test files). The dataset's own events
 * are then ignored: the catalogue comes from the dataset, the interactions from here.
 */
export interface FixedSplit {
  /** Reported strategy name, e.g. `files`. */
  readonly strategy: string;
  readonly train: readonly Event[];
  readonly test: readonly Event[];
  /** Reported with the split (e.g. the file paths). */
  readonly params?: { readonly [key: string]: JsonValue };
}

/** One configuration to evaluate: a name and a recommender config (signals, weights, fairness). */
export interface ModelSpec {
  readonly name: string;
  readonly config: RecommenderConfigInput;
}

/** Phases the runner times and reports progress for. */
export type EvalPhase = 'fit' | 'recommend' | 'metrics';

/** Progress of an evaluation, for a progress bar. */
export interface EvalProgress {
  /** Run (model) name. */
  readonly run: string;
  /** 0-based index of the run and the number of runs. */
  readonly runIndex: number;
  readonly runs: number;
  readonly phase: EvalPhase;
  /** Units done in this phase (users while recommending; 0 or 1 for fit and metrics) and the total. */
  readonly done: number;
  readonly total: number;
}

/**
 * Which products each test user's ranking covers: `full` = the whole catalogue minus what the
 * model's `excludeSeen` rule removes (the user's training items by default), by raising the
 * engine's candidate limits to the catalogue size; `engine` = the model's own candidate config.
 */
export type CandidateProtocol = 'full' | 'engine';

/**
 * How the exposure ledger behaves during the evaluation. `sequential` (default): each run's own,
 * fresh recommender records every served list, users in id order, so the amortised fairness
 * reranker sees the exposure it has handed out (as in serving); `frozen`: nothing is recorded
 * (`record: false`), so the ledger stays empty and only per-slate guards act.
 */
export type LedgerProtocol = 'sequential' | 'frozen';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  readonly dataset: EvalDataset;
  readonly split: SplitSpec | FixedSplit;
  readonly models: readonly ModelSpec[];
  /** Labels (`ndcg@10`, `merchant-gini@10`; a bare name gets `k`) or metric descriptors. @default ndcg, recall, precision, map at k */
  readonly metrics?: readonly (string | Metric)[];
  /** Cut-off for bare metric names; lists are as long as the largest finite cut-off. @default 10 */
  readonly k?: number;
  /** @default 'full' */
  readonly candidates?: CandidateProtocol;
  /** @default 'sequential' */
  readonly ledger?: LedgerProtocol;
  /**
   * Event types whose test events make an item relevant. @default every event with a positive
   * weight (its own, else the default weight of its type; unknown types count)
   */
  readonly relevantTypes?: readonly string[];
  /**
   * Additions to the metric context the runner builds (catalogue, merchants, tiers, training
   * popularity): item vectors for `ild`, another exposure model, the short-head share for `aplt`.
   */
  readonly metricContext?: Pick<MetricContext, 'itemVector' | 'exposure' | 'headShare'>;
  /** Keep per-user vectors in the report (needed for paired tests and the gate). @default true */
  readonly keepPerUser?: boolean;
  /**
   * Propensity model of the corrected accuracy metrics (`ips-ndcg@10`, `snips-ndcg@10`,
   * `dr-ndcg@10` ...), reported next to each logged accuracy metric; fitted on the training part.
   * @default none: logged metrics only
   */
  readonly propensity?: PropensityOptions;
  /**
   * Merchants the exposure-fairness metrics cover: `all`, or `evidence` (merchants with a product
   * with training interactions). @default 'all'
   */
  readonly fairnessMerchants?: 'all' | 'evidence';
  /**
   * Clock of the timings, in milliseconds (read at the start and end of each phase).
   * @default performance.now
   */
  readonly clock?: () => number;
  /** Called at phase starts and every few users. */
  readonly onProgress?: (progress: EvalProgress) => void;
}
