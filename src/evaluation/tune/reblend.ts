/**
 * Re-scores captured requests under a blend setting (normalisation, weights, tie rule, evidence
 * prior, boost) without refitting: each request's normalised scores are computed once per
 * normalisation (and tie rule) and cached,
 * and the blend and boost are the engine's own arithmetic, so a setting ranks exactly as a
 * recommender with that config ranks the same candidates (fairness off).
 */
import { BlendScratch, usesTieRule, type Normalisation, type TieRule } from '../../engine/normalise.js';
import { evidenceBlend, normaliseSignals } from '../../engine/stages/blend.js';
import type { CapturedRequest, CapturedRequests } from './capture.js';

/** A blend setting to score: the knobs the blend tuner turns. */
export interface BlendSetting {
  /** How each signal's scores are put on one scale before the blend. */
  readonly normalisation: Normalisation;
  /** Weight per signal, in the captured order. */
  readonly weights: readonly number[];
  readonly ties: TieRule;
  readonly priorWeight: number;
  readonly priorValue: number;
  /** Largest trend boost, blend units. */
  readonly boostWeight: number;
  readonly boostHalfSaturation: number;
}

/** Normalised scores per request and signal (NaN = absent), for one normalisation and tie rule. */
type Normalised = Float32Array[][];

/** Scores captured requests under blend settings; caches the normalised scores per normalisation and tie rule. */
export class Reblender {
  readonly captured: CapturedRequests;
  readonly #cache = new Map<string, Normalised>();

  constructor(captured: CapturedRequests) {
    this.captured = captured;
  }

  #normalised(normalisation: Normalisation, ties: TieRule): Normalised {
    // The tie rule matters for the percentile and log-rank curves only.
    const rule: TieRule = usesTieRule(normalisation) ? ties : 'mean-rank';
    const key = `${normalisation} ${rule}`;
    let cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const scratch = new BlendScratch();
    cached = this.captured.requests.map((r) => {
      const { normalised } = normaliseSignals(r.raw, normalisation, rule, scratch);
      return normalised.map((z, s) => Float32Array.from(z, (v, c) => (Number.isFinite(r.raw[s]![c]!) ? v : Number.NaN)));
    });
    this.#cache.set(key, cached);
    return cached;
  }

  /** Final scores of request `u` under `setting` (blend plus boost) into `out` (one per candidate). */
  #score(out: Float32Array, r: CapturedRequest, z: readonly Float32Array[], setting: BlendSetting): void {
    // A cold-start user's slate rests on the baseline signal: the engine weighs it 1 when the blend gives it 0.
    const b = this.captured.baseline;
    const weights = r.coldStart && b >= 0 && setting.weights[b] === 0 ? setting.weights.map((w, s) => (s === b ? 1 : w)) : setting.weights;
    evidenceBlend(out, z, weights, (s, c) => !Number.isNaN(z[s]![c]!), setting.priorWeight, setting.priorValue);
    if (setting.normalisation === 'z-score') minMax(out);
    if (!(setting.boostWeight > 0) || r.boosts.length === 0) return;
    // The trend booster's arithmetic: a float32 amount per candidate, summed over the signals that boost.
    const amount = new Float32Array(out.length);
    for (const b of r.boosts) {
      for (let c = 0; c < out.length; c++) {
        const t = b.strength[c]!;
        const f = b.personal[c]!;
        if (!(t > 0 && t < Infinity && f > 0)) continue;
        amount[c] = amount[c]! + (setting.boostWeight * t * Math.min(f, 1)) / (t + setting.boostHalfSaturation);
      }
    }
    for (let c = 0; c < out.length; c++) {
      const a = amount[c]!;
      if (a > 0 && a < Infinity) out[c] = out[c]! + a;
    }
  }

  /** NDCG@k (binary relevance) of each captured request under `setting`, in request order. */
  ndcg(setting: BlendSetting, k: number): Float64Array {
    const norm = this.#normalised(setting.normalisation, setting.ties);
    const out = new Float64Array(this.captured.requests.length);
    this.captured.requests.forEach((r, u) => {
      const score = new Float32Array(r.ids.length);
      this.#score(score, r, norm[u]!, setting);
      out[u] = ndcgOfTop(score, r.relevant, r.relevantCount, k);
    });
    return out;
  }

  /** 1 per signal that has an opinion on some candidate of some request (a weight that can matter). */
  opinions(): Uint8Array {
    const out = new Uint8Array(this.captured.names.length);
    for (const r of this.captured.requests) r.raw.forEach((x, s) => (out[s] ||= x.some(Number.isFinite) ? 1 : 0));
    return out;
  }

  /** Whether any request has a candidate a topic boosts (a boost weight that can matter). */
  boosts(): boolean {
    return this.captured.requests.some((r) => r.boosts.length > 0);
  }
}

/** Rescales to [0, 1] in place (all equal -> 1), as the blend does after z-scores. */
function minMax(x: Float32Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const span = max - min;
  for (let i = 0; i < x.length; i++) x[i] = span > 0 ? (x[i]! - min) / span : 1;
}

/**
 * Binary NDCG@k of the ranking by `score` (descending, ties by position): DCG of the relevant
 * positions among the top k over the ideal DCG of `min(relevantCount, k)` hits.
 * @example ndcgOfTop(Float32Array.of(0.2, 0.9), Uint8Array.of(1, 0), 1, 10) // 1 / log2(3) = 0.631
 */
export function ndcgOfTop(score: Float32Array, relevant: Uint8Array, relevantCount: number, k: number): number {
  if (relevantCount === 0) return 0;
  const C = score.length;
  const top = new Int32Array(Math.min(k, C)).fill(-1);
  let size = 0;
  for (let c = 0; c < C; c++) {
    const s = score[c]!;
    if (size === top.length && !(s > score[top[size - 1]!]!)) continue;
    let i = size === top.length ? size - 1 : size++;
    while (i > 0 && s > score[top[i - 1]!]!) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = c;
  }
  let dcg = 0;
  for (let r = 0; r < size; r++) if (relevant[top[r]!] === 1) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(relevantCount, k); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}
