export { ESTIMATORS, CORRECTED_BASES, type Estimator, type CorrectedBase, type UserPropensity } from './types.js';
export {
  PropensityConfigSchema,
  DEFAULT_CLIP,
  DEFAULT_MIN_ESS,
  type PropensityConfigInput,
  type PropensityOptions,
  type PropensityCommonOptions,
} from './options.js';
export { correctedEstimate, summariseWeights, type WeightSummary } from './estimators.js';
export { fitPositionBasedModel, type PositionBasedModel, type PositionBasedModelOptions } from './click-model-em.js';
export {
  fitImpressionsPropensity,
  type FittedPropensity,
  type ImpressionsPropensityInfo,
  type ImpressionsPropensityOptions,
  type ExaminationMethod,
  type ShowProbabilityMethod,
} from './impressions-model.js';
export { estimateShowRates, type ShowRates } from './show-probability.js';
export type { ImpressionLog } from './impression-log.js';
export { fitPopularityPropensity, fitPopularityGamma, type PopularityPropensityInfo } from './popularity-model.js';
export { fitGivenPropensity, type GivenPropensities, type GivenPropensityInfo } from './given-model.js';
export { parseGivenPropensities } from './given-file.js';
export { unsupportedExposure } from './unsupported.js';
