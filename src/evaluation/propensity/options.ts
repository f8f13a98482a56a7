import { z } from 'zod';
import { CORRECTED_BASES, ESTIMATORS, type CorrectedBase, type Estimator } from './types.js';
import type { GivenPropensities } from './given-model.js';

/** The default weight cap: no held-out interaction counts for more than 100. */
export const DEFAULT_CLIP = 100;

/** The default effective sample size below which a report warns. */
export const DEFAULT_MIN_ESS = 30;

const common = {
  estimators: z
    .array(z.enum(ESTIMATORS))
    .min(1)
    .optional()
    .describe('Estimators reported next to each logged accuracy metric: ips, snips, dr. @default ips, snips and (impressions model) dr'),
  clip: z.number().gt(1).finite().default(DEFAULT_CLIP).describe('Weight cap: inverse propensities above it are clipped; with a reward model, items shown with probability below 1 / clip are valued by the model. @default 100'),
  metrics: z
    .array(z.enum(CORRECTED_BASES))
    .min(1)
    .optional()
    .describe('Accuracy metrics to correct (ndcg, recall, precision, hit-rate). @default those of `metrics` among them'),
  minEffectiveSampleSize: z.number().min(0).default(DEFAULT_MIN_ESS).describe('Reports warn when the effective sample size of the weights is below this (or below a tenth of the held-out interactions). @default 30'),
};

/** Settings of the impressions propensity model (see `fitImpressionsPropensity`). */
const impressions = {
  examination: z
    .union([z.enum(['em', 'randomised']), z.array(z.number().gt(0).max(1)).min(1)])
    .default('em')
    .describe('Examination by position: `em` (regression EM on the training impressions), `randomised` (click-through on randomised impressions) or a list per position. @default \'em\''),
  randomisedSurface: z.string().min(1).default('explore').describe('Surface of randomised impressions (epsilon exploration). @default \'explore\''),
  showProbability: z
    .enum(['logged', 'history'])
    .default('logged')
    .describe('`logged`: the held-out log read as a deterministic policy plus declared randomisation; `history`: training show rates (a stationary random policy). @default \'logged\''),
};

/** Settings of the popularity propensity model (Yang et al. 2018). */
const popularity = {
  gamma: z.number().min(-1).optional().describe('Power-law exponent of presentation bias. @default fitted on the top-50 lists of `gammaFrom`'),
  gammaFrom: z.string().min(1).optional().describe('Run whose lists gamma is fitted on (it stands in for the logging system). @default the first model'),
};

/** The `propensity` section of an evaluation config: which propensity model and estimators. */
export const PropensityConfigSchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('impressions'), ...impressions, ...common }).strict(),
  z.object({ model: z.literal('popularity'), ...popularity, ...common }).strict(),
  z
    .object({
      model: z.literal('given'),
      file: z.string().min(1).describe('CSV with a header: `productId,propensity` or `userId,productId,propensity`; path relative to the config file.'),
      ...common,
    })
    .strict(),
]);

/** The `propensity` section as written in a config file. */
export type PropensityConfigInput = z.input<typeof PropensityConfigSchema>;

/** Settings every propensity model takes. */
export interface PropensityCommonOptions {
  /** @default ips, snips, and dr for the impressions model */
  readonly estimators?: readonly Estimator[];
  /** Weight cap. @default 100 */
  readonly clip?: number;
  /** Accuracy metrics to correct. @default those asked among ndcg, recall, precision, hit-rate */
  readonly metrics?: readonly CorrectedBase[];
  /** @default 30 */
  readonly minEffectiveSampleSize?: number;
}

/**
 * How `evaluate` computes propensity-corrected metrics (docs/design.md 6): the `impressions` model (logged
 * impressions with positions), the `popularity` model (Yang et al. 2018, for logs without
 * impressions) or `given` propensities. Fitted on the training part only.
 */
export type PropensityOptions =
  | ({
      readonly model: 'impressions';
      /** @default 'em' */
      readonly examination?: 'em' | 'randomised' | readonly number[];
      /** @default 'explore' */
      readonly randomisedSurface?: string;
      /** @default 'logged' */
      readonly showProbability?: 'logged' | 'history';
    } & PropensityCommonOptions)
  | ({
      readonly model: 'popularity';
      /** @default fitted */
      readonly gamma?: number;
      /** @default the first model */
      readonly gammaFrom?: string;
    } & PropensityCommonOptions)
  | ({ readonly model: 'given'; readonly propensities: GivenPropensities } & PropensityCommonOptions);
