import { studentTQuantile } from './student-t.js';

/** Mean and two-sided 95% confidence interval of a sample. */
export interface MeanCi {
  readonly mean: number;
  /**
   * `[lo, hi]` = mean -/+ t(0.975, n - 1) * sd / sqrt(n), clipped to the metric's range when one is
   * given (so an interval may be asymmetric about the mean); `[mean, mean]` when n < 2.
   */
  readonly ci95: readonly [number, number];
  readonly n: number;
}

/** Arithmetic mean; 0 for an empty sample. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  return s / n;
}

/** Sample standard deviation (n - 1 denominator); 0 when n < 2. */
export function sampleStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Mean and confidence interval with the t distribution at `level` (default 0.95). With `range`
 * (the values' possible range, e.g. `[0, 1]` for NDCG), the interval is clipped to it: the mean of
 * values in a range lies in that range, so the part of a t interval outside it (small samples,
 * skewed 0/1 values) is impossible.
 * @example meanCi([1, 2, 3]).ci95 // [2 - 4.303 * 1 / sqrt(3), 2 + ...] = [-0.484, 4.484]
 * @example meanCi([1, 2, 3], 0.95, [0, 3]).ci95 // [0, 3]
 */
export function meanCi(values: ArrayLike<number>, level = 0.95, range?: readonly [number, number]): MeanCi {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, ci95: [m, m], n };
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sampleStd(values) / Math.sqrt(n));
  if (range === undefined) return { mean: m, ci95: [m - half, m + half], n };
  return { mean: m, ci95: [Math.max(range[0], m - half), Math.min(range[1], m + half)], n };
}
