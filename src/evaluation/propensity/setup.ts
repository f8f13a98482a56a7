import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import type { Event, Product } from '../../schema/entities.js';
import type { ItemKey } from '../metrics/types.js';
import type { JsonValue, PropensityInfo } from '../report/types.js';
import { summariseWeights } from './estimators.js';
import { fitGivenPropensity, type GivenPropensities } from './given-model.js';
import { fitImpressionsPropensity, type FittedPropensity } from './impressions-model.js';
import { PropensityConfigSchema, type PropensityOptions } from './options.js';
import { fitPopularityGamma, fitPopularityPropensity } from './popularity-model.js';
import type { CorrectedBase, Estimator, UserPropensity } from './types.js';
import { configIssue } from '../../_internal/parse-config.js';

/** What fitting a propensity model needs from the evaluation. */
export interface PropensityInputs {
  readonly train: readonly Event[];
  readonly test: readonly Event[];
  readonly products: readonly Product[];
  /** Each evaluated user's relevant items. */
  readonly relevant: ReadonlyMap<string, ReadonlySet<string>>;
  /** Distinct training users with a positive event per product. */
  readonly popularity: ReadonlyMap<ItemKey, number>;
  /** Run names, in order. */
  readonly models: readonly string[];
  /** The top-50 lists of a run for the evaluated users (the popularity model's gamma fit). */
  readonly lists: (model: string) => Iterable<readonly string[]>;
}

/** A fitted propensity model, ready for the corrected metrics. */
export interface PropensityFit {
  readonly users: ReadonlyMap<string, UserPropensity>;
  readonly meanWeight: number;
  readonly estimators: readonly Estimator[];
  /** Accuracy metrics to correct (undefined: those asked). */
  readonly bases: readonly CorrectedBase[] | undefined;
  readonly info: PropensityInfo;
}

const ApiSchema = z.discriminatedUnion('model', [
  PropensityConfigSchema.options[0],
  PropensityConfigSchema.options[1],
  PropensityConfigSchema.options[2].omit({ file: true }).extend({
    propensities: z.custom<GivenPropensities>((v) => v !== null && typeof v === 'object', { error: 'expected { items?: Map, pairs?: (user, product) => number }' }),
  }),
]);

function parseOptions(input: PropensityOptions): z.output<typeof ApiSchema> {
  const parsed = ApiSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = configIssue(parsed.error.issues[0]!, 'propensity');
  throw new ConfigError(`${issue.path}: ${issue.message}`, issue.path);
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/**
 * Internal: fits the configured propensity model on the training part (docs/design.md 6) and
 * summarises its weights: effective sample size, mean weight, clipped weights, and warnings when
 * the effective sample size is below `minEffectiveSampleSize` or a tenth of the held-out
 * interactions.
 *
 * @throws ConfigError naming the `propensity.*` option that is invalid or that the data cannot
 *   serve (e.g. the impressions model on data without impressions, `dr` without a reward model);
 *   DataError for invalid data (an impression without a position, a propensity outside (0, 1]).
 */
export function _fitPropensity(options: PropensityOptions, inputs: PropensityInputs): PropensityFit {
  const o = parseOptions(options);
  const estimators: readonly Estimator[] = o.estimators ?? (o.model === 'impressions' ? ['ips', 'snips', 'dr'] : ['ips', 'snips']);
  if (o.model !== 'impressions' && estimators.includes('dr')) {
    throw new ConfigError(`propensity.estimators: dr needs a reward model, which only the impressions model has (model is ${o.model})`, 'propensity.estimators');
  }
  const fitted = fitModel(o, inputs);
  const summary = summariseWeights(
    [...fitted.users.values()].map((u) => u.weights),
    o.clip,
  );
  const warnings: string[] = [];
  const ess = summary.effectiveSampleSize;
  if (ess < o.minEffectiveSampleSize || ess < 0.1 * summary.interactions) {
    warnings.push(
      `effective sample size ${ess.toFixed(1)} of ${summary.interactions} held-out interactions is small: corrected metrics rest on a few heavily weighted interactions`,
    );
  }
  return {
    users: fitted.users,
    meanWeight: summary.meanWeight,
    estimators,
    bases: o.metrics,
    info: {
      model: o.model,
      description: fitted.description,
      estimators: [...estimators],
      clip: o.clip,
      heldOutInteractions: summary.interactions,
      effectiveSampleSize: round(ess, 2),
      meanWeight: round(summary.meanWeight),
      maxWeight: round(summary.maxWeight),
      clipped: summary.clipped,
      details: fitted.details,
      warnings,
    },
  };
}

interface Described {
  readonly users: ReadonlyMap<string, UserPropensity>;
  readonly description: string;
  readonly details: { readonly [key: string]: JsonValue };
}

function toJson(info: object): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(info)) as { [key: string]: JsonValue };
}

function described<I extends object>(fitted: FittedPropensity<I>, description: string): Described {
  return { users: fitted.users, description, details: toJson(fitted.info) };
}

function fitModel(o: z.output<typeof ApiSchema>, inputs: PropensityInputs): Described {
  if (o.model === 'impressions') {
    const fitted = fitImpressionsPropensity(inputs.train, inputs.test, inputs.products, inputs.relevant, {
      examination: o.examination,
      randomisedSurface: o.randomisedSurface,
      showProbability: o.showProbability,
      clip: o.clip,
      catalogueSize: inputs.products.length,
    });
    const i = fitted.info;
    const exam = i.examination.map((t) => t.toFixed(2)).join(', ');
    const how = i.examinationMethod === 'em' ? 'regression EM' : i.examinationMethod === 'randomised' ? 'result randomisation' : 'given';
    const shown =
      i.showProbability === 'history'
        ? 'show probability from training show rates'
        : `show probability as logged (${i.randomisedShare > 0 ? `${(100 * i.randomisedShare).toFixed(1)}% of held-out impressions randomised` : 'no randomisation'})`;
    return described(
      { ...fitted, info: { ...i, examination: i.examination.map((t) => round(t)) } },
      `impressions: position-based click model by ${how} on ${i.trainingImpressions} training impressions (examination ${exam} at positions 1-${i.examination.length}); ${shown}; reward model for the direct method`,
    );
  }
  if (o.model === 'popularity') {
    const from = o.gamma !== undefined ? 'given' : (o.gammaFrom ?? inputs.models[0]);
    if (from !== 'given' && (from === undefined || !inputs.models.includes(from))) {
      throw new ConfigError(`propensity.gammaFrom: no run named ${JSON.stringify(from)}; runs are ${inputs.models.map((m) => JSON.stringify(m)).join(', ')}`, 'propensity.gammaFrom');
    }
    const gamma = o.gamma ?? fitPopularityGamma(inputs.lists(from), inputs.popularity);
    const fitted = fitPopularityPropensity(inputs.popularity, inputs.relevant, gamma, from, o.clip);
    return described(
      { ...fitted, info: { ...fitted.info, gamma: round(gamma) } },
      `popularity (Yang et al. 2018): p(i) proportional to n(i)^((gamma + 1) / 2), gamma ${gamma.toFixed(3)} ${from === 'given' ? 'given' : `fitted on the top-50 lists of "${from}"`}; n(i) = distinct training users of item i`,
    );
  }
  const fitted = fitGivenPropensity(o.propensities, inputs.relevant, o.clip);
  const i = fitted.info;
  return described(fitted, `given: ${i.items > 0 ? `${i.items} per-product propensities` : ''}${i.items > 0 && i.pairs ? ' and ' : ''}${i.pairs ? 'per-pair propensities' : ''} from ${i.source}`);
}
