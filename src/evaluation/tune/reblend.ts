/**
 * Re-scores captured requests under a blend setting (weights, tie rule, evidence prior, boost)
 * without refitting: each request's normalised scores are computed once per tie rule and cached.
 */
import { BlendScratch } from '../../engine/normalise.js';
import type { TieRule } from '../../engine/normalise.js';
import { evidenceBlend, normaliseSignals } from '../../engine/stages/blend.js';
import type { CapturedRequests } from './capture.js';

/** A blend setting to score: the knobs the blend tuner turns. */
export interface BlendSetting {
  /** Weight per signal, in the captured order. */
  readonly weights: readonly number[];
  readonly ties: TieRule;
  readonly priorWeight: number;
  readonly priorValue: number;
  /** Largest trend boost, blend units. */
  readonly boostWeight: number;
  readonly boostHalfSaturation: number;
}

/** Normalised scores per request (NaN = absent), percentile, for one tie rule. */
type Normalised = Float32Array[][];

/** Scores captured requests under blend settings; caches the normalisation per tie rule. */
export class Reblender {
  readonly captured: CapturedRequests;
  readonly #cache = new Map<TieRule, Normalised>();

  constructor(captured: CapturedRequests) {
    this.captured = captured;
  }

  #normalised(ties: TieRule): Normalised {
    let cached = this.#cache.get(ties);
    if (cached !== undefined) return cached;
    const scratch = new BlendScratch();
    cached = this.captured.requests.map((r) => {
      const { normalised } = normaliseSignals(r.raw, 'percentile', ties, scratch);
      return normalised.map((z, s) => Float32Array.from(z, (v, c) => (Number.isFinite(r.raw[s]![c]!) ? v : Number.NaN)));
    });
    this.#cache.set(ties, cached);
    return cached;
  }

  /** NDCG@k (binary relevance) of each captured request under `setting`, in request order. */
  ndcg(setting: BlendSetting, k: number): Float64Array {
    const norm = this.#normalised(setting.ties);
    const out = new Float64Array(this.captured.requests.length);
    this.captured.requests.forEach((r, u) => {
      const C = r.ids.length;
      const z = norm[u]!;
      const score = new Float32Array(C);
      evidenceBlend(score, z, setting.weights, (s, c) => !Number.isNaN(z[s]![c]!), setting.priorWeight, setting.priorValue);
      if (setting.boostWeight > 0 && r.boostStrength !== undefined && r.boostPersonal !== undefined) {
        for (let c = 0; c < C; c++) {
          const t = r.boostStrength[c]!;
          if (t > 0) score[c] = score[c]! + (setting.boostWeight * t * Math.min(r.boostPersonal[c]!, 1)) / (t + setting.boostHalfSaturation);
        }
      }
      out[u] = ndcgOfTop(score, r.relevant, r.relevantCount, k);
    });
    return out;
  }
}

/**
 * Binary NDCG@k of the ranking by `score` (descending, ties by position): DCG of the relevant
 * positions among the top k over the ideal DCG of `min(relevantCount, k)` hits.
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
