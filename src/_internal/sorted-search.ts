/**
 * Position of `x` in the ascending array `a`, or -1 (binary search, O(log n)).
 * @example indexOfSorted(Int32Array.of(2, 5, 9), 5) // 1
 */
export function indexOfSorted(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
