/**
 * Learned blend weights (docs/tuning.md): `tuneBlend` fits the blend's signal weights, its tie
 * rule, its evidence prior, the trend boost's weight and the event half-life on a validation
 * split cut from the caller's own training data, by coordinate ascent on NDCG@k with a noise
 * guard, and returns a config that `createRecommender` loads.
 */
import { buildDataset } from '../../dataset/dataset.js';
import { createEventWeighting } from '../../dataset/event-weighting.js';
import { parseRecommenderConfig, type RecommenderConfig, type RecommenderConfigInput } from '../../engine/config.js';
import type { TieRule } from '../../engine/normalise.js';
import { signalNames } from '../../engine/signal-slots.js';
import { ConfigError, DataError } from '../../errors.js';
import type { MarketplaceData } from '../../schema/marketplace-data.js';
import { pairedTTest } from '../stats/paired-tests.js';
import { meanCi, type MeanCi } from '../stats/summary.js';
import type { SplitSpec } from '../runner/types.js';
import { coordinateAscent, keepsGain, type TuneStep } from './ascent.js';
import { captureRequests } from './capture.js';
import { resolveGrids, searchCoordinates, type TuneGrids } from './grids.js';
import { autoHalfLifeDays, configHalfLife, halfLifeLabel, resolveHalfLifeDays, type HalfLifeOption } from './half-life.js';
import { recentPopularities } from './recent-popularity.js';
import { Reblender, type BlendSetting } from './reblend.js';
import { DEFAULT_VALIDATION, describeSplit, tooSmall, validationFolds } from './validation.js';

/** Progress of {@link tuneBlend}: which half-life (1-based `index` of `of`) and which phase. */
export interface TuneProgress {
  readonly halfLife: string;
  readonly index: number;
  readonly of: number;
  /** `fit`: fitting the signals; `capture`: scoring the validation users (`done` of `total`); `search`: round `done` of at most `total`. */
  readonly phase: 'fit' | 'capture' | 'search';
  readonly done: number;
  readonly total: number;
}

/** Options of {@link tuneBlend}. */
export interface TuneBlendOptions {
  /** The caller's training data (products, merchants, events, topics); the validation split is cut from it. */
  readonly data: MarketplaceData;
  /** The config to start from (its signals are the ones weighed). @default the default recommender */
  readonly config?: RecommenderConfigInput;
  /** How to cut the validation split from `data`. @default temporal, the last 20% of the events' time (quantile 0.8) */
  readonly validation?: SplitSpec;
  /** NDCG cut-off. @default 10 */
  readonly k?: number;
  /** Event types whose validation events make an item relevant. @default every positive event */
  readonly relevantTypes?: readonly string[];
  /** Signal instance names whose weights are tuned. @default every signal of the config */
  readonly signals?: readonly string[];
  /** The values each knob may take (an empty grid leaves that knob as configured). @default see {@link DEFAULT_GRIDS} */
  readonly grids?: TuneGrids;
  /** Coordinate-ascent rounds at most (a round tries every knob once). @default 4 */
  readonly maxRounds?: number;
  /** Fewer validation users than this is refused as too small to tune on. @default 20 */
  readonly minUsers?: number;
  /**
   * A change is kept only when its mean NDCG gain exceeds this many standard errors of the
   * per-user gains. 2, not 1: the search tries dozens of changes, and under the one-standard-error
   * rule a 51-user validation split of the fixtures kept changes that lost on the test split. @default 2
   */
  readonly minGainStandardErrors?: number;
  /** Which products each validation request ranks: the served candidates or the whole catalogue (as `evaluate`'s protocol). @default 'engine' */
  readonly candidates?: 'engine' | 'full';
  /**
   * Also weigh a recent popularity (`halfLifeDays: 'auto'`, added at weight 0 beside each tuned
   * popularity that decays otherwise, named `<name>-recent`); the tuned config keeps it only
   * when its weight ends above 0. @default true
   */
  readonly recentPopularity?: boolean;
  /** Called at each half-life's fit, every few users of its capture, and each search round. */
  readonly onProgress?: (progress: TuneProgress) => void;
}

