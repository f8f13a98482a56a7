/**
 * The grids of the blend tuner (the values each knob may take) and the search coordinates they
 * make on a set of captured requests.
 */
import { NORMALISATIONS, TIE_RULES, usesTieRule, type Normalisation, type TieRule } from '../../engine/normalise.js';
import { ConfigError } from '../../errors.js';
import type { Coordinate } from './ascent.js';
import { DEFAULT_HALF_LIVES, parseHalfLife, type HalfLifeOption } from './half-life.js';
import type { BlendSetting, Reblender } from './reblend.js';

/** The values each knob of the tuner may take; an empty grid leaves that knob as configured. */
export interface TuneGrids {
  /** Blend weight of each tuned signal (relative: the blend does not change when every weight is scaled alike). */
  readonly weights?: readonly number[];
  /** `blend.prior.weight`. */
  readonly priorWeights?: readonly number[];
  /** `boost.weight` (blend units). */
  readonly boostWeights?: readonly number[];
  /** `blend.ties` (the percentile and log-rank normalisations only). */
  readonly ties?: readonly TieRule[];
  /** `normalisation`: how each signal's scores are put on one scale. */
  readonly normalisations?: readonly Normalisation[];
  /** `weighting.halfLifeDays`; each one is a fit of the signals. */
  readonly halfLives?: readonly HalfLifeOption[];
}

/**
 * The default grids: weights from 0 (signal off) to 4 in roughly doubling steps (ratios up to 40
 * between two signals), prior strengths 0 to 4 around the default 2, boost weights 0 to 3
 * around the default 1.5, both tie rules, the percentile and log-rank curves, min-max and z-scores
 * (rank-based blends lose how far apart scores are, which decides on some data), and
 * {@link DEFAULT_HALF_LIVES}.
 */
export const DEFAULT_GRIDS: Required<TuneGrids> = {
  weights: [0, 0.1, 0.25, 0.5, 1, 2, 4],
  priorWeights: [0, 0.25, 0.5, 1, 2, 4],
  boostWeights: [0, 0.5, 1, 1.5, 3],
  ties: TIE_RULES,
  normalisations: ['percentile-log', 'percentile', 'log-rank', 'min-max', 'z-score'],
  halfLives: DEFAULT_HALF_LIVES,
};

/** Grids checked and filled with defaults; the half-lives start with the config's own. */
export interface ResolvedGrids {
  readonly weights: readonly number[];
  readonly priorWeights: readonly number[];
  readonly boostWeights: readonly number[];
  readonly ties: readonly TieRule[];
  readonly normalisations: readonly Normalisation[];
  readonly halfLives: readonly HalfLifeOption[];
}

function numbers(values: readonly number[], key: string, max: number): readonly number[] {
  values.forEach((v, i) => {
    if (!(typeof v === 'number' && v >= 0 && v <= max)) {
      throw new ConfigError(`grids.${key}.${i}: expected a number in [0, ${max}], got ${JSON.stringify(v)}`, `grids.${key}.${i}`);
    }
  });
  return values;
}

/**
 * Checks `grids` and fills in the defaults; the half-life grid gets the config's own value
 * (`start`) first.
 * @throws ConfigError naming `grids.<knob>.<i>` for a value the config could not hold.
 */
export function resolveGrids(grids: TuneGrids = {}, start: number | null | 'auto'): ResolvedGrids {
  const ties = grids.ties ?? DEFAULT_GRIDS.ties;
  ties.forEach((t, i) => {
    if (!TIE_RULES.includes(t)) throw new ConfigError(`grids.ties.${i}: expected one of ${TIE_RULES.join(', ')}, got ${JSON.stringify(t)}`, `grids.ties.${i}`);
  });
  const normalisations = grids.normalisations ?? DEFAULT_GRIDS.normalisations;
  normalisations.forEach((n, i) => {
    if (!NORMALISATIONS.includes(n)) {
      throw new ConfigError(`grids.normalisations.${i}: expected one of ${NORMALISATIONS.join(', ')}, got ${JSON.stringify(n)}`, `grids.normalisations.${i}`);
    }
  });
  const halfLives = grids.halfLives ?? DEFAULT_GRIDS.halfLives;
  halfLives.forEach((h, i) => parseHalfLife(h, `grids.halfLives.${i}`));
  return {
    weights: numbers(grids.weights ?? DEFAULT_GRIDS.weights, 'weights', Number.MAX_VALUE),
    priorWeights: numbers(grids.priorWeights ?? DEFAULT_GRIDS.priorWeights, 'priorWeights', 100),
    boostWeights: numbers(grids.boostWeights ?? DEFAULT_GRIDS.boostWeights, 'boostWeights', 100),
    ties,
    normalisations,
    halfLives: [start, ...halfLives.filter((h) => h !== start)],
  };
}

/**
 * The coordinates of the search on `rb`'s requests: the weight of each tuned signal with an
 * opinion on some candidate, the normalisation, the tie rule (when a rank curve that uses it is
 * the config's or in the grid), the prior weight and, when some candidate is boosted, the boost
 * weight. What cannot matter is left out, with a note.
 */
export function searchCoordinates(
  rb: Reblender,
  names: readonly string[],
  tuned: readonly string[],
  grids: ResolvedGrids,
  normalisation: Normalisation,
  notes: string[],
): Coordinate<BlendSetting>[] {
  const out: Coordinate<BlendSetting>[] = [];
  const opinions = rb.opinions();
  names.forEach((name, i) => {
    if (!tuned.includes(name) || grids.weights.length === 0) return;
    if (opinions[i] === 0) {
      notes.push(`weight of ${name} not tuned: it has no opinion on any validation candidate`);
      return;
    }
    out.push({
      name: `weight of ${name}`,
      values: grids.weights,
      get: (s) => s.weights[i]!,
      set: (s, v) => ({ ...s, weights: s.weights.map((w, j) => (j === i ? (v as number) : w)) }),
    });
  });
  const others = grids.normalisations.filter((n) => n !== normalisation);
  if (others.length > 0) {
    out.push({ name: 'normalisation', values: [normalisation, ...others], get: (s) => s.normalisation, set: (s, v) => ({ ...s, normalisation: v as Normalisation }) });
  }
  if (grids.ties.length > 0 && (usesTieRule(normalisation) || grids.normalisations.some(usesTieRule))) {
    out.push({ name: 'blend.ties', values: grids.ties, get: (s) => s.ties, set: (s, v) => ({ ...s, ties: v as TieRule }) });
  }
  if (grids.priorWeights.length > 0) {
    out.push({ name: 'blend.prior.weight', values: grids.priorWeights, get: (s) => s.priorWeight, set: (s, v) => ({ ...s, priorWeight: v as number }) });
  }
  if (grids.boostWeights.length > 0 && !rb.boosts()) notes.push('boost.weight not tuned: no topic boosts a candidate of a validation user');
  else if (grids.boostWeights.length > 0) {
    out.push({ name: 'boost.weight', values: grids.boostWeights, get: (s) => s.boostWeight, set: (s, v) => ({ ...s, boostWeight: v as number }) });
  }
  return out;
}
