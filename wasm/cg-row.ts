// AssemblyScript source of the WebAssembly SIMD kernel of the iALS CG row solve (compiled by
// `npm run build:wasm` into src/_internal/linalg/cg-row-wasm-bytes.ts). The same arithmetic as the
// TypeScript reference, src/_internal/linalg/cg-row.ts, operation for operation: every sum keeps
// its order (f64x2 lanes hold different outputs, never two halves of one sum), products and sums
// are float64, so the results are the same bits (tests/internal/linalg/cg-row-wasm.test.ts).
// Memory is laid out by the caller; every argument is a byte offset into linear memory.

@inline function splat(x: f64): v128 { return f64x2.splat(x); }

// out[0..k) = G v, G symmetric k x k (column form: out[a] = sum_f G[f][a] v[f], f in order).
function matVec(G: usize, v: usize, out: usize, k: i32): void {
  let a = 0;
  for (; a + 7 < k; a += 8) {
    let s0 = splat(0), s1 = splat(0), s2 = splat(0), s3 = splat(0);
    let g = G + (<usize>a << 3);
    for (let f = 0; f < k; f++) {
      const vf = splat(load<f64>(v + (<usize>f << 3)));
      s0 = f64x2.add(s0, f64x2.mul(v128.load(g), vf));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(g, 16), vf));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(g, 32), vf));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(g, 48), vf));
      g += <usize>k << 3;
    }
    const o = out + (<usize>a << 3);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; a + 1 < k; a += 2) {
    let s0 = splat(0);
    let g = G + (<usize>a << 3);
    for (let f = 0; f < k; f++) {
      s0 = f64x2.add(s0, f64x2.mul(v128.load(g), splat(load<f64>(v + (<usize>f << 3)))));
      g += <usize>k << 3;
    }
    v128.store(out + (<usize>a << 3), s0);
  }
  for (; a < k; a++) {
    let s = 0.0;
    for (let f = 0; f < k; f++) s += load<f64>(G + ((<usize>(f * k + a)) << 3)) * load<f64>(v + (<usize>f << 3));
    store<f64>(out + (<usize>a << 3), s);
  }
}

// dot of two f64 vectors, four accumulators by f mod 4 (lanes (s0,s1), (s2,s3)), tail into s0.
function dot(a: usize, b: usize, k: i32): f64 {
  let lo = splat(0), hi = splat(0);
  let f = 0;
  for (; f + 3 < k; f += 4) {
    const o = <usize>f << 3;
    lo = f64x2.add(lo, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    hi = f64x2.add(hi, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  let s0 = f64x2.extract_lane(lo, 0);
  for (; f < k; f++) s0 += load<f64>(a + (<usize>f << 3)) * load<f64>(b + (<usize>f << 3));
  return s0 + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
}

// The dot products of two float32 rows ya, yb with the float64 vector v, as lanes (ya.v, yb.v):
// each lane one accumulator over f in order (the scalar kernel's sum, to the bit).
@inline function dotPair(ya: usize, yb: usize, v: usize, k: i32): v128 {
  let d = splat(0);
  let f = 0;
  for (; f + 3 < k; f += 4) {
    const fo = <usize>f << 2;
    const a = v128.load(ya + fo), b = v128.load(yb + fo);
    const vo = v + (<usize>f << 3);
    d = f64x2.add(d, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a, b, 0, 4, 0, 4)), splat(load<f64>(vo))));
    d = f64x2.add(d, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a, b, 1, 5, 1, 5)), splat(load<f64>(vo, 8))));
    d = f64x2.add(d, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a, b, 2, 6, 2, 6)), splat(load<f64>(vo, 16))));
    d = f64x2.add(d, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a, b, 3, 7, 3, 7)), splat(load<f64>(vo, 24))));
  }
  if (f < k) {
    let da = f64x2.extract_lane(d, 0), db = f64x2.extract_lane(d, 1);
    for (; f < k; f++) {
      const vf = load<f64>(v + (<usize>f << 3));
      da += <f64>load<f32>(ya + (<usize>f << 2)) * vf;
      db += <f64>load<f32>(yb + (<usize>f << 2)) * vf;
    }
    d = f64x2.replace_lane(f64x2.splat(da), 1, db);
  }
  return d;
}

