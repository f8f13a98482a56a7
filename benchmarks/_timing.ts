/**
 * Timing helpers of the benchmarks. On a shared machine wall-clock time includes the time other
 * jobs held the core, so single-threaded work is also measured in process CPU time (user + system).
 */

/** Median of the values (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (0-100) by linear interpolation between order statistics; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Wall-clock and process CPU time of one run, in ms. */
export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Runs `fn` once and returns its wall-clock and CPU time. */
export function measure(fn: () => void): Timing {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wallMs = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wallMs, cpuMs: (d.user + d.system) / 1000 };
}

/** Runs `fn` once and returns its wall-clock time in ms. */
export function timeMs(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Median wall and CPU ms of several timings. */
export function medianTiming(timings: readonly Timing[]): Timing {
  return { wallMs: median(timings.map((t) => t.wallMs)), cpuMs: median(timings.map((t) => t.cpuMs)) };
}
