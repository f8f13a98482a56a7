// AssemblyScript source of the WebAssembly SIMD kernels of the iALS half-sweep (compiled by
// `npm run build:wasm` into src/_internal/linalg/cg-row-wasm-bytes.ts): the Gram matrix YtY and
// the conjugate-gradient row solve. The solve computes the products that carry the cost in
// float32 with f32x4 lanes (the factors are float32, as in the implicit library: four products
// per instruction where float64 gives two), and keeps float64 where rounding would build up: the
// CG vectors x, r, p, Ap and every scalar of the method, and the sparse sums, which are flushed
// from float32 into float64 every FLUSH items. The TypeScript kernel (src/_internal/linalg/cg-row.ts)
// is the reference: the results agree within float32 rounding (tests/internal/linalg/cg-row-wasm.test.ts).
// Memory is laid out by the caller; every argument is a byte offset into linear memory.

import { columnSums16 } from './lanes';

// Items summed in float32 before their sum is added into the float64 vector.
const FLUSH: i32 = 64;

@inline function zero(): v128 { return f32x4.splat(0); }

// Factors rounded up to a whole number of f32x4 lanes: the stride of the float32 Gram and of
// the work vectors.
@inline function padded(k: i32): i32 { return (k + 3) & ~3; }

// The four lane sums of a0 .. a3 as the lanes of one vector: [sum a0, sum a1, sum a2, sum a3].
@inline function laneSums(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const t0 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
  const t1 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
}

// out[0..kp) = G v in float64 (entries k..kp get 0): G is k rows of kp float32 (symmetric, zero
// padded), v float32; out[a] = sum_f G[f][a] v[f], float32 lanes over 16 outputs at a time (summed
// at tmp, 16 floats, then widened).
function matVec(G: usize, v: usize, out: usize, k: i32, tmp: usize): void {
  const kp = padded(k);
  const stride = <usize>kp << 2;
  let a = 0;
  for (; a + 15 < kp; a += 16) {
    columnSums16(G + (<usize>a << 2), stride, v, k, tmp);
    for (let q = 0; q < 4; q++) storeWide(out + (<usize>(a + 4 * q) << 3), v128.load(tmp + (<usize>q << 4)));
  }
  for (; a < kp; a += 4) {
    let s = zero();
    let g = G + (<usize>a << 2);
    for (let f = 0; f < k; f++) {
      s = f32x4.add(s, f32x4.mul(v128.load(g), v128.load32_splat(v + (<usize>f << 2))));
      g += stride;
    }
    storeWide(out + (<usize>a << 3), s);
  }
}

// Stores the four float32 lanes of s as four float64 values at o.
@inline function storeWide(o: usize, s: v128): void {
  v128.store(o, f64x2.promote_low_f32x4(s));
  v128.store(o, f64x2.promote_low_f32x4(v128.shuffle<f32>(s, s, 2, 3, 2, 3)), 16);
}

// out[0..k) += acc[0..k) (float32 into float64), then acc = 0.
function flush(acc: usize, out: usize, k: i32): void {
  for (let f = 0; f < k; f++) {
    const a = acc + (<usize>f << 2);
    const o = out + (<usize>f << 3);
    store<f64>(o, load<f64>(o) + <f64>load<f32>(a));
    store<f32>(a, 0);
  }
}

// Float64 dot product of two vectors of k entries (one accumulator, in order).
function dot64(a: usize, b: usize, k: i32): f64 {
  let s = 0.0;
  for (let f = 0; f < k; f++) s += load<f64>(a + (<usize>f << 3)) * load<f64>(b + (<usize>f << 3));
  return s;
}

