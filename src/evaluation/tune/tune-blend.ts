/**
 * Learned blend weights (docs/design.md, "Blend"): `tuneBlend` fits the blend's weights, its tie
 * rule, its evidence prior and the trend boost's weight on a validation split cut from the
 * caller's own training data, by coordinate ascent on NDCG@k, and returns a config that
 * `createRecommender` loads.
 */
import { buildDataset } from '../../dataset/dataset.js';
import { createEventWeighting } from '../../dataset/event-weighting.js';
import { parseRecommenderConfig, type RecommenderConfig, type RecommenderConfigInput } from '../../engine/config.js';
import { TIE_RULES, type TieRule } from '../../engine/normalise.js';
import { signalNames } from '../../engine/signal-slots.js';
import { DataError } from '../../errors.js';
import type { MarketplaceData } from '../../schema/marketplace-data.js';
import { _relevantSets } from '../runner/relevance.js';
import { _splitEvents } from '../runner/split-data.js';
import type { SplitSpec } from '../runner/types.js';
import { meanCi, type MeanCi } from '../stats/summary.js';
import { pairedTTest } from '../stats/paired-tests.js';
import { captureRequests } from './capture.js';
import { Reblender, type BlendSetting } from './reblend.js';

/** Values tried for each signal weight (the blend is invariant to scaling all weights). */
export const WEIGHT_GRID: readonly number[] = [0, 0.1, 0.25, 0.5, 1, 2, 4];
/** Values tried for the evidence prior's weight. */
export const PRIOR_GRID: readonly number[] = [0, 0.1, 0.25, 0.5, 1];
/** Values tried for the trend boost's weight (blend units). */
export const BOOST_GRID: readonly number[] = [0, 0.25, 0.5, 1, 2];

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
  /** Signal names (instance names) whose weights are tuned. @default every signal of the config */
  readonly signals?: readonly string[];
  /** Tune the tie rule, the evidence prior and the boost weight too. @default all true */
  readonly tune?: { readonly ties?: boolean; readonly prior?: boolean; readonly boost?: boolean };
  /** Coordinate-ascent rounds at most (a round tries every parameter once). @default 4 */
  readonly maxRounds?: number;
  /** Fewer validation users than this is refused as too small to tune on. @default 20 */
  readonly minUsers?: number;
  /** Which products each validation request ranks. @default 'engine' (the served candidates) */
  readonly candidates?: 'engine' | 'full';
}

/** One accepted change of the coordinate ascent. */
export interface TuneStep {
  readonly round: number;
  readonly parameter: string;
  readonly from: number | string;
  readonly to: number | string;
  /** Mean NDCG@k after the change. */
  readonly ndcg: number;
}

/** What {@link tuneBlend} found. */
export interface TuneBlendResult {
  /** The tuned config (the input config with the tuned keys replaced), for `createRecommender`. */
  readonly config: RecommenderConfig;
  readonly k: number;
  /** Validation users scored. */
  readonly users: number;
  /** Mean NDCG@k with 95% interval on the validation users: the starting config and the tuned one. */
  readonly baseline: MeanCi;
  readonly tuned: MeanCi;
  /** Paired t-test p-value of tuned against baseline on the validation users. */
  readonly pValue: number;
  readonly steps: readonly TuneStep[];
}

/**
 * Tunes the blend on a validation split of `data` (method: coordinate ascent on mean NDCG@k;
 * each parameter in turn takes the grid value that maximises it, a change kept only when it
 * gains more than 1e-4; rounds repeat until nothing changes or `maxRounds`). The signals are
 * fitted once on the split's training part with fairness off; every setting re-scores the
 * captured requests (see `captureRequests`). The validation numbers are in-sample for the tuning:
 * judge the tuned config on a held-out test split (`gfp tune` does).
 * @throws DataError when the validation split has fewer than `minUsers` users with relevant
 *   items, or `signals` names a signal the config does not have.
 */