// Scores `pairs` row pairs of a float32 table laid out as pairs: for pair p, k entries of two
// floats (row 2p, row 2p+1) factor f, against the float64 `user`: out[2p + q] = user . row (2p + q),
// one float64 accumulator per row over f in order, rounded to float32.
export function scorePairs(user: usize, table: usize, k: i32, pairs: i32, out: usize): void {
  const pairBytes = <usize>k << 3;
  let p = 0;
  for (; p + 3 < pairs; p += 4) {
    let a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
    let t = table + <usize>p * pairBytes;
    for (let f = 0; f < k; f++) {
      const u = splat(load<f64>(user + (<usize>f << 3)));
      a0 = f64x2.add(a0, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(t)), u));
      a1 = f64x2.add(a1, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(t + pairBytes)), u));
      a2 = f64x2.add(a2, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(t + 2 * pairBytes)), u));
      a3 = f64x2.add(a3, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(t + 3 * pairBytes)), u));
      t += 8;
    }
    const o = out + (<usize>p << 3);
    v128.store(o, f32x4.demote_f64x2_zero(a0));
    v128.store(o + 8, f32x4.demote_f64x2_zero(a1));
    v128.store(o + 16, f32x4.demote_f64x2_zero(a2));
    v128.store(o + 24, f32x4.demote_f64x2_zero(a3));
  }
  for (; p < pairs; p++) {
    let a = splat(0);
    let t = table + <usize>p * pairBytes;
    for (let f = 0; f < k; f++) {
      a = f64x2.add(a, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(t)), splat(load<f64>(user + (<usize>f << 3)))));
      t += 8;
    }
    v128.store(out + (<usize>p << 3), f32x4.demote_f64x2_zero(a));
  }
}

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
      const s0 = splat(a0), s1 = splat(a1), s2 = splat(a2), s3 = splat(a3);
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

// Sparse part: for items e in [start, end) (rows at Y + cols[e]*k*4), d = y.v, c = base(1+w) + sign w d, out += c y.
function addItems(Y: usize, cols: usize, vals: usize, start: i32, end: i32, k: i32, alpha: f64, v: usize, base: f64, sign: f64, out: usize): void {
  const rowBytes = <usize>k << 2;
  let e = start;
  for (; e + 3 < end; e += 4) {
    const y0 = Y + <usize>load<i32>(cols + (<usize>e << 2)) * rowBytes;
    const y1 = Y + <usize>load<i32>(cols + (<usize>e << 2), 4) * rowBytes;
    const y2 = Y + <usize>load<i32>(cols + (<usize>e << 2), 8) * rowBytes;
    const y3 = Y + <usize>load<i32>(cols + (<usize>e << 2), 12) * rowBytes;
    // The four dot products, two per lane pair, one pass over v (dotPair's arithmetic, shared splats).
    let d01 = splat(0), d23 = splat(0);
    let f = 0;
    for (; f + 3 < k; f += 4) {
      const fo = <usize>f << 2;
      const a0 = v128.load(y0 + fo), a1 = v128.load(y1 + fo), a2 = v128.load(y2 + fo), a3 = v128.load(y3 + fo);
      const vo = v + (<usize>f << 3);
      const v0 = splat(load<f64>(vo)), v1 = splat(load<f64>(vo, 8)), v2 = splat(load<f64>(vo, 16)), v3 = splat(load<f64>(vo, 24));
      d01 = f64x2.add(d01, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a0, a1, 0, 4, 0, 4)), v0));
      d23 = f64x2.add(d23, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a2, a3, 0, 4, 0, 4)), v0));
      d01 = f64x2.add(d01, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a0, a1, 1, 5, 1, 5)), v1));
      d23 = f64x2.add(d23, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a2, a3, 1, 5, 1, 5)), v1));
      d01 = f64x2.add(d01, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a0, a1, 2, 6, 2, 6)), v2));
      d23 = f64x2.add(d23, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a2, a3, 2, 6, 2, 6)), v2));
      d01 = f64x2.add(d01, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a0, a1, 3, 7, 3, 7)), v3));
      d23 = f64x2.add(d23, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a2, a3, 3, 7, 3, 7)), v3));
    }
    let d0 = f64x2.extract_lane(d01, 0), d1 = f64x2.extract_lane(d01, 1), d2 = f64x2.extract_lane(d23, 0), d3 = f64x2.extract_lane(d23, 1);
    for (; f < k; f++) {
      const vf = load<f64>(v + (<usize>f << 3));
      const fo = <usize>f << 2;
      d0 += <f64>load<f32>(y0 + fo) * vf; d1 += <f64>load<f32>(y1 + fo) * vf; d2 += <f64>load<f32>(y2 + fo) * vf; d3 += <f64>load<f32>(y3 + fo) * vf;
    }
    f = 0;
    const vp = vals + (<usize>e << 2);
    const w0 = alpha * <f64>load<f32>(vp), w1 = alpha * <f64>load<f32>(vp, 4), w2 = alpha * <f64>load<f32>(vp, 8), w3 = alpha * <f64>load<f32>(vp, 12);
    const c0 = splat(base * (1 + w0) + sign * w0 * d0);
    const c1 = splat(base * (1 + w1) + sign * w1 * d1);
    const c2 = splat(base * (1 + w2) + sign * w2 * d2);
    const c3 = splat(base * (1 + w3) + sign * w3 * d3);
    for (; f + 3 < k; f += 4) {
      const fo = <usize>f << 2;
      const oo = out + (<usize>f << 3);
      // Two factors per lane pair: 64-bit loads of two floats each, widened.
      let t = f64x2.add(f64x2.mul(c0, f64x2.promote_low_f32x4(v128.load64_zero(y0 + fo))), f64x2.mul(c1, f64x2.promote_low_f32x4(v128.load64_zero(y1 + fo))));
      t = f64x2.add(t, f64x2.mul(c2, f64x2.promote_low_f32x4(v128.load64_zero(y2 + fo))));
      t = f64x2.add(t, f64x2.mul(c3, f64x2.promote_low_f32x4(v128.load64_zero(y3 + fo))));
      v128.store(oo, f64x2.add(v128.load(oo), t));
      let u = f64x2.add(f64x2.mul(c0, f64x2.promote_low_f32x4(v128.load64_zero(y0 + fo, 8))), f64x2.mul(c1, f64x2.promote_low_f32x4(v128.load64_zero(y1 + fo, 8))));
      u = f64x2.add(u, f64x2.mul(c2, f64x2.promote_low_f32x4(v128.load64_zero(y2 + fo, 8))));
      u = f64x2.add(u, f64x2.mul(c3, f64x2.promote_low_f32x4(v128.load64_zero(y3 + fo, 8))));
      v128.store(oo, f64x2.add(v128.load(oo, 16), u), 16);
    }
    const s0 = f64x2.extract_lane(c0, 0), s1 = f64x2.extract_lane(c1, 0), s2 = f64x2.extract_lane(c2, 0), s3 = f64x2.extract_lane(c3, 0);
    for (; f < k; f++) {
      const fo = <usize>f << 2;
      const p = out + (<usize>f << 3);
      store<f64>(p, load<f64>(p) + (s0 * <f64>load<f32>(y0 + fo) + s1 * <f64>load<f32>(y1 + fo) + s2 * <f64>load<f32>(y2 + fo) + s3 * <f64>load<f32>(y3 + fo)));
    }
  }
  for (; e < end; e++) {
    const y = Y + <usize>load<i32>(cols + (<usize>e << 2)) * rowBytes;
    let d = 0.0;
    for (let f = 0; f < k; f++) d += <f64>load<f32>(y + (<usize>f << 2)) * load<f64>(v + (<usize>f << 3));
    const w = alpha * <f64>load<f32>(vals + (<usize>e << 2));
    const c = base * (1 + w) + sign * w * d;
    for (let f = 0; f < k; f++) {
      const p = out + (<usize>f << 3);
      store<f64>(p, load<f64>(p) + c * <f64>load<f32>(y + (<usize>f << 2)));
    }
  }
}

