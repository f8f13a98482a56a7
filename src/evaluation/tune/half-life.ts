/**
 * The event half-life as a knob of the blend tuner (issue 11, item 4: the half-life defaults to a
 * value relative to the data's time span, or is tuned): each choice is a fixed number of days,
 * no decay, the data-relative `'auto'` (the median age of the training events), or a multiple of
 * it written `'auto*F'`.
 */
import { buildDataset } from '../../dataset/dataset.js';
import { createEventWeighting, type EventWeightingConfig } from '../../dataset/event-weighting.js';
import { ConfigError } from '../../errors.js';
import type { MarketplaceData } from '../../schema/marketplace-data.js';

/**
 * A half-life the tuner may try: days (> 0), `null` (no decay), `'auto'` (the median age of the
 * training events at the end of training), or `'auto*F'` (F times that, F > 0).
 */
export type HalfLifeOption = number | null | 'auto' | `auto*${number}`;

/**
 * Half-lives tried by default: the data-relative `auto`, half and twice it, and no decay. Each
 * choice needs its own fit, so the grid is short: halving and doubling span a factor of 4 in the
 * decay of the median event, finer steps are beyond what a validation split of a few hundred
 * users can tell apart, and no decay covers the long histories that any decay erases.
 */
export const DEFAULT_HALF_LIVES: readonly HalfLifeOption[] = ['auto', 'auto*0.5', 'auto*2', null];

const AUTO_TIMES = /^auto\*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/;

/** A half-life option resolved against the data: a factor of `auto`, or fixed days (null: no decay). */
type ParsedHalfLife = { readonly factor: number } | { readonly days: number | null };

/**
 * Parses a half-life option (see {@link HalfLifeOption}).
 * @throws ConfigError naming `path` for anything else.
 * @example parseHalfLife('auto*2', 'grids.halfLives.2') // { factor: 2 }
 */
export function parseHalfLife(option: unknown, path: string): ParsedHalfLife {
  if (option === null) return { days: null };
  if (option === 'auto') return { factor: 1 };
  if (typeof option === 'number' && option > 0 && option < Infinity) return { days: option };
  const m = typeof option === 'string' ? AUTO_TIMES.exec(option) : null;
  const factor = m === null ? Number.NaN : Number(m[1]);
  if (factor > 0 && factor < Infinity) return { factor };
  throw new ConfigError(`${path}: expected a half-life in days (> 0), null (no decay), "auto" or "auto*F" (F > 0), got ${JSON.stringify(option)}`, path);
}

/**
 * A label of a half-life option for reports.
 * @example halfLifeLabel('auto*0.5') // 'auto*0.5'
 * @example halfLifeLabel(30) // '30 days'
 */
export function halfLifeLabel(option: HalfLifeOption): string {
  if (option === null) return 'no decay';
  return typeof option === 'number' ? `${option} days` : option;
}

/** The `'auto'` half-life of `data`'s events, in days (null when they span no time). */
export function autoHalfLifeDays(data: MarketplaceData, weighting: EventWeightingConfig, now?: number): number | null {
  const auto = createEventWeighting({ typeWeights: weighting.typeWeights, halfLifeDays: 'auto' });
  const ds = buildDataset({ ...data, topics: [] }, { weighting: auto, unknownProducts: 'skip', ...(now === undefined ? {} : { now }) });
  const days = ds.weighting.config.halfLifeDays;
  return typeof days === 'number' ? days : null;
}

/**
 * The half-life an option stands for on data whose `'auto'` half-life is `autoDays`: days, or
 * null for no decay (`auto*F` of data that spans no time is no decay too).
 * @example resolveHalfLifeDays('auto*2', 10) // 20
 */
export function resolveHalfLifeDays(option: HalfLifeOption, autoDays: number | null): number | null {
  const parsed = parseHalfLife(option, 'halfLife');
  if ('days' in parsed) return parsed.days;
  return autoDays === null ? null : autoDays * parsed.factor;
}

/**
 * The value a tuned config's `weighting.halfLifeDays` gets for the chosen option: `'auto'`,
 * a number of days or null as chosen; `auto*F` as F times the `'auto'` half-life of the data the
 * config will be fitted on (`autoDays`), since the config format has no relative form.
 */
export function configHalfLife(option: HalfLifeOption, autoDays: () => number | null): number | null | 'auto' {
  if (option === 'auto' || option === null || typeof option === 'number') return option;
  return resolveHalfLifeDays(option, autoDays());
}
