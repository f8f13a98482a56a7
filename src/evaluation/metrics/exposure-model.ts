/**
 * Exposure models as the metrics take them: a function of the 1-based rank. One home for the
 * formulas: src/fairness/exposure-model.ts (the ledger and the reranker price ranks with it too).
 */
import { exposureAt, ExposureModelSchema, type ExposureModelInput } from '../../fairness/exposure-model.js';
import type { ExposureModel } from './types.js';
import { parseConfig } from '../../_internal/parse-config.js';

/**
 * The exposure function of an exposure model config (`{ kind: 'log' }`, `{ kind: 'geometric', gamma }`,
 * `{ kind: 'custom', weights }`).
 * @throws ConfigError for an invalid config.
 * @example exposureFunction({ kind: 'geometric', gamma: 0.5 })(3) // 0.25
 */
export function exposureFunction(input: ExposureModelInput): ExposureModel {
  const model = parseConfig('exposure model', ExposureModelSchema, input);
  return (rank) => exposureAt(model, rank);
}

/**
 * The default exposure model: `v(rank) = 1 / log2(rank + 1)` for 1-based ranks.
 * @example logExposure(1) // 1
 */
export const logExposure: ExposureModel = exposureFunction({ kind: 'log' });

/**
 * Geometric (RBP patience) exposure `v(rank) = gamma^(rank - 1)`, gamma in (0, 1].
 * @example geometricExposure(0.5)(3) // 0.25
 */
export function geometricExposure(gamma: number): ExposureModel {
  return exposureFunction({ kind: 'geometric', gamma });
}

/** Exposure from a caller's array: `weights[rank - 1]`, 0 beyond its end. */
export function arrayExposure(weights: readonly number[]): ExposureModel {
  return exposureFunction({ kind: 'custom', weights: [...weights] });
}