// The sparse part of one CG product over the row's items e in [start, end): with w = alpha v_e
// and d = y_e . v, adds c y_e to out, c = base + w (base + sign d). With base 0, sign 1 that is
// Yt (C - I) Y v; with base 1, sign -1 it is Yt C p - Yt (C - I) Y v (p = 1 on observed items).
// Four items at a time: one pass over v for their four dot products, one over acc for the four
// updates; acc (float32, zero on entry) is flushed into out every FLUSH items and at the end.
function addItems(Y: usize, cols: usize, vals: usize, start: i32, end: i32, k: i32, alpha: f32, v: usize, base: f32, sign: f32, out: usize, acc: usize): void {
  const rowBytes = <usize>k << 2;
  const k4 = k & ~3;
  const vBase = f32x4.splat(base), vSign = f32x4.splat(sign), vAlpha = f32x4.splat(alpha);
  let pending = 0;
  let e = start;
  for (; e + 3 < end; e += 4) {
    const ce = cols + (<usize>e << 2);
    const y0 = Y + <usize>load<i32>(ce) * rowBytes;
    const y1 = Y + <usize>load<i32>(ce, 4) * rowBytes;
    const y2 = Y + <usize>load<i32>(ce, 8) * rowBytes;
    const y3 = Y + <usize>load<i32>(ce, 12) * rowBytes;
    let a0 = zero(), a1 = zero(), a2 = zero(), a3 = zero();
    let f = 0;
    for (; f < k4; f += 4) {
      const fo = <usize>f << 2;
      const vv = v128.load(v + fo);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(y0 + fo), vv));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(y1 + fo), vv));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(y2 + fo), vv));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(y3 + fo), vv));
    }
    let d = laneSums(a0, a1, a2, a3);
    if (f < k) {
      let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
      for (; f < k; f++) {
        const fo = <usize>f << 2;
        const vf = load<f32>(v + fo);
        t0 += load<f32>(y0 + fo) * vf; t1 += load<f32>(y1 + fo) * vf; t2 += load<f32>(y2 + fo) * vf; t3 += load<f32>(y3 + fo) * vf;
      }
      d = f32x4.add(d, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(t0), 1, t1), 2, t2), 3, t3));
    }
    const w = f32x4.mul(vAlpha, v128.load(vals + (<usize>e << 2)));
    const c = f32x4.add(vBase, f32x4.mul(w, f32x4.add(vBase, f32x4.mul(vSign, d))));
    const c0 = v128.shuffle<f32>(c, c, 0, 0, 0, 0), c1 = v128.shuffle<f32>(c, c, 1, 1, 1, 1);
    const c2 = v128.shuffle<f32>(c, c, 2, 2, 2, 2), c3 = v128.shuffle<f32>(c, c, 3, 3, 3, 3);
    for (f = 0; f < k4; f += 4) {
      const fo = <usize>f << 2;
      const t01 = f32x4.add(f32x4.mul(c0, v128.load(y0 + fo)), f32x4.mul(c1, v128.load(y1 + fo)));
      const t23 = f32x4.add(f32x4.mul(c2, v128.load(y2 + fo)), f32x4.mul(c3, v128.load(y3 + fo)));
      v128.store(acc + fo, f32x4.add(v128.load(acc + fo), f32x4.add(t01, t23)));
    }
    if (f < k) {
      const s0 = f32x4.extract_lane(c, 0), s1 = f32x4.extract_lane(c, 1), s2 = f32x4.extract_lane(c, 2), s3 = f32x4.extract_lane(c, 3);
      for (; f < k; f++) {
        const fo = <usize>f << 2;
        store<f32>(acc + fo, load<f32>(acc + fo) + ((s0 * load<f32>(y0 + fo) + s1 * load<f32>(y1 + fo)) + (s2 * load<f32>(y2 + fo) + s3 * load<f32>(y3 + fo))));
      }
    }
    pending += 4;
    if (pending >= FLUSH) {
      flush(acc, out, k);
      pending = 0;
    }
  }
  for (; e < end; e++) {
    const y = Y + <usize>load<i32>(cols + (<usize>e << 2)) * rowBytes;
    let a = zero();
    let f = 0;
    for (; f < k4; f += 4) a = f32x4.add(a, f32x4.mul(v128.load(y + (<usize>f << 2)), v128.load(v + (<usize>f << 2))));
    let d: f32 = (f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 2)) + (f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 3));
    for (; f < k; f++) d += load<f32>(y + (<usize>f << 2)) * load<f32>(v + (<usize>f << 2));
    const w: f32 = alpha * load<f32>(vals + (<usize>e << 2));
    const cs: f32 = base + w * (base + sign * d);
    const cv = f32x4.splat(cs);
    for (f = 0; f < k4; f += 4) {
      const fo = <usize>f << 2;
      v128.store(acc + fo, f32x4.add(v128.load(acc + fo), f32x4.mul(cv, v128.load(y + fo))));
    }
    for (; f < k; f++) store<f32>(acc + (<usize>f << 2), load<f32>(acc + (<usize>f << 2)) + cs * load<f32>(y + (<usize>f << 2)));
  }
  flush(acc, out, k);
}

