/**
 * Stage 4, boost (docs/design.md, "Engine"): additions to the blended relevance after the blend,
 * in blend units and bounded, e.g. the lift of hot topics. A booster reads the request and the
 * blend and returns one boost per candidate, or undefined for none.
 */
import type { Signal } from '../../signals/signal.js';
import type { RequestContext } from '../request.js';
import type { BlendResult } from './blend.js';

/** One request's boost: an amount per candidate (>= 0, finite) and why. */
export interface BoostResult {
  /** Added to each candidate's blended relevance. */
  readonly amount: Float32Array;
  /** Why candidate position `c` was boosted (undefined when it was not), for traces and reasons. */
  reason(c: number): string | undefined;
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

/** Options of {@link trendBooster}. */
export interface TrendBoostOptions {
  /** The largest boost, in blend units (the blend is on [0, 1]); 0 turns the stage off. */
  readonly weight: number;
  /** Trend strength at which the boost is half its largest value. */
  readonly halfSaturation: number;
}

/**
 * The trend boost: for each signal that boosts (capability `boosts`: trending), a candidate gets
 * `weight * T / (T + halfSaturation) * personal`, with `T` its trend strength (hot topics times
 * their match, plus its own burst) and `personal` the user's affinity factor to it. Bounded by
 * `weight` per signal; a weak or stale topic gives a small T and so almost nothing, an unmatched
 * product none, and a user whose history is far from the product's category little.
 */
export function trendBooster(signals: () => readonly Signal[], options: TrendBoostOptions): Booster {
  return {
    name: 'trend',
    boost(ctx: RequestContext, ids: Int32Array): BoostResult | undefined {
      if (!(options.weight > 0)) return undefined;
      let amount: Float32Array | undefined;
      const reasons: Array<(c: number) => string> = [];
      const from = new Int32Array(ids.length).fill(-1);
      for (const signal of signals()) {
        if (!signal.capabilities.boosts || signal.boost === undefined) continue;
        const b = signal.boost(ctx.user, ids);
        reasons.push((c) => b.reason(c));
        for (let c = 0; c < ids.length; c++) {
          const t = b.strength[c]!;
          const f = b.personal[c]!;
          if (!(t > 0 && t < Infinity && f > 0)) continue;
          const value = (options.weight * t * Math.min(f, 1)) / (t + options.halfSaturation);
          amount ??= new Float32Array(ids.length);
          if (value > amount[c]!) from[c] = reasons.length - 1;
          amount[c] = amount[c]! + value;
        }
      }
      if (amount === undefined) return undefined;
      return { amount, reason: (c) => (from[c]! < 0 ? undefined : reasons[from[c]!]!(c)) };
    },
  };
}
