/**
 * Stage 4, boost (docs/design.md, "Engine"): additions to the blended relevance after the blend,
 * in blend units and bounded, e.g. the lift of hot topics. A booster reads the request and the
 * blend and returns one boost per candidate, or undefined for none.
 */
import type { RequestContext } from '../request.js';
import type { BlendResult } from './blend.js';

/** One request's boost: an amount per candidate (>= 0, finite) and why, per candidate. */
export interface BoostResult {
  /** Added to each candidate's blended relevance. */
  readonly amount: Float32Array;
  /** Short text per boosted candidate (candidate position -> reason), for traces. */
  readonly reasons: ReadonlyMap<number, string>;
}

/** A boost stage. */
export interface Booster {
  /** Shown in traces. */
  readonly name: string;
  /** The boost of the request's candidates (`ids`: product indices), or undefined when nothing is boosted. */
  boost(ctx: RequestContext, ids: Int32Array, blend: BlendResult): BoostResult | undefined;
}

/** The booster that boosts nothing. */
export const NO_BOOST: Booster = Object.freeze({ name: 'none', boost: () => undefined });
