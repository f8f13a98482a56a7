import type { Rng } from '../../_internal/rng.js';

/**
 * Zipf-distributed sizes: `total` units over `k` bins, each bin at least one unit, the remaining
 * `total - k` units drawn one by one with P(bin of rank r) proportional to `r^-exponent`.
 * Bin 0 has rank 1 (the largest expected size). Requires `total >= k >= 1`.
 *
 * @example zipfSizes(new Rng(1), 3, 10, 1) // e.g. Int32Array [6, 3, 1]
 */
export function zipfSizes(rng: Rng, k: number, total: number, exponent: number): Int32Array {
  const sizes = new Int32Array(k).fill(1);
  const cumulative = new Float64Array(k);
  let acc = 0;
  for (let r = 0; r < k; r++) {
    acc += Math.pow(r + 1, -exponent);
    cumulative[r] = acc;
  }
  for (let i = k; i < total; i++) sizes[pickCumulative(cumulative, rng.next() * acc)]! += 1;
  return sizes;
}

/** Index of the first entry of an increasing cumulative array greater than `x` (binary search). */
export function pickCumulative(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
