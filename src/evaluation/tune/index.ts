export { DEFAULT_MIN_GAIN_STANDARD_ERRORS, tuneBlend, type TuneBlendOptions, type TuneBlendResult, type TuneProgress, type HalfLifeTrial } from './tune-blend.js';
export { tuneAndEvaluate, defaultValidation, tunedRunName, type TuneEvaluateOptions, type TuneEvaluation, type TuneSettings, type TunedComparison } from './tune-evaluate.js';
export { DEFAULT_GRIDS, type TuneGrids } from './grids.js';
export { DEFAULT_HALF_LIVES, type HalfLifeOption } from './half-life.js';
export { DEFAULT_VALIDATION, TuneSplitTooSmallError } from './validation.js';
export { keepsGain, type TuneStep, type TuneValue } from './ascent.js';
export { renderTuneSummary, renderTunedComparisons, tuneReportJson, describeTunedConfig } from './render.js';