export function tuneBlend(options: TuneBlendOptions): TuneBlendResult {
  const k = options.k ?? 10;
  const start = parseRecommenderConfig(options.config ?? {});
  const names = signalNames(start.signals);
  const tuned = options.signals ?? names;
  for (const name of tuned) {
    if (!names.includes(name)) throw new DataError(`tuneBlend: signals names ${JSON.stringify(name)}, which the config does not have (its signals: ${names.join(', ')})`);
  }
  const split = _splitEvents(options.data.events, options.validation ?? { strategy: 'temporal', quantile: 0.8 });
  const catalogue = new Set(options.data.products.map((p) => p.id));
  const relevant = _relevantSets(split.train, split.test, catalogue, options.relevantTypes);
  let now = -Infinity;
  for (const e of split.train) if (e.timestamp > now) now = e.timestamp;
  const dataset = buildDataset({ ...options.data, events: split.train }, { weighting: createEventWeighting(start.weighting), now: Number.isFinite(now) ? now : 0, unknownProducts: 'skip' });
  const { captured } = captureRequests(start, dataset, relevant, { candidates: options.candidates ?? 'engine' });
  const minUsers = options.minUsers ?? 20;
  if (captured.requests.length < minUsers) {
    throw new DataError(
      `tuneBlend: the validation split has ${captured.requests.length} users with relevant items that the fit knows, fewer than ${minUsers}: too small to tune on (use more data or another validation split)`,
    );
  }
  const rb = new Reblender(captured);
  let setting: BlendSetting = {
    weights: start.signals.map((s) => s.weight),
    ties: start.blend.ties,
    priorWeight: start.blend.prior.weight,
    priorValue: start.blend.prior.value,
    boostWeight: start.boost.weight,
    boostHalfSaturation: start.boost.halfSaturation,
  };
  const score = (s: BlendSetting): number => mean(rb.ndcg(s, k));
  const baselineScores = rb.ndcg(setting, k);
  let best = mean(baselineScores);
  const steps: TuneStep[] = [];
  const want = { ties: true, prior: true, boost: true, ...options.tune };
  const coordinates: Array<{ name: string; values: readonly (number | TieRule)[]; get: (s: BlendSetting) => number | TieRule; set: (s: BlendSetting, v: number | TieRule) => BlendSetting }> = [];
  names.forEach((name, i) => {
    if (!tuned.includes(name)) return;
    coordinates.push({
      name: `weight of ${name}`,
      values: WEIGHT_GRID,
      get: (s) => s.weights[i]!,
      set: (s, v) => ({ ...s, weights: s.weights.map((w, j) => (j === i ? (v as number) : w)) }),
    });
  });
  if (want.ties) coordinates.push({ name: 'blend.ties', values: TIE_RULES, get: (s) => s.ties, set: (s, v) => ({ ...s, ties: v as TieRule }) });
  if (want.prior) coordinates.push({ name: 'blend.prior.weight', values: PRIOR_GRID, get: (s) => s.priorWeight, set: (s, v) => ({ ...s, priorWeight: v as number }) });
  if (want.boost) coordinates.push({ name: 'boost.weight', values: BOOST_GRID, get: (s) => s.boostWeight, set: (s, v) => ({ ...s, boostWeight: v as number }) });
  const maxRounds = options.maxRounds ?? 4;
  for (let round = 1; round <= maxRounds; round++) {
    let changed = false;
    for (const c of coordinates) {
      const current = c.get(setting);
      let bestValue = current;
      let bestScore = best;
      for (const v of c.values) {
        if (v === current) continue;
        const candidate = c.set(setting, v);
        if (candidate.weights.every((w) => w === 0)) continue;
        const value = score(candidate);
        if (value > bestScore + 1e-4) {
          bestScore = value;
          bestValue = v;
        }
      }
      if (bestValue !== current) {
        setting = c.set(setting, bestValue);
        best = bestScore;
        steps.push({ round, parameter: c.name, from: current, to: bestValue, ndcg: bestScore });
        changed = true;
      }
    }
    if (!changed) break;
  }
  const tunedScores = rb.ndcg(setting, k);
  const config = parseRecommenderConfig({
    ...start,
    signals: start.signals.map((s, i) => ({ ...s, weight: setting.weights[i]! })),
    blend: { ties: setting.ties, prior: { weight: setting.priorWeight, value: setting.priorValue } },
    boost: { weight: setting.boostWeight, halfSaturation: setting.boostHalfSaturation },
  });
  return {
    config,
    k,
    users: captured.requests.length,
    baseline: meanCi(baselineScores, 0.95, [0, 1]),
    tuned: meanCi(tunedScores, 0.95, [0, 1]),
    pValue: pairedTTest(tunedScores, baselineScores).pValue,
    steps,
  };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length === 0 ? 0 : s / a.length;
}
