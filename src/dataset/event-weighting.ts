import * as z from 'zod/mini';
import { DataError } from '../errors.js';
import { parseConfig } from '../_internal/parse-config.js';

/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000;

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/** Default weight per event type (docs/design.md 3): impressions carry no interest by default. */
export const DEFAULT_TYPE_WEIGHTS: ReadonlyMap<string, number> = new Map([
  ['impression', 0],
  ['view', 1],
  ['click', 2],
  ['like', 3],
  ['share', 3],
  ['cart', 4],
  ['purchase', 6],
]);

/** Config of event weighting: type weights, the decay half-life in days, and what becomes of outlier users. */
export const EventWeightingSchema = z.strictObject({
  /** Weight per event type; merged over the defaults. Custom types need an entry here or a per-event weight. */
  typeWeights: z._default(z.record(z.string(), z.number().check(z.nonnegative())), {}),
  /**
   * Half-life of an event's weight, in days; `null` means no decay; `'auto'` takes the median
   * age of the training events at the reference time (the median event keeps half its weight,
   * one four times as old a sixteenth), so the decay follows the data's own time span.
   * @default 'auto'
   */
  halfLifeDays: z._default(z.union([z.number().check(z.positive(), z.maximum(1_000_000)), z.null(), z.literal('auto')]), 'auto'),
  /**
   * Users who touched far more distinct products than the rest (`outlierUsers`: crawlers, test
   * accounts, bulk imports): `'keep'` their events (a warning names them), or `'exclude'` them from
   * the training events. @default 'keep'
   */
  outlierUsers: z._default(z.enum(['keep', 'exclude']), 'keep'),
});

/** Event weighting config as written by a caller. */
export type EventWeightingInput = z.input<typeof EventWeightingSchema>;
/** Event weighting config with defaults applied. */
export type EventWeightingConfig = z.output<typeof EventWeightingSchema>;

/** Resolved weighting: a Map of type weights (never a plain-object lookup) and the half-life in ms. */
export interface EventWeighting {
  readonly config: EventWeightingConfig;
  readonly typeWeights: ReadonlyMap<string, number>;
  /** Half-life in milliseconds; Infinity for no decay; NaN while `'auto'` waits for the data (resolved at fit). */
  readonly halfLifeMs: number;
}

/** Resolves a weighting config (throws ConfigError naming the key when invalid). */
export function createEventWeighting(input: EventWeightingInput = {}): EventWeighting {
  const config = parseConfig('event weighting', EventWeightingSchema, input);
  const typeWeights = new Map(DEFAULT_TYPE_WEIGHTS);
  for (const [k, v] of Object.entries(config.typeWeights)) typeWeights.set(k, v);
  const days = config.halfLifeDays;
  return { config, typeWeights, halfLifeMs: days === null ? Infinity : days === 'auto' ? Number.NaN : days * DAY_MS };
}

/**
 * Resolves `halfLifeDays: 'auto'` on the training events: the median age at `now` of the events
 * with a positive base weight (`ages`, ms, of events before `now`), so the half-life follows the
 * data's time span; no decay when there is no age to speak of (every event at `now`, or none).
 * Other weightings are returned as they are. The resolved config holds the number of days, so a
 * model file reproduces the weights exactly.
 */
export function resolveHalfLife(w: EventWeighting, ages: Float64Array): EventWeighting {
  if (!Number.isNaN(w.halfLifeMs)) return w;
  const median = ageQuantile(ages, 0.5);
  const halfLifeDays = median > 0 ? median / DAY_MS : null;
  return { config: { ...w.config, halfLifeDays }, typeWeights: w.typeWeights, halfLifeMs: halfLifeDays === null ? Infinity : median };
}

/**
 * The age (ms) below which a share `q` (0..1) of `ages` lies: the lower quantile, 0 for no ages.
 * `ageQuantile(ages, 0.5)` is the median age the `'auto'` half-life takes.
 *
 * @example ageQuantile(Float64Array.of(4, 1, 3, 2), 0.5) // 2
 */
export function ageQuantile(ages: Float64Array, q: number): number {
  if (ages.length === 0) return 0;
  const sorted = ages.slice().sort();
  return sorted[Math.floor((sorted.length - 1) * q)]!;
}

/**
 * Decay factor `2^(-(now - t) / halfLife)` for an event at `t` seen at `now` (both epoch ms).
 * Events after `now` are not amplified: their factor is 1.
 *
 * @example decayFactor(0, 14 * DAY_MS, 14 * DAY_MS) // 0.5
 */
export function decayFactor(t: number, now: number, halfLifeMs: number): number {
  if (!(halfLifeMs < Infinity) || t >= now) return 1;
  return Math.pow(2, -(now - t) / halfLifeMs);
}

/**
 * Base weight of an event before decay: its own `weight` when given, else its type's weight.
 * Returns `undefined` for a custom type with no weight anywhere.
 */
export function baseWeight(w: EventWeighting, type: string, weight: number | undefined): number | undefined {
  return weight ?? w.typeWeights.get(type);
}

/**
 * {@link baseWeight}, or a DataError naming the event (`where`, e.g. `events[3]`) when its custom
 * type has no weight anywhere.
 */
export function requireBaseWeight(w: EventWeighting, type: string, weight: number | undefined, where: string): number {
  const base = baseWeight(w, type, weight);
  if (base === undefined) {
    throw new DataError(`${where}: event type ${JSON.stringify(type)} has no weight: set weighting.typeWeights.${type} or the event's weight`);
  }
  return base;
}
