import { _discount } from '../metrics/_hits.js';
import { idealDcg } from '../metrics/ndcg.js';
import type { ItemKey, RankedList } from '../metrics/types.js';
import type { CorrectedBase, Estimator, UserPropensity } from './types.js';

/** Gain of position `p` (0-based): the DCG discount for NDCG, 1 for the counting metrics. */
function gainAt(base: CorrectedBase, p: number): number {
  return base === 'ndcg' ? _discount(p) : 1;
}

/**
 * Per-user normaliser of the logged metric, kept by every estimator: the ideal DCG over
 * `min(|relevant|, k)` items (NDCG), `|relevant|` (recall), `k` (precision; the list length when
 * k is Infinity).
 */
function normaliser(base: CorrectedBase, relevant: number, k: number, listLength: number): number {
  if (base === 'ndcg') return idealDcg(Math.min(relevant, k));
  if (base === 'recall') return relevant;
  return Number.isFinite(k) ? k : listLength;
}

/** Whether `ranked[p]` already appeared earlier in the list (a repeated item counts once). */
function repeated(ranked: RankedList, p: number): boolean {
  const item = ranked[p]!;
  for (let j = 0; j < p; j++) if (ranked[j] === item) return true;
  return false;
}

/**
 * Propensity-corrected estimate of one user's metric at k, before self-normalisation (SNIPS and
 * DR divide it by the mean weight): each item in the first `k` earns its estimated relevance
 * `v = user.value(item, estimator)` instead of the logged 0 or 1, under the logged metric's own
 * gains and normaliser: NDCG `sum v / log2(r + 1) / IDCG(min(|rel|, k))`, recall `sum v / |rel|`,
 * precision `sum v / k`; hit rate: the mean value of the relevant items in the first k (0 without
 * one; `1 / propensity` when the user has one relevant item, the usual leave-one-out IPS). With
 * every propensity 1 and no reward model it is the logged metric. 0 for a user without relevant
 * items.
 *
 * @example correctedEstimate('recall', 'ips', ['a', 'x'], user, 2) // (v(a) + v(x)) / |rel|
 */
export function correctedEstimate(base: CorrectedBase, estimator: 'ips' | 'dr', ranked: RankedList, user: UserPropensity, k: number): number {
  const relevant = user.relevant as ReadonlySet<ItemKey>;
  if (relevant.size === 0) return 0;
  const cut = Math.min(ranked.length, k);
  let sum = 0;
  let hits = 0;
  for (let p = 0; p < cut; p++) {
    const item = ranked[p]!;
    if (repeated(ranked, p)) continue;
    if (base === 'hit-rate') {
      if (!relevant.has(item)) continue;
      hits++;
    }
    sum += user.value(item, estimator) * gainAt(base, p);
  }
  if (base === 'hit-rate') return hits > 0 ? sum / hits : 0;
  const z = normaliser(base, relevant.size, k, ranked.length);
  return z > 0 ? sum / z : 0;
}

/** The estimator a label's prefix names, as the value it reads (`snips` reads the IPS value). */
export function _valueOf(estimator: Estimator): 'ips' | 'dr' {
  return estimator === 'dr' ? 'dr' : 'ips';
}

/** Summary of the inverse-propensity weights of every held-out interaction. */
export interface WeightSummary {
  /** Number of held-out interactions. */
  readonly interactions: number;
  /** Mean weight: the self-normalising divisor of SNIPS and DR (1 when there are none). */
  readonly meanWeight: number;
  /** Kish's effective sample size `(sum w)^2 / sum w^2` (0 without interactions). */
  readonly effectiveSampleSize: number;
  /** Largest weight. */
  readonly maxWeight: number;
  /** Weights at the cap. */
  readonly clipped: number;
}

/**
 * Mean, largest weight, weights at the cap and effective sample size of the held-out interactions' weights.
 * @example summariseWeights([[1, 3]], 3) // { interactions: 2, meanWeight: 2, effectiveSampleSize: 1.6, maxWeight: 3, clipped: 1 }
 */
export function summariseWeights(users: Iterable<readonly number[]>, clip: number): WeightSummary {
  let n = 0;
  let sum = 0;
  let squares = 0;
  let max = 0;
  let clipped = 0;
  for (const weights of users) {
    for (const w of weights) {
      n++;
      sum += w;
      squares += w * w;
      if (w > max) max = w;
      if (w >= clip) clipped++;
    }
  }
  return { interactions: n, meanWeight: n > 0 ? sum / n : 1, effectiveSampleSize: squares > 0 ? (sum * sum) / squares : 0, maxWeight: max, clipped };
}
