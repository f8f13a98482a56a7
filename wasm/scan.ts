// AssemblyScript source of the WebAssembly SIMD kernels of scoring over a factor table (compiled
// by `npm run build:wasm` into src/_internal/linalg/scan-wasm-bytes.ts): the gather has the
// arithmetic of the TypeScript `dot` (src/_internal/linalg/dot.ts) operation for operation, so its
// float32 scores are the same bits; the block scan is an approximation with a proven error bound
// that the exact top-n scan uses as a prefilter (tests/internal/linalg/scan-wasm.test.ts).
// Memory is laid out by the caller; every argument is a byte offset into linear memory.

import { columnSums16 } from './lanes';

@inline function splat(x: f64): v128 { return f64x2.splat(x); }

// out[c] = x . row ids[c] of the float32 table (k per row), rounded to float32, with the summation
// of the scalar `dot`: four accumulators by f mod 4 (lanes (s0, s1) and (s2, s3)), the tail into
// s0, then ((s0 + s1) + s2) + s3. `x` is float64.
export function dotGather(x: usize, table: usize, k: i32, ids: usize, count: i32, out: usize): void {
  const rowBytes = <usize>k << 2;
  for (let c = 0; c < count; c++) {
    const y = table + <usize>load<i32>(ids + (<usize>c << 2)) * rowBytes;
    let lo = splat(0), hi = splat(0);
    let f = 0;
    for (; f + 3 < k; f += 4) {
      const a = v128.load(y + (<usize>f << 2));
      const xo = x + (<usize>f << 3);
      lo = f64x2.add(lo, f64x2.mul(f64x2.promote_low_f32x4(a), v128.load(xo)));
      hi = f64x2.add(hi, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 2, 3)), v128.load(xo, 16)));
    }
    let s0 = f64x2.extract_lane(lo, 0);
    for (; f < k; f++) s0 += <f64>load<f32>(y + (<usize>f << 2)) * load<f64>(x + (<usize>f << 3));
    store<f32>(out + (<usize>c << 2), <f32>(s0 + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1)));
  }
}

// Approximate scores in float32 lanes (the prefilter of the exact top-n scan): the table holds
// blocks of 16 rows, factor by factor (for block b, factor f: rows 16b .. 16b+15 side by side);
// out[i] = user . row i summed in float32 over f in order (one lane per row), for `blocks`
// blocks. `user` is float32. Within (k + 1) 2^-24 |user| |row| of the exact dot product.
export function approxBlocks(user: usize, table: usize, k: i32, blocks: i32, out: usize): void {
  for (let b = 0; b < blocks; b++) columnSums16(table + <usize>b * (<usize>k << 6), 64, user, k, out + (<usize>b << 6));
}
