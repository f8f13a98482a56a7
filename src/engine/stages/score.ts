import type { Signal } from '../../signals/signal.js';
import type { SignalSlot } from '../signal-slots.js';
import type { RequestContext } from '../request.js';

/** The signals of one request with their weights (the blend's, adjusted for cold start). */
export interface RequestSlots {
  readonly names: readonly string[];
  readonly signals: readonly Signal[];
  readonly weights: number[];
}

/**
 * The request's signals. A cold-start user (no history) has only the signals that rank users
 * without history to go on; unless a baseline signal (capability `baseline`: popularity) has
 * a weight in the blend, the baseline carries the slate at weight 1: the blend's own baseline
 * slot when it has weight 0, else `fallback` (the popular source's signal) added as `popularity`.
 */
export function requestSlots(slots: readonly SignalSlot[], ctx: RequestContext, fallback: Signal): RequestSlots {
  const names = slots.map((s) => s.name);
  const signals = slots.map((s) => s.signal);
  const weights = slots.map((s) => s.weight);
  if (!ctx.coldStart) return { names, signals, weights };
  const base = slots.findIndex((s) => s.signal.capabilities.baseline);
  if (base < 0) {
    names.push(fallback.type);
    signals.push(fallback);
    weights.push(1);
  } else if (weights[base] === 0) weights[base] = 1;
  return { names, signals, weights };
}

/**
 * Stage 2, score: every signal scores every candidate, raw, NaN where it has no opinion. A signal
 * that learns only from interactions (capability `coldProducts` false: iALS, item-kNN, EASE) has
 * no opinion on a product without training interactions (`cold`: 1 per such product), whatever
 * number its model gives it: the score is set to NaN, so the blend leaves it out.
 */
export function scoreCandidates(ctx: RequestContext, slots: RequestSlots, ids: Int32Array, cold: Uint8Array): Float32Array[] {
  const raw: Float32Array[] = [];
  for (const signal of slots.signals) {
    const r = signal.score(ctx.user, ids);
    if (!signal.capabilities.coldProducts) for (let c = 0; c < ids.length; c++) if (cold[ids[c]!] === 1) r[c] = Number.NaN;
    raw.push(r);
  }
  return raw;
}