/** One half-life tried: the best blend found with it on the validation users. */
export interface HalfLifeTrial {
  readonly halfLife: HalfLifeOption;
  /** Its value on the validation's training part, days (null: no decay). */
  readonly days: number | null;
  /** Mean NDCG@k with 95% interval of the best blend found with this half-life. */
  readonly tuned: MeanCi;
  readonly steps: readonly TuneStep[];
}

/** What {@link tuneBlend} found. */
export interface TuneBlendResult {
  /** The tuned config (the input config with the tuned keys replaced), for `createRecommender`. */
  readonly config: RecommenderConfig;
  readonly k: number;
  /** The validation split: spec, events in its two parts, and the users scored. */
  readonly validation: { readonly split: string; readonly trainEvents: number; readonly testEvents: number; readonly users: number };
  /** Mean NDCG@k with 95% interval on the validation users: the starting config and the tuned one (in-sample for the tuned). */
  readonly baseline: MeanCi;
  readonly tuned: MeanCi;
  /** Mean per-user difference tuned - baseline with its 95% interval, and the paired t-test p-value. */
  readonly difference: MeanCi;
  readonly pValue: number;
  /** The chosen half-life's accepted changes, in order. */
  readonly steps: readonly TuneStep[];
  /** Each half-life tried (the starting one first) and the one chosen. */
  readonly halfLives: readonly HalfLifeTrial[];
  readonly halfLife: HalfLifeOption;
  /** Weight per signal before and after, in blend order. */
  readonly weights: ReadonlyArray<{ readonly signal: string; readonly from: number; readonly to: number }>;
  /** What was not tuned and why (e.g. no topic trends, so the boost weight cannot matter). */
  readonly notes: readonly string[];
}

/** One half-life's search on its own captured requests. */
interface Trial {
  readonly option: HalfLifeOption;
  readonly days: number | null;
  readonly users: readonly string[];
  readonly start: Float64Array;
  readonly scores: Float64Array;
  readonly setting: BlendSetting;
  readonly steps: readonly TuneStep[];
}

/** The scores of `a` and `b` on their common users (both in user id order). */
function paired(a: Trial, b: Trial, which: (t: Trial) => Float64Array = (t) => t.scores): [Float64Array, Float64Array] {
  const at = new Map(b.users.map((u, i) => [u, i] as const));
  const x: number[] = [];
  const y: number[] = [];
  a.users.forEach((u, i) => {
    const j = at.get(u);
    if (j === undefined) return;
    x.push(which(a)[i]!);
    y.push(which(b)[j]!);
  });
  return [Float64Array.from(x), Float64Array.from(y)];
}

/** Default of {@link TuneBlendOptions.minGainStandardErrors}. */
export const DEFAULT_MIN_GAIN_STANDARD_ERRORS = 2;

/**
 * Tunes the blend on a validation split of `data`. Method: for each half-life of the grid (the
 * config's own first; each one a fit of the signals on the validation's training part, fairness
 * off), the validation users' candidates are scored once and re-blended under every setting the
 * search visits; a coordinate ascent on mean NDCG@k moves one knob at a time (signal weights, tie
 * rule, prior weight, boost weight) to its best grid value, keeping a change only when its gain
 * exceeds `minGainStandardErrors` standard errors of the per-user gains. A half-life other than
 * the config's is chosen only when its best blend beats the config's half-life's best blend by
 * the same rule. The validation numbers are in-sample for the tuned config: judge it on a
 * held-out test split (`gfp tune` does). Deterministic.
 * @throws TuneSplitTooSmallError (a DataError) when the validation split has fewer than `minUsers`
 *   users with relevant items the fit can score; DataError when `signals` names a signal the
 *   config does not have (the message lists its signals); ConfigError for a bad grid value or option.
 * @example
 * const { config, difference } = tuneBlend({ data: train, validation: { strategy: 'temporal', quantile: 0.8 } });
 * createRecommender(config) // the tuned weights; difference.mean: the in-sample gain in NDCG@10
 */
