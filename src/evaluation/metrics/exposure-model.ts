import { ConfigError } from '../../errors.js';
import type { ExposureModel } from './types.js';

/**
 * The default exposure model (DESIGN.md 5.1): `v(rank) = 1 / log2(rank + 1)` for 1-based ranks.
 * @example logExposure(1) // 1
 */
export const logExposure: ExposureModel = (rank) => 1 / Math.log2(rank + 1);

/**
 * Geometric (RBP patience) exposure `v(rank) = gamma^(rank - 1)`, gamma in (0, 1].
 * @example geometricExposure(0.5)(3) // 0.25
 */
export function geometricExposure(gamma: number): ExposureModel {
  if (!(gamma > 0 && gamma <= 1)) throw new ConfigError(`geometric exposure gamma must be in (0, 1], got ${gamma}`, 'gamma');
  return (rank) => gamma ** (rank - 1);
}

/** Exposure from a caller's array: `weights[rank - 1]`, 0 beyond its end. */
export function arrayExposure(weights: readonly number[]): ExposureModel {
  return (rank) => weights[rank - 1] ?? 0;
}
