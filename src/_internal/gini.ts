/**
 * Gini coefficient of non-negative amounts (members with zero included):
 * `G = sum_j (2j - n - 1) x_(j) / ((n - 1) sum x)` with `x` ascending and j 1-based.
 * 0 = perfectly equal, 1 = one member holds everything. 0 for fewer than 2 members or a zero total.
 * Does not mutate its input.
 * @example gini([0, 0, 0, 5]) // 1
 * @example gini([1, 2, 3]) // (-2*1 + 0*2 + 2*3) / (2 * 6) = 1/3
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  let weighted = 0;
  for (let j = 0; j < n; j++) {
    const x = sorted[j]!;
    total += x;
    weighted += (2 * (j + 1) - n - 1) * x;
  }
  if (total <= 0) return 0;
  return weighted / ((n - 1) * total);
}