// Solves rows [from, to) of X (float32 rows of k at X + row*k*4) against Y: CG on
// (YtY + reg I + Yt (C - I) Y) x = Yt C p, `steps` steps warm-started from the row. G: the
// float32 Gram YtY + reg I, k rows of padded(k) entries (zero padded). CSR indptr/cols/vals.
// Scratch at S: x, r, p, ap (float64, padded(k) each), then pf and acc (float32, padded(k) each)
// and 16 floats for the Gram product's sums.
export function solveRows(X: usize, Y: usize, G: usize, indptr: usize, cols: usize, vals: usize, alpha: f64, k: i32, steps: i32, from: i32, to: i32, S: usize): void {
  const kb = <usize>padded(k) << 3;
  const x = S, r = S + kb, p = S + 2 * kb, ap = S + 3 * kb, pf = S + 4 * kb, acc = pf + (kb >> 1), tmp = acc + (kb >> 1);
  const alpha32 = <f32>alpha;
  for (let f = 0; f < padded(k); f++) store<f32>(acc + (<usize>f << 2), 0);
  for (let row = from; row < to; row++) {
    const xo = X + <usize>row * (<usize>k << 2);
    const start = load<i32>(indptr + (<usize>row << 2));
    const end = load<i32>(indptr + (<usize>row << 2), 4);
    for (let f = 0; f < k; f++) store<f64>(x + (<usize>f << 3), <f64>load<f32>(xo + (<usize>f << 2)));
    // r = b - A x, with b = sum c_i y_i and A = G + sum (c_i - 1) y_i y_i^T.
    matVec(G, xo, r, k, tmp);
    for (let f = 0; f < k; f++) store<f64>(r + (<usize>f << 3), -load<f64>(r + (<usize>f << 3)));
    addItems(Y, cols, vals, start, end, k, alpha32, xo, 1, -1, r, acc);
    for (let f = 0; f < k; f++) store<f64>(p + (<usize>f << 3), load<f64>(r + (<usize>f << 3)));
    let rsold = dot64(r, r, k);
    if (rsold < 1e-20) continue;
    for (let it = 0; it < steps; it++) {
      for (let f = 0; f < k; f++) store<f32>(pf + (<usize>f << 2), <f32>load<f64>(p + (<usize>f << 3)));
      matVec(G, pf, ap, k, tmp);
      addItems(Y, cols, vals, start, end, k, alpha32, pf, 0, 1, ap, acc);
      const pAp = dot64(p, ap, k);
      if (!(pAp > 0)) break;
      const step = rsold / pAp;
      let rsnew = 0.0;
      for (let f = 0; f < k; f++) {
        const o = <usize>f << 3;
        store<f64>(x + o, load<f64>(x + o) + step * load<f64>(p + o));
        const rf = load<f64>(r + o) - step * load<f64>(ap + o);
        store<f64>(r + o, rf);
        rsnew += rf * rf;
      }
      if (rsnew < 1e-20) break;
      const beta = rsnew / rsold;
      for (let f = 0; f < k; f++) {
        const o = <usize>f << 3;
        store<f64>(p + o, load<f64>(r + o) + beta * load<f64>(p + o));
      }
      rsold = rsnew;
    }
    for (let f = 0; f < k; f++) store<f32>(xo + (<usize>f << 2), <f32>load<f64>(x + (<usize>f << 3)));
  }
}

