import { studentTQuantile } from './student-t.js';

/** Mean and two-sided 95% confidence interval of a sample. */
export interface MeanCi {
  readonly mean: number;
  /** `[lo, hi]` = mean -/+ t(0.975, n - 1) * sd / sqrt(n); `[mean, mean]` when n < 2. */
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
 * Mean and confidence interval with the t distribution at `level` (default 0.95).
 * @example meanCi([1, 2, 3]).ci95 // [2 - 4.303 * 1 / sqrt(3), 2 + ...] = [-0.484, 4.484]
 */
export function meanCi(values: ArrayLike<number>, level = 0.95): MeanCi {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, ci95: [m, m], n };
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sampleStd(values) / Math.sqrt(n));
  return { mean: m, ci95: [m - half, m + half], n };
}
