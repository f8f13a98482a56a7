/**
 * Coordinate ascent with a noise guard, the search of the blend tuner: each knob in turn takes
 * the grid value with the best mean per-user score, but only when its gain over the current value
 * is larger than `minGainStandardErrors` standard errors of the paired per-user gains (the
 * tuner's default is 2), so a change that only one user's luck supports is never kept.
 */

/** A value a knob can take. */
export type TuneValue = number | string | null;

/** One knob of the search: its name, the values it may take, and how it reads and writes a setting. */
export interface Coordinate<S> {
  readonly name: string;
  readonly values: readonly TuneValue[];
  get(setting: S): TuneValue;
  set(setting: S, value: TuneValue): S;
}

/** One accepted change of the search. */
export interface TuneStep {
  /** 1-based round. */
  readonly round: number;
  readonly parameter: string;
  readonly from: TuneValue;
  readonly to: TuneValue;
  /** Mean score after the change. */
  readonly score: number;
  /** Mean per-user gain of the change and its standard error. */
  readonly gain: number;
  readonly standardError: number;
}

/** Options of {@link coordinateAscent}. */
export interface AscentOptions<S> {
  /** Rounds at most; a round tries every coordinate once, and the search stops after a round without change. */
  readonly maxRounds: number;
  /** A change is kept only when its mean gain exceeds this many standard errors of the per-user gains. */
  readonly minGainStandardErrors: number;
  /** Settings the search may not visit (e.g. every weight 0). @default all allowed */
  readonly allowed?: (setting: S) => boolean;
  /** Called before each round (1-based). */
  readonly onRound?: (round: number) => void;
  /**
   * Other starting points (e.g. each signal alone), tried before round 1 as round 0: the search
   * starts from the best of them when {@link keepsGain} accepts it over `start`. Coordinate ascent
   * finds a local optimum; a blend of equals can be one that a single strong signal beats.
   */
  readonly starts?: ReadonlyArray<{ readonly name: string; readonly setting: S }>;
}

/** What {@link coordinateAscent} found. */
export interface AscentResult<S> {
  readonly setting: S;
  /** Per-user scores of `setting`. */
  readonly scores: Float64Array;
  readonly steps: readonly TuneStep[];
  /** Rounds run and settings scored. */
  readonly rounds: number;
  readonly evaluations: number;
}

/** Smallest mean gain a change must bring, whatever its standard error (scores are NDCG in [0, 1]). */
export const MIN_GAIN = 1e-4;

/** Mean and standard error of the paired per-user gains `candidate - current`. */
export function pairedGain(candidate: ArrayLike<number>, current: ArrayLike<number>): { gain: number; standardError: number } {
  const n = candidate.length;
  if (n !== current.length) throw new RangeError(`pairedGain: ${n} scores against ${current.length}`);
  if (n === 0) return { gain: 0, standardError: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += candidate[i]! - current[i]!;
  const gain = sum / n;
  if (n < 2) return { gain, standardError: Infinity };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (candidate[i]! - current[i]! - gain) ** 2;
  return { gain, standardError: Math.sqrt(ss / (n - 1) / n) };
}

/**
 * Whether `candidate` beats `current` by enough to be kept: mean paired gain above
 * 1e-4 (`MIN_GAIN`) and above `standardErrors` standard errors (a gain of one user alone is
 * exactly one standard error, so from 1 up it is never enough).
 * @example keepsGain([1, 0, 0, 0], [0, 0, 0, 0], 1) // false: one user's gain
 * @example keepsGain([1, 1, 0, 0], [0, 0, 0, 0], 1) // true: t = 1.73
 */
export function keepsGain(candidate: ArrayLike<number>, current: ArrayLike<number>, standardErrors: number): boolean {
  const { gain, standardError } = pairedGain(candidate, current);
  // The margin absorbs rounding where the gain equals its standard error exactly (one user's gain).
  return gain > MIN_GAIN && gain - standardErrors * standardError > 1e-12;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length === 0 ? 0 : s / a.length;
}

/**
 * Coordinate ascent on the mean of `score`'s per-user values, from `start` or from the best of
 * `options.starts` that beats it (round 0): round after round, each coordinate
 * tries every grid value other than its current one (the others held fixed) and moves to the one
 * with the largest mean gain among those {@link keepsGain} accepts (the first in grid order on a
 * tie); the search stops after a round without a change or after `maxRounds`. Deterministic:
 * the same inputs visit the same settings in the same order.
 */
export function coordinateAscent<S>(start: S, coordinates: readonly Coordinate<S>[], score: (setting: S) => Float64Array, options: AscentOptions<S>): AscentResult<S> {
  let setting = start;
  let current = score(start);
  let evaluations = 1;
  const steps: TuneStep[] = [];
  let first: { name: string; setting: S; scores: Float64Array; gain: number; standardError: number } | undefined;
  for (const alt of options.starts ?? []) {
    if (options.allowed !== undefined && !options.allowed(alt.setting)) continue;
    const scores = score(alt.setting);
    evaluations++;
    if (!keepsGain(scores, current, options.minGainStandardErrors)) continue;
    const { gain, standardError } = pairedGain(scores, current);
    if (first === undefined || gain > first.gain) first = { ...alt, scores, gain, standardError };
  }
  if (first !== undefined) {
    setting = first.setting;
    current = first.scores;
    steps.push({ round: 0, parameter: 'start', from: 'as configured', to: first.name, score: mean(current), gain: first.gain, standardError: first.standardError });
  }
  let rounds = 0;
  for (let round = 1; round <= options.maxRounds; round++) {
    rounds = round;
    options.onRound?.(round);
    let changed = false;
    for (const c of coordinates) {
      const from = c.get(setting);
      let best: { value: TuneValue; scores: Float64Array; gain: number; standardError: number } | undefined;
      for (const value of c.values) {
        if (value === from) continue;
        const candidate = c.set(setting, value);
        if (options.allowed !== undefined && !options.allowed(candidate)) continue;
        const scores = score(candidate);
        evaluations++;
        if (!keepsGain(scores, current, options.minGainStandardErrors)) continue;
        const { gain, standardError } = pairedGain(scores, current);
        if (best === undefined || gain > best.gain) best = { value, scores, gain, standardError };
      }
      if (best === undefined) continue;
      setting = c.set(setting, best.value);
      current = best.scores;
      changed = true;
      steps.push({ round, parameter: c.name, from, to: best.value, score: mean(current), gain: best.gain, standardError: best.standardError });
    }
    if (!changed) break;
  }
  return { setting, scores: current, steps, rounds, evaluations };
}