// Solves rows [from, to) of X (rows at X + row*k*4, f32) against Y, G; CSR indptr/cols/vals; scratch at S (4k f64).
export function solveRows(X: usize, Y: usize, G: usize, indptr: usize, cols: usize, vals: usize, alpha: f64, k: i32, steps: i32, from: i32, to: i32, S: usize): void {
  const kb = <usize>k << 3;
  const x = S, r = S + kb, p = S + 2 * kb, ap = S + 3 * kb;
  for (let row = from; row < to; row++) {
    const xo = X + <usize>row * (<usize>k << 2);
    const start = load<i32>(indptr + (<usize>row << 2));
    const end = load<i32>(indptr + (<usize>row << 2), 4);
    for (let f = 0; f < k; f++) store<f64>(x + (<usize>f << 3), <f64>load<f32>(xo + (<usize>f << 2)));
    matVec(G, x, r, k);
    for (let f = 0; f < k; f++) store<f64>(r + (<usize>f << 3), -load<f64>(r + (<usize>f << 3)));
    addItems(Y, cols, vals, start, end, k, alpha, x, 1, -1, r);
    for (let f = 0; f < k; f++) store<f64>(p + (<usize>f << 3), load<f64>(r + (<usize>f << 3)));
    let rsold = dot(r, r, k);
    if (rsold < 1e-20) continue;
    for (let it = 0; it < steps; it++) {
      matVec(G, p, ap, k);
      addItems(Y, cols, vals, start, end, k, alpha, p, 0, 1, ap);
      const pAp = dot(p, ap, k);
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
