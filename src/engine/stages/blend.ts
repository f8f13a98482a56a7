/**
 * Stage 3, blend (docs/design.md, "Engine"): each signal's raw scores are put on one scale over
 * the request's candidates, then combined into one relevance per candidate. The default
 * {@link weightedBlender} is the weighted mean of the normalised scores; a caller may replace it.
 */
import type { BlendScratch, Normalisation } from '../normalise.js';
import { normaliseScores } from '../normalise.js';

/** What the blend stage gets: the request's signals and their raw scores of the candidates. */
export interface BlendInput {
  /** Signal instance names (aligned with `weights` and `raw`). */
  readonly names: readonly string[];
  readonly weights: readonly number[];
  /** Raw scores per signal, aligned with `ids`; NaN = no opinion. */
  readonly raw: readonly Float32Array[];
  /** Candidate product indices. */
  readonly ids: Int32Array;
  /** 1 per signal whose opinion on cold products was removed (see `cold`). */
  readonly masked: Uint8Array;
  /** 1 per product with no training interaction under `coldItems: 'renormalise'`, else empty. */
  readonly cold: Uint8Array;
}

/** The blend of one request's candidates. */
export interface BlendResult {
  /** The normalised score per signal and candidate (shown in traces and explanations). */
  readonly normalised: readonly Float32Array[];
  /** 1 per signal that had an opinion on at least one candidate. */
  readonly opinion: Uint8Array;
  /** Blended relevance per candidate, in [0, 1] for the built-in blender. */
  readonly blended: Float32Array;
  /**
   * The blend over the signals `use` selects (e.g. the merit without popularity), or undefined
   * when no selected signal has a weight and an opinion. Valid until the next request.
   */
  subset(use: (signal: number) => boolean): Float32Array | undefined;
}

/** A blend stage: turns the signals' raw scores into one relevance per candidate. */
export interface Blender {
  /** Shown in traces. */
  readonly name: string;
  /** How scores are put on one scale (shown in traces and explanations). */
  readonly normalisation: Normalisation;
  /** Blends one request's candidates; `scratch` holds reusable buffers of this request. */
  blend(input: BlendInput, scratch: BlendScratch): BlendResult;
}

/**
 * The default blender: each signal normalised over the candidates (`normalisation`), then the
 * weighted mean over the signals that have an opinion and a weight; under `coldItems:
 * 'renormalise'` a cold product's mean is over the unmasked signals only; with `z-score` the
 * result is rescaled to [0, 1] over the candidates.
 */
export function weightedBlender(normalisation: Normalisation): Blender {
  return {
    name: 'weighted-mean',
    normalisation,
    blend(input: BlendInput, scratch: BlendScratch): BlendResult {
      const C = input.ids.length;
      const S = input.raw.length;
      const order = scratch.order(C);
      const normalised: Float32Array[] = [];
      const opinion = new Uint8Array(S);
      for (let s = 0; s < S; s++) {
        const z = scratch.normalised(s, C);
        opinion[s] = normaliseScores(input.raw[s]!, normalisation, z, order, scratch) ? 1 : 0;
        normalised.push(z);
      }
      const parts: BlendParts = { norm: normalised, weights: input.weights, opinion, masked: input.masked, ids: input.ids, cold: input.cold, minMax: normalisation === 'z-score' };
      const blended = scratch.blended(C);
      blendInto(blended, parts, () => true);
      return {
        normalised,
        opinion,
        blended,
        subset: (use) => {
          const out = scratch.merit(C);
          return blendInto(out, parts, use) ? out : undefined;
        },
      };
    },
  };
}

/** The scored candidates a blend is made of (arrays by signal, then by candidate). */
interface BlendParts {
  readonly norm: readonly Float32Array[];
  readonly weights: readonly number[];
  readonly opinion: Uint8Array;
  readonly masked: Uint8Array;
  readonly ids: Int32Array;
  readonly cold: Uint8Array;
  /** Rescale the blend to [0, 1] (z-score normalisation). */
  readonly minMax: boolean;
}

/**
 * Writes into `out` (all 0 on entry) the weighted mean of the normalised scores of the signals
 * `use` selects that have an opinion and a weight; under coldItems 'renormalise' a cold product's
 * mean is over the unmasked signals only. Returns false when no selected signal counts (`out`
 * stays 0, or 1 everywhere after the z-score rescale).
 */
function blendInto(out: Float32Array, parts: BlendParts, use: (s: number) => boolean): boolean {
  const { norm, weights, opinion, masked, ids, cold } = parts;
  const C = out.length;
  let totalWeight = 0;
  let otherWeight = 0;
  for (let s = 0; s < norm.length; s++) {
    const w = weights[s]!;
    if (opinion[s] === 0 || w === 0 || !use(s)) continue;
    const z = norm[s]!;
    totalWeight += w;
    if (masked[s] === 1) {
      for (let c = 0; c < C; c++) if (cold[ids[c]!] === 0) out[c]! += w * z[c]!;
      continue;
    }
    otherWeight += w;
    for (let c = 0; c < C; c++) out[c]! += w * z[c]!;
  }
  const counted = totalWeight > 0;
  if (counted && cold.length > 0) divideByOwnTotal(out, ids, cold, totalWeight, otherWeight);
  else if (counted) for (let c = 0; c < C; c++) out[c] = out[c]! / totalWeight;
  if (parts.minMax) minMaxInPlace(out);
  return counted;
}

/**
 * Turns the weighted sums into weighted means in place: a cold product's over `coldTotal` (the
 * weights of the unmasked signals), any other over `total`; 0 when the product's total is 0 (no
 * signal had an opinion on it), never NaN.
 */
function divideByOwnTotal(blended: Float32Array, ids: Int32Array, cold: Uint8Array, total: number, coldTotal: number): void {
  for (let c = 0; c < blended.length; c++) {
    const t = cold[ids[c]!] === 1 ? coldTotal : total;
    blended[c] = t > 0 ? blended[c]! / t : 0;
  }
}

/** Rescales to [0, 1] in place (all equal -> 1). */
function minMaxInPlace(x: Float32Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  for (let i = 0; i < x.length; i++) x[i] = span > 0 ? (x[i]! - min) / span : 1;
}
