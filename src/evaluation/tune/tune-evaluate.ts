/**
 * Tune, then judge on data the tuning never saw (what `gfp tune` runs): the blend is tuned on the
 * training part of an evaluation's split only, then the starting config and the tuned one are
 * evaluated on the held-out test part with the evaluation runner (the `gfp eval` protocol).
 */
import type { RecommenderConfig } from '../../engine/config.js';
import type { Event } from '../../schema/entities.js';
import type { EvalReport } from '../report/types.js';
import { compareRuns } from '../runner/compare.js';
import { evaluate } from '../runner/evaluate.js';
import { _splitEvents } from '../runner/split-data.js';
import type { EvalProgress, EvaluateOptions, FixedSplit, ModelSpec, SplitSpec } from '../runner/types.js';
import { meanCi, type MeanCi } from '../stats/summary.js';
import { tuneBlend, type TuneBlendOptions, type TuneBlendResult, type TuneProgress } from './tune-blend.js';
import { spansTime } from './validation.js';

/** The tuner's options that {@link tuneAndEvaluate} takes from the caller (the rest come from the evaluation). */
export type TuneSettings = Omit<TuneBlendOptions, 'data' | 'config' | 'candidates' | 'relevantTypes' | 'onProgress'>;

/** Options of {@link tuneAndEvaluate}. */
export interface TuneEvaluateOptions {
  /** The evaluation: dataset, split, metrics, k, protocol (its `models` are ignored). */
  readonly evaluation: EvaluateOptions;
  /** The model whose blend is tuned; evaluated as is and tuned. */
  readonly model: ModelSpec;
  /** Tuner options. `validation` defaults to {@link defaultValidation} of the split, `k` to the evaluation's. */
  readonly tune?: TuneSettings;
  /** More models evaluated beside the two (e.g. each signal alone). */
  readonly alsoEvaluate?: readonly ModelSpec[];
  /** Progress of the tuning (see {@link TuneBlendOptions.onProgress}). */
  readonly onTuneProgress?: (progress: TuneProgress) => void;
  /** Progress of the test-split evaluation (see {@link EvaluateOptions.onProgress}). */
  readonly onEvalProgress?: (progress: EvalProgress) => void;
}

/** The paired comparison of the tuned run with the starting one on one metric of the test split. */
export interface TunedComparison {
  readonly label: string;
  readonly baseline: MeanCi;
  readonly tuned: MeanCi;
  /** Mean per-user difference tuned - baseline with its 95% interval. */
  readonly difference: MeanCi;
  /** Two-sided p-values: paired t-test and paired randomisation test. */
  readonly pairedT: number;
  readonly randomisation: number;
}

/** What {@link tuneAndEvaluate} found. */
export interface TuneEvaluation {
  readonly tune: TuneBlendResult;
  /** The tuned recommender config (also `tune.config`). */
  readonly config: RecommenderConfig;
  /** The test-split evaluation: runs `[model, model tuned, ...alsoEvaluate]`. */
  readonly report: EvalReport;
  /** Tuned against starting config, per per-user metric of the report. */
  readonly comparisons: readonly TunedComparison[];
}

/**
 * The validation split that mirrors an evaluation's split, so the tuning optimises what the test
 * measures: a temporal split by the same quantile (0.8 for a fixed cutoff), leave-last-n with the
 * same n, a random holdout with the same fraction and seed; for fixed train/test files, temporal
 * 0.8 when the training events have times, else a random 20% holdout (seed 42).
 * @example defaultValidation({ strategy: 'leave-last-n', n: 10 }, train) // { strategy: 'leave-last-n', n: 10 }
 */
export function defaultValidation(split: SplitSpec | FixedSplit, train: readonly Event[]): SplitSpec {
  if (!('train' in split && Array.isArray(split.train))) {
    const s = split as SplitSpec;
    if (s.strategy === 'temporal') return { strategy: 'temporal', quantile: s.quantile ?? 0.8 };
    if (s.strategy === 'leave-last-n') return { strategy: 'leave-last-n', n: s.n ?? 1 };
    return { strategy: 'random-holdout', fraction: s.fraction ?? 0.2, ...(s.seed === undefined ? {} : { seed: s.seed }) };
  }
  return spansTime(train) ? { strategy: 'temporal', quantile: 0.8 } : { strategy: 'random-holdout', fraction: 0.2, seed: 42 };
}

/** The run name of the tuned config beside the model `name`. */
export const tunedRunName = (name: string): string => `${name} (tuned)`;

/**
 * Tunes `model`'s blend on the training part of the evaluation's split ({@link tuneBlend}, with
 * the evaluation's candidate protocol and relevant event types), then evaluates the model as
 * given and tuned (plus `alsoEvaluate`) on the held-out test part with {@link evaluate}, and
 * compares the two per user. The test split is never seen by the tuning.
 * @throws as {@link tuneBlend} and {@link evaluate}.
 */
export function tuneAndEvaluate(options: TuneEvaluateOptions, onWarning?: (message: string) => void): TuneEvaluation {
  const { evaluation, model } = options;
  const data = evaluation.dataset.data;
  const folds = _splitEvents(data.events, evaluation.split);
  const settings = options.tune ?? {};
  const tune = tuneBlend({
    ...settings,
    data: { ...data, events: [...folds.train] },
    config: model.config,
    validation: settings.validation ?? defaultValidation(evaluation.split, folds.train),
    k: settings.k ?? evaluation.k ?? 10,
    candidates: evaluation.candidates ?? 'full',
    ...(evaluation.relevantTypes === undefined ? {} : { relevantTypes: evaluation.relevantTypes }),
    ...(options.onTuneProgress === undefined ? {} : { onProgress: options.onTuneProgress }),
  });
  const models: ModelSpec[] = [model, { name: tunedRunName(model.name), config: tune.config }, ...(options.alsoEvaluate ?? [])];
  const report = evaluate(
    { ...evaluation, models, keepPerUser: true, ...(options.onEvalProgress === undefined ? {} : { onProgress: options.onEvalProgress }) },
    onWarning,
  );
  const [base, tuned] = report.runs as [EvalReport['runs'][number], EvalReport['runs'][number]];
  const comparisons = compareRuns(base, tuned).map((c): TunedComparison => {
    const a = base.metrics[c.label]!;
    const b = tuned.metrics[c.label]!;
    const x = a.perUser!;
    return {
      label: c.label,
      baseline: { mean: a.mean, ci95: a.ci95, n: x.length },
      tuned: { mean: b.mean, ci95: b.ci95, n: x.length },
      difference: meanCi(b.perUser!.map((v, i) => v - x[i]!)),
      pairedT: c.pairedT,
      randomisation: c.randomisation,
    };
  });
  return { tune, config: tune.config, report, comparisons };
}