// The bytes of scratch solveRows needs at S for k factors.
export function scratchBytes(k: i32): i32 {
  return padded(k) * (4 * 8 + 2 * 4) + 64;
}

// The float32 Gram of solveRows from the float64 one (k x k, both triangles): k rows of padded(k).
export function narrowGram(G64: usize, G32: usize, k: i32): void {
  const kp = padded(k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < kp; b++) {
      store<f32>(G32 + (<usize>(a * kp + b) << 2), b < k ? <f32>load<f64>(G64 + (<usize>(a * k + b) << 3)) : 0);
    }
  }
}

// Rows aFrom..aTo of the upper triangle of YtY added into G (k x k float64, entries b >= a), Y
// float32 rows x k: per group of four rows of Y, G[a][b] += ((a0 y0b + a1 y1b) + a2 y2b) + a3 y3b,
// then the rows left one by one; lanes hold two entries b, b+1 of one row of G.
export function gramRows(Y: usize, rows: i32, k: i32, G: usize, aFrom: i32, aTo: i32): void {
  const rowBytes = <usize>k << 2;
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const y0 = Y + <usize>r * rowBytes, y1 = y0 + rowBytes, y2 = y1 + rowBytes, y3 = y2 + rowBytes;
    for (let a = aFrom; a < aTo; a++) {
      const a0 = <f64>load<f32>(y0 + (<usize>a << 2)), a1 = <f64>load<f32>(y1 + (<usize>a << 2)), a2 = <f64>load<f32>(y2 + (<usize>a << 2)), a3 = <f64>load<f32>(y3 + (<usize>a << 2));
      const ga = G + (<usize>(a * k) << 3);
      let b = a;
      if ((b & 1) !== 0) {
        const bo = <usize>b << 2;
        store<f64>(ga + (<usize>b << 3), load<f64>(ga + (<usize>b << 3)) + (a0 * <f64>load<f32>(y0 + bo) + a1 * <f64>load<f32>(y1 + bo) + a2 * <f64>load<f32>(y2 + bo) + a3 * <f64>load<f32>(y3 + bo)));
        b++;
      }
      const s0 = f64x2.splat(a0), s1 = f64x2.splat(a1), s2 = f64x2.splat(a2), s3 = f64x2.splat(a3);
      for (; b + 1 < k; b += 2) {
        const bo = <usize>b << 2;
        let t = f64x2.add(f64x2.mul(s0, f64x2.promote_low_f32x4(v128.load64_zero(y0 + bo))), f64x2.mul(s1, f64x2.promote_low_f32x4(v128.load64_zero(y1 + bo))));
        t = f64x2.add(t, f64x2.mul(s2, f64x2.promote_low_f32x4(v128.load64_zero(y2 + bo))));
        t = f64x2.add(t, f64x2.mul(s3, f64x2.promote_low_f32x4(v128.load64_zero(y3 + bo))));
        const g = ga + (<usize>b << 3);
        v128.store(g, f64x2.add(v128.load(g), t));
      }
      if (b < k) {
        const bo = <usize>b << 2;
        store<f64>(ga + (<usize>b << 3), load<f64>(ga + (<usize>b << 3)) + (a0 * <f64>load<f32>(y0 + bo) + a1 * <f64>load<f32>(y1 + bo) + a2 * <f64>load<f32>(y2 + bo) + a3 * <f64>load<f32>(y3 + bo)));
      }
    }
  }
  for (; r < rows; r++) {
    const y = Y + <usize>r * rowBytes;
    for (let a = aFrom; a < aTo; a++) {
      const ya = <f64>load<f32>(y + (<usize>a << 2));
      const ga = G + (<usize>(a * k) << 3);
      for (let b = a; b < k; b++) store<f64>(ga + (<usize>b << 3), load<f64>(ga + (<usize>b << 3)) + ya * <f64>load<f32>(y + (<usize>b << 2)));
    }
  }
}

