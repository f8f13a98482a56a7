/**
 * Position exposure models (docs/design.md 5.1): how much attention the item at a 1-based rank gets.
 * Exposure is unitless (rank 1 of the default model gets 1).
 */
import * as z from 'zod/mini';
import { parseConfig } from '../_internal/parse-config.js';

/**
 * Exposure model config.
 * - `log` (default): `v(i) = 1 / log2(i + 1)`, the DCG discount.
 * - `geometric`: `v(i) = gamma^(i - 1)`, the RBP patience model.
 * - `custom`: `v(i) = weights[i - 1]`, and 0 past the end of the array.
 *
 * @example ExposureModelSchema.parse({ kind: 'geometric', gamma: 0.8 }) // { kind: 'geometric', gamma: 0.8 }
 */
export const ExposureModelSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('log') }),
  z.strictObject({
    kind: z.literal('geometric'),
    /** Patience: probability of looking one rank further, in (0, 1]. @default 0.8 */
    gamma: z._default(z.number().check(z.gt(0), z.maximum(1)), 0.8),
  }),
  z.strictObject({
    kind: z.literal('custom'),
    /** Exposure of ranks 1..weights.length; finite and non-negative. */
    weights: z.array(z.number().check(z.minimum(0))).check(z.minLength(1)),
  }),
]);

/** A parsed exposure model. */
export type ExposureModel = z.output<typeof ExposureModelSchema>;
/** An exposure model as a caller may write it. */
export type ExposureModelInput = z.input<typeof ExposureModelSchema>;

/** The default model, `v(i) = 1 / log2(i + 1)`. */
export const DEFAULT_EXPOSURE_MODEL: ExposureModel = Object.freeze({ kind: 'log' });

/**
 * Parses an exposure model config (default `{ kind: 'log' }`).
 *
 * @throws ConfigError on an invalid config (`exposure model config: gamma: Too small: ...`).
 * @example createExposureModel({ kind: 'geometric' }) // { kind: 'geometric', gamma: 0.8 }
 */
export function createExposureModel(input: ExposureModelInput = { kind: 'log' }): ExposureModel {
  return parseConfig('exposure model', ExposureModelSchema, input);
}

/**
 * Exposure of the item at 1-based `rank` under `model` (unitless, rank 1 of `log` = 1).
 *
 * @throws RangeError when `rank` is not an integer >= 1.
 * @example exposureAt({ kind: 'log' }, 3) // 0.5
 */
export function exposureAt(model: ExposureModel, rank: number): number {
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`rank must be an integer >= 1, got ${rank}`);
  switch (model.kind) {
    case 'log':
      return 1 / Math.log2(rank + 1);
    case 'geometric':
      return model.gamma ** (rank - 1);
    case 'custom':
      return model.weights[rank - 1] ?? 0;
  }
}

/**
 * Exposure of ranks 1..n: `table[i - 1] = v(i)`.
 *
 * @example exposureTable({ kind: 'log' }, 3) // Float64Array [1, 0.6309..., 0.5]
 */
export function exposureTable(model: ExposureModel, n: number): Float64Array {
  const size = Math.max(0, Math.floor(n));
  const table = new Float64Array(size);
  for (let i = 0; i < size; i++) table[i] = exposureAt(model, i + 1);
  return table;
}
