/** Small dense linear algebra for hand checks in tests (row-major float64). */

/** Inverse of an n x n matrix by Gauss-Jordan elimination with partial pivoting. */
export function gaussJordanInverse(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        [m[col * n + c], m[pivot * n + c]] = [m[pivot * n + c]!, m[col * n + c]!];
        [inv[col * n + c], inv[pivot * n + c]] = [inv[pivot * n + c]!, inv[col * n + c]!];
      }
    }
    const d = m[col * n + col]!;
    for (let c = 0; c < n; c++) {
      m[col * n + c] = m[col * n + c]! / d;
      inv[col * n + c] = inv[col * n + c]! / d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col]!;
      if (f === 0) continue;
      for (let c = 0; c < n; c++) {
        m[r * n + c] = m[r * n + c]! - f * m[col * n + c]!;
        inv[r * n + c] = inv[r * n + c]! - f * inv[col * n + c]!;
      }
    }
  }
  return inv;
}

/** Product of two n x n matrices. */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return out;
}

/** Solves A x = b for an n x n matrix. */
export function solve(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const inv = gaussJordanInverse(a, n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i]! += inv[i * n + j]! * b[j]!;
  return x;
}
