/**
 * Stage 3, blend (docs/design.md, "Engine"): each signal's raw scores are put on one scale over
 * the request's candidates, then combined into one relevance per candidate. The default
 * {@link weightedBlender} is the weighted mean of the normalised scores; a caller may replace it.
 */
import type { BlendScratch, Normalisation, TieRule } from '../normalise.js';
import { normaliseScores } from '../normalise.js';

/** What the blend stage gets: the request's signals and their raw scores of the candidates. */
export interface BlendInput {
  /** Signal instance names (aligned with `weights` and `raw`). */
  readonly names: readonly string[];
  readonly weights: readonly number[];
  /** Raw scores per signal, aligned with `ids`; NaN (or any non-finite value) = no opinion. */
  readonly raw: readonly Float32Array[];
  /** Candidate product indices. */
  readonly ids: Int32Array;
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
  /** The evidence prior, when the blender has one (shown in traces; explanations use it). */
  readonly prior?: { readonly weight: number; readonly value: number };
  /** Blends one request's candidates; `scratch` holds reusable buffers of this request. */
  blend(input: BlendInput, scratch: BlendScratch): BlendResult;
}

/** Options of {@link weightedBlender}. */
export interface WeightedBlendOptions {
  readonly normalisation: Normalisation;
  /** Tie rule of the rank-based normalisations. @default 'mean-rank' */
  readonly ties?: TieRule;
  /**
   * Evidence prior: a candidate's blend is shrunk toward `priorValue` with the strength of
   * `priorWeight` x the weight of every signal with an opinion in the request, so a candidate
   * few signals have an opinion on cannot outrank well-evidenced ones on one strong score.
   * 0 turns the shrinkage off (the plain mean over the signals with an opinion). @default 0
   */
  readonly priorWeight?: number;
  /** The relevance a candidate with no evidence is shrunk toward, on the [0, 1] scale. @default 0 */
  readonly priorValue?: number;
}

/**
 * The default blender (docs/design.md, "Blend"). Each signal is normalised over the candidates it
 * has an opinion on; a signal without an opinion on a candidate is absent from that candidate's
 * blend (never a middle rank), and the blend is the evidence-weighted mean
 * `s(c) = (sum over signals s with an opinion on c of w_s z_s(c) + k m) / (sum of those w_s + k)`
 * with the prior `m = priorValue` and strength `k = priorWeight x W` (W: the weight of the signals
 * with an opinion on any candidate), reported as `b(c) = (s(c) (W + k) - k m) / W`: a candidate
 * every signal has an opinion on keeps its plain weighted mean, one with less
 * evidence moves toward m. With `z-score` the result is rescaled to [0, 1] over the candidates.
 */
export function weightedBlender(options: WeightedBlendOptions): Blender {
  const { normalisation } = options;
  const ties = options.ties ?? 'mean-rank';
  const priorWeight = options.priorWeight ?? 0;
  const priorValue = options.priorValue ?? 0;
  return {
    name: 'weighted-mean',
    normalisation,
    prior: { weight: priorWeight, value: priorValue },
    blend(input: BlendInput, scratch: BlendScratch): BlendResult {
      const C = input.ids.length;
      const { normalised, opinion } = normaliseSignals(input.raw, normalisation, ties, scratch);
      const parts: BlendParts = { raw: input.raw, norm: normalised, weights: input.weights, opinion, priorWeight, priorValue, minMax: normalisation === 'z-score' };
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

/**
 * Each signal's raw scores normalised over the candidates it has an opinion on (views of
 * `scratch`, valid until its next use), and 1 per signal with any opinion.
 */
export function normaliseSignals(
  raw: readonly Float32Array[],
  normalisation: Normalisation,
  ties: TieRule,
  scratch: BlendScratch,
): { normalised: Float32Array[]; opinion: Uint8Array } {
  const C = raw[0]?.length ?? 0;
  const order = scratch.order(C);
  const normalised: Float32Array[] = [];
  const opinion = new Uint8Array(raw.length);
  for (let s = 0; s < raw.length; s++) {
    const z = scratch.normalised(s, C);
    opinion[s] = normaliseScores(raw[s]!, normalisation, z, order, scratch, ties) ? 1 : 0;
    normalised.push(z);
  }
  return { normalised, opinion };
}

/**
 * The evidence-weighted blend of normalised scores into `out` (see {@link weightedBlender}):
 * `present(s, c)` says whether signal s has an opinion on candidate c. Exposed for the blend
 * tuner, which re-blends captured requests under many weights. Returns false when no signal
 * counts. Never NaN.
 */
export function evidenceBlend(
  out: Float32Array,
  norm: readonly ArrayLike<number>[],
  weights: readonly number[],
  present: (s: number, c: number) => boolean,
  priorWeight: number,
  priorValue: number,
): boolean {
  const C = out.length;
  out.fill(0);
  const den = new Float64Array(C);
  let total = 0;
  for (let s = 0; s < norm.length; s++) {
    const w = weights[s]!;
    if (!(w > 0)) continue;
    const z = norm[s]!;
    let any = false;
    for (let c = 0; c < C; c++) {
      if (!present(s, c)) continue;
      out[c]! += w * z[c]!;
      den[c]! += w;
      any = true;
    }
    if (any) total += w;
  }
  if (total === 0) return false;
  const k = priorWeight * total;
  const km = k * priorValue;
  // The shrunk mean (num + k m) / (den + k), mapped affinely so that a candidate with every
  // signal's opinion keeps its plain weighted mean (and one with none gets m): on [0, 1] scores
  // the blend stays on [0, 1], the scale the fairness floor and lift are written in; the order is
  // unchanged. (z-scores are unbounded: that blend is rescaled to [0, 1] afterwards.)
  const scale = (total + k) / total;
  const shift = km / total;
  for (let c = 0; c < C; c++) {
    const d = den[c]! + k;
    const b = d > 0 ? ((out[c]! + km) / d) * scale - shift : 0;
    out[c] = Number.isFinite(b) ? b : 0;
  }
  return true;
}

/** The scored candidates a blend is made of (arrays by signal, then by candidate). */
interface BlendParts {
  readonly raw: readonly Float32Array[];
  readonly norm: readonly Float32Array[];
  readonly weights: readonly number[];
  readonly opinion: Uint8Array;
  readonly priorWeight: number;
  readonly priorValue: number;
  /** Rescale the blend to [0, 1] (z-score normalisation). */
  readonly minMax: boolean;
}

/**
 * Writes into `out` the evidence-weighted blend of the signals `use` selects that have an opinion
 * and a weight (see {@link weightedBlender}). Returns false when no selected signal counts (`out`
 * is then 0, or 1 everywhere after the z-score rescale). Never NaN.
 */
function blendInto(out: Float32Array, parts: BlendParts, use: (s: number) => boolean): boolean {
  const { raw, opinion } = parts;
  const weights = parts.weights.map((w, s) => (opinion[s] === 1 && use(s) ? w : 0));
  const counted = evidenceBlend(out, parts.norm, weights, (s, c) => Number.isFinite(raw[s]![c]!), parts.priorWeight, parts.priorValue);
  if (!counted && parts.minMax) out.fill(1);
  else if (parts.minMax) minMaxInPlace(out);
  return counted;
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
