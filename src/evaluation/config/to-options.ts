import { ConfigError } from '../../errors.js';
import type { EvalDataset, EvaluateOptions, FixedSplit, ModelSpec, SplitSpec } from '../runner/types.js';
import type { EvalConfig } from './schema.js';

/** A config's models as runner specs (run name + recommender config). */
export function configModels(config: EvalConfig): ModelSpec[] {
  return config.models.map(({ name, ...recommender }) => ({ name, config: recommender }));
}

/** The splitter spec of a config (`files` splits are read by the caller and passed as a FixedSplit). */
function splitSpec(config: EvalConfig): SplitSpec | undefined {
  const s = config.split;
  if (s.strategy === 'files') return undefined;
  // Keys zod left undefined are dropped: the splitters apply their own defaults.
  const spec = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as SplitSpec;
  return spec.strategy === 'random-holdout' ? { ...spec, seed: spec.seed ?? config.seed } : spec;
}

/**
 * Turns a parsed config and its loaded data into the runner's options. A `files` split needs the
 * folds read from its files (`fixed`); the CLI does that (paths relative to the config file).
 *
 * @throws ConfigError (path `split`) when the config has a `files` split and no `fixed` folds are given.
 */
export function evaluateOptionsFromConfig(config: EvalConfig, dataset: EvalDataset, fixed?: FixedSplit): EvaluateOptions {
  const split = fixed ?? splitSpec(config);
  if (split === undefined) throw new ConfigError('split: a files split needs its folds: read the files and pass them as `fixed`', 'split');
  const p = config.protocol;
  return {
    dataset,
    split,
    models: configModels(config),
    metrics: config.metrics,
    k: config.k,
    candidates: p.candidates,
    ledger: p.ledger,
    keepPerUser: p.keepPerUser,
    ...(p.relevantTypes === undefined ? {} : { relevantTypes: p.relevantTypes }),
  };
}
