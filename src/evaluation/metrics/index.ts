export * from './types.js';
export { precision } from './precision.js';
export { recall } from './recall.js';
export { ndcg, idealDcg } from './ndcg.js';
export { averagePrecision, type ApDenominator } from './average-precision.js';
export { reciprocalRank } from './reciprocal-rank.js';
export { hitRate } from './hit-rate.js';
export { gini } from './gini.js';
export { normalisedEntropy } from './entropy.js';
export { logExposure, geometricExposure, arrayExposure, exposureFunction } from './exposure-model.js';
export { createItemCoverageAccumulator, createMerchantCoverageAccumulator } from './coverage.js';
export { merchantCoverage } from './_context.js';
export { createNoveltyAccumulator } from './novelty.js';
export { createIldAccumulator, cosine } from './diversity.js';
export { createApltAccumulator, longTailMask } from './long-tail.js';
export {
  createExposureFairnessAccumulator,
  type ExposureFairness,
  type ExposureFairnessAccumulator,
  type TierShares,
} from './exposure-fairness.js';
export { createSmallNdcgAccumulator } from './small-ndcg.js';
export { createMetric, parseMetric, metricLabel, higherIsBetter, metricGoal, METRIC_NAMES } from './registry.js';
