// Shared AssemblyScript helpers of the kernels (inlined into each module that imports them).

// 16 column sums in float32 lanes: out[j] = sum over f < k of M[f][j] v[f] for j < 16, where row
// f of M starts at M + f * stride (bytes) and v is float32; each sum runs over f in order.
@inline export function columnSums16(M: usize, stride: usize, v: usize, k: i32, out: usize): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let m = M;
  for (let f = 0; f < k; f++) {
    const vf = v128.load32_splat(v + (<usize>f << 2));
    s0 = f32x4.add(s0, f32x4.mul(v128.load(m), vf));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(m, 16), vf));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(m, 32), vf));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(m, 48), vf));
    m += stride;
  }
  v128.store(out, s0);
  v128.store(out, s1, 16);
  v128.store(out, s2, 32);
  v128.store(out, s3, 48);
}
