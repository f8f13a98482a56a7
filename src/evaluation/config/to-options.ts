import { ConfigError } from '../../errors.js';
import type { GivenPropensities } from '../propensity/given-model.js';
import type { PropensityOptions } from '../propensity/options.js';
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

/** The runner's propensity options from a config's `propensity` section (a `given` file read by the caller). */
function propensityOptions(config: EvalConfig, given: GivenPropensities | undefined): PropensityOptions | undefined {
  const section = config.propensity;
  if (section === undefined) return undefined;
  // Keys zod left undefined are dropped: the runner applies its own defaults.
  const p = Object.fromEntries(Object.entries(section).filter(([, v]) => v !== undefined)) as unknown as typeof section;
  if (p.model !== 'given') return p as PropensityOptions;
  if (given === undefined) throw new ConfigError('propensity.file: a given propensity model needs its file read and passed as `propensities`', 'propensity.file');
  const { file: _file, ...rest } = p;
  return { ...rest, propensities: given } as PropensityOptions;
}

/**
 * Turns a parsed config and its loaded data into the runner's options. A `files` split needs the
 * folds read from its files (`fixed`), and a `given` propensity model its file read
 * (`propensities`); the CLI does both (paths relative to the config file).
 *
 * @throws ConfigError (path `split` or `propensity.file`) when those are missing.
 */
export function evaluateOptionsFromConfig(config: EvalConfig, dataset: EvalDataset, fixed?: FixedSplit, propensities?: GivenPropensities): EvaluateOptions {
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
    fairnessMerchants: p.fairnessMerchants,
    ...(p.relevantTypes === undefined ? {} : { relevantTypes: p.relevantTypes }),
    ...(config.propensity === undefined ? {} : { propensity: propensityOptions(config, propensities)! }),
  };
}
