/**
 * The median of the first `n` values of `values` (the mean of the two middle ones when `n` is
 * even; NaN when `n` is 0), found by selection in expected O(n) rather than a sort. Reorders those
 * `n` entries in place.
 */
export function medianInPlace(values: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  const mid = n >> 1;
  const upper = selectInPlace(values, n, mid);
  if (n % 2 === 1) return upper;
  // After selecting `mid`, the entries before it are the mid smallest: the lower middle is their maximum.
  let lower = values[0]!;
  for (let i = 1; i < mid; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/**
 * Puts the `k`-th smallest (0-based) of the first `n` values at index `k`, the smaller ones before
 * it and the larger ones after it (Hoare's selection, median-of-three pivots); returns it.
 */
function selectInPlace(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const m = (lo + hi) >>> 1;
    // Median of three as the pivot keeps sorted and reverse-sorted input linear.
    if (a[m]! < a[lo]!) swap(a, m, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[m]!) swap(a, hi, m);
    const pivot = a[m]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