export function tuneBlend(options: TuneBlendOptions): TuneBlendResult {
  const k = options.k ?? 10;
  if (!(Number.isInteger(k) && k >= 1)) throw new ConfigError(`k: expected a positive integer, got ${k}`, 'k');
  const minUsers = options.minUsers ?? 20;
  const z = options.minGainStandardErrors ?? DEFAULT_MIN_GAIN_STANDARD_ERRORS;
  const maxRounds = options.maxRounds ?? 4;
  if (!(Number.isInteger(minUsers) && minUsers >= 2)) throw new ConfigError(`minUsers: expected an integer >= 2, got ${minUsers}`, 'minUsers');
  if (!(z >= 0 && z < Infinity)) throw new ConfigError(`minGainStandardErrors: expected a finite number >= 0, got ${z}`, 'minGainStandardErrors');
  if (!(Number.isInteger(maxRounds) && maxRounds >= 0)) throw new ConfigError(`maxRounds: expected an integer >= 0, got ${maxRounds}`, 'maxRounds');
  const configured = parseRecommenderConfig(options.config ?? {});
  const own = signalNames(configured.signals);
  const asked = options.signals ?? own;
  asked.forEach((name, i) => {
    if (!own.includes(name)) throw new DataError(`signals.${i}: ${JSON.stringify(name)} is not a signal of the config (its signals: ${own.join(', ')})`);
  });
  // The config's signals, then the recent popularities weighed beside the tuned popularities.
  const extra = options.recentPopularity === false ? [] : recentPopularities(configured.signals, (name) => asked.includes(name));
  const start: RecommenderConfig = extra.length === 0 ? configured : { ...configured, signals: [...configured.signals, ...extra] };
  const names = signalNames(start.signals);
  const tuned = [...asked, ...names.slice(own.length)];
  const grids = resolveGrids(options.grids, start.weighting.halfLifeDays);
  const spec = options.validation ?? DEFAULT_VALIDATION;
  const folds = validationFolds(options.data, spec, minUsers, options.relevantTypes);
  const notes: string[] = [];
  let halfLives = grids.halfLives;
  if (!folds.timed && halfLives.length > 1) {
    notes.push('half-life not tuned: the training events span no time, so every half-life weighs them alike');
    halfLives = halfLives.slice(0, 1);
  }
  const startSetting: BlendSetting = {
    normalisation: start.normalisation,
    weights: start.signals.map((s) => s.weight),
    ties: start.blend.ties,
    priorWeight: start.blend.prior.weight,
    priorValue: start.blend.prior.value,
    boostWeight: start.boost.weight,
    boostHalfSaturation: start.boost.halfSaturation,
  };
  let validationAuto: number | null | undefined;
  const trials: Trial[] = [];
  const seenDays = new Set<string>();
  halfLives.forEach((option, h) => {
    const report = (phase: TuneProgress['phase'], done: number, total: number): void =>
      options.onProgress?.({ halfLife: halfLifeLabel(option), index: h + 1, of: halfLives.length, phase, done, total });
    validationAuto ??= autoHalfLifeDays(folds.train, start.weighting, folds.now);
    const days = resolveHalfLifeDays(option, validationAuto);
    // Two options that weigh the events alike (e.g. auto*2 and no decay on timeless data) are one trial.
    if (seenDays.has(String(days))) return;
    seenDays.add(String(days));
    report('fit', 0, 1);
    const weighting = { ...start.weighting, halfLifeDays: days };
    const dataset = buildDataset(folds.train, { weighting: createEventWeighting(weighting), now: folds.now, unknownProducts: 'skip' });
    const config = { ...start, weighting };
    const { captured } = captureRequests(config, dataset, folds.relevant, {
      candidates: options.candidates ?? 'engine',
      n: k,
      exclude: folds.seen,
      onProgress: (done, total) => report('capture', done, total),
    });
    tooSmall(captured.requests.length, minUsers, spec, 'have relevant validation items and a history the fit can score');
    const rb = new Reblender(captured);
    const score = (s: BlendSetting): Float64Array => rb.ndcg(s, k);
    const coordinates = searchCoordinates(rb, names, tuned, grids, start.normalisation, h === 0 ? notes : []);
    const opinions = rb.opinions();
    const ascent = coordinateAscent(startSetting, coordinates, score, {
      maxRounds,
      minGainStandardErrors: z,
      // Some signal with an opinion keeps a weight: an empty blend ranks nothing.
      allowed: (s) => s.weights.some((w, i) => w > 0 && opinions[i] === 1),
      onRound: (round) => report('search', round, maxRounds),
      starts: aloneStarts(startSetting, names, tuned, opinions),
    });
    trials.push({ option, days, users: captured.requests.map((r) => r.userId), start: score(startSetting), scores: ascent.scores, setting: ascent.setting, steps: ascent.steps });
  });
  const first = trials[0]!;
  let chosen = first;
  let bestGain = 0;
  for (const trial of trials.slice(1)) {
    const [x, y] = paired(trial, first);
    if (!keepsGain(x, y, z)) continue;
    const gain = meanOf(x) - meanOf(y);
    if (gain > bestGain) {
      bestGain = gain;
      chosen = trial;
    }
  }
  // The starting config's scores against the chosen one's, on their common users.
  const [tunedScores, baselineScores] = chosen === first ? [first.scores, first.start] : paired(chosen, first, (t) => (t === first ? t.start : t.scores));
  const diff = tunedScores.map((v, i) => v - baselineScores[i]!);
  const s = chosen.setting;
  // An added recent popularity stays only when the search gave it a weight.
  const kept = (i: number): boolean => i < own.length || s.weights[i]! > 0;
  const config = parseRecommenderConfig({
    ...start,
    normalisation: s.normalisation,
    signals: start.signals.map((spec, i) => ({ ...spec, weight: s.weights[i]! })).filter((_, i) => kept(i)),
    blend: { ties: s.ties as TieRule, prior: { weight: s.priorWeight, value: s.priorValue } },
    boost: { weight: s.boostWeight, halfSaturation: s.boostHalfSaturation },
    weighting: { ...start.weighting, halfLifeDays: configHalfLife(chosen.option, () => autoHalfLifeDays(options.data, start.weighting)) },
  });
  return {
    config,
    k,
    validation: { split: describeSplit(spec), trainEvents: folds.trainEvents, testEvents: folds.testEvents, users: tunedScores.length },
    baseline: meanCi(baselineScores, 0.95, [0, 1]),
    tuned: meanCi(tunedScores, 0.95, [0, 1]),
    difference: meanCi(diff, 0.95, [-1, 1]),
    pValue: pairedTTest(baselineScores, tunedScores).pValue,
    steps: chosen.steps,
    halfLives: trials.map((t) => ({ halfLife: t.option, days: t.days, tuned: meanCi(t.scores, 0.95, [0, 1]), steps: t.steps })),
    halfLife: chosen.option,
    weights: names.map((signal, i) => ({ signal, from: startSetting.weights[i]!, to: s.weights[i]! })).filter((_, i) => kept(i)),
    notes,
  };
}

/** Each tuned signal with an opinion alone (weight 1, the other tuned signals 0; untuned ones keep theirs). */
function aloneStarts(start: BlendSetting, names: readonly string[], tuned: readonly string[], opinions: Uint8Array): Array<{ name: string; setting: BlendSetting }> {
  const tunedIndex = names.map((n) => tuned.includes(n));
  return names.flatMap((name, i) =>
    !tunedIndex[i] || opinions[i] === 0 ? [] : [{ name: `${name} alone`, setting: { ...start, weights: start.weights.map((w, j) => (j === i ? 1 : tunedIndex[j] ? 0 : w)) } }],
  );
}

function meanOf(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length === 0 ? 0 : s / a.length;
}
