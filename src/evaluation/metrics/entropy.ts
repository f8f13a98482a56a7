/**
 * Normalised Shannon entropy of non-negative amounts: `-sum p log p / log n` with `p = x / sum x`
 * over all `n` members (zeros included). 1 = perfectly even, 0 = one member holds everything.
 * 0 for fewer than 2 members or a zero total.
 * @example normalisedEntropy([1, 1, 1, 1]) // 1
 */
export function normalisedEntropy(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i]!;
  if (total <= 0) return 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    const p = values[i]! / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h / Math.log(n);
}
