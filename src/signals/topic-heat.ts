import { DAY_MS } from '../dataset/event-weighting.js';
import type { HeatObservation } from '../schema/entities.js';

/** Observations older than this many half-lives add less than 2^-64 of their count: skipped. */
const HEAT_HORIZON_HALF_LIVES = 64;

/** A topic's heat observations sorted by time, with prefix sums for window counts. */
export interface HeatSeries {
  /** Observation times, epoch ms, ascending and distinct. */
  readonly times: Float64Array;
  /** Count of each observation (mentions, searches). */
  readonly counts: Float64Array;
  /** `cumulative[i]` = sum of counts[0 .. i); length = observations + 1. */
  readonly cumulative: Float64Array;
}

/**
 * Sorts observations into a series; observations with the same timestamp keep the last one given
 * (so a later update of an hour's count replaces it).
 */
export function heatSeries(observations: readonly HeatObservation[]): HeatSeries {
  const byTime = new Map<number, number>();
  for (const o of observations) byTime.set(o.timestamp, o.count);
  const times = Float64Array.from(byTime.keys()).sort();
  const counts = Float64Array.from(times, (t) => byTime.get(t)!);
  const cumulative = new Float64Array(times.length + 1);
  for (let i = 0; i < times.length; i++) cumulative[i + 1] = cumulative[i]! + counts[i]!;
  return { times, counts, cumulative };
}

/**
 * The index of the first entry > x of ascending `a[from, to)` (`to` when none is): with the
 * defaults, the number of entries <= x. The range spares callers a subarray per search.
 */
export function upperBound(a: Float64Array, x: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Heat at `now`: `H(now) = sum over observations with t_j <= now of count_j * 2^(-(now - t_j) / halfLife)`
 * (later observations are ignored). Units: counts; `now` and `halfLifeMs` in ms.
 *
 * @example heatAt(heatSeries([{ timestamp: 0, count: 8 }]), 2 * 3_600_000, 3_600_000) // 2
 */
export function heatAt(s: HeatSeries, now: number, halfLifeMs: number): number {
  const end = upperBound(s.times, now);
  const start = upperBound(s.times, now - HEAT_HORIZON_HALF_LIVES * halfLifeMs);
  let h = 0;
  for (let i = start; i < end; i++) h += s.counts[i]! * Math.pow(2, -(now - s.times[i]!) / halfLifeMs);
  return h;
}

/** Sum of the counts observed in the window `(now - windowMs, now]`. */
export function windowCount(s: HeatSeries, now: number, windowMs: number): number {
  return s.cumulative[upperBound(s.times, now)]! - s.cumulative[upperBound(s.times, now - windowMs)]!;
}

/**
 * Burst factor `b = (short-window rate + 1) / (long-window rate + 1)`, rates in counts per day
 * over the windows ending at `now`: above 1 while the topic rises, about 1 at a steady level,
 * below 1 as it fades.
 *
 * @example burstFactor(6, 1, 14, 7) // (6 + 1) / (2 + 1) = 2.33
 */
export function burstFactor(shortCount: number, shortDays: number, longCount: number, longDays: number): number {
  return (shortCount / shortDays + 1) / (longCount / longDays + 1);
}

/** Heat, burst and the window counts of one series at `now` (windows in ms). */
export function seriesBurst(s: HeatSeries, now: number, shortMs: number, longMs: number): { short: number; long: number; burst: number } {
  const short = windowCount(s, now, shortMs);
  const long = windowCount(s, now, longMs);
  return { short, long, burst: burstFactor(short, shortMs / DAY_MS, long, longMs / DAY_MS) };
}
