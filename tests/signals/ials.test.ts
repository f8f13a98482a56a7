/**
 * iALS (Hu, Koren, Volinsky 2008; CG solver of Takacs et al. 2011): the CG row solve against the
 * exact dense solve, fold-in against the fitted user row with the item factors fixed, seed
 * determinism bit for bit, the progress/loss callback (loss checked against a dense computation),
 * similarity, state guards and the config round trip.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import { ConfigError, FormatError, NotFittedError } from '../../src/errors.js';
import type { Event, Product } from '../../src/schema/entities.js';
import { createIals, IalsConfigSchema, type IalsProgress, type IalsSignal } from '../../src/signals/ials.js';
import type { StateArray, UserContext } from '../../src/signals/signal.js';
import { blockDataset, contextOf } from '../contracts/signal-contract.js';
import { solve } from '../internal/_matrix.js';

/** Installs hand-made item factors (items x k, row-major) on an unfitted signal. */
function withItems(signal: IalsSignal, Y: number[], items: number): IalsSignal {
  signal.setFactors(new Float32Array(0), Float32Array.from(Y), 0, items);
  return signal;
}

/** Exact solution of (YtY + reg I + sum alpha w_i y_i y_i^T) x = sum (1 + alpha w_i) y_i. */
function denseRow(Y: ArrayLike<number>, items: number, k: number, cols: number[], w: number[], alpha: number, reg: number): Float64Array {
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let i = 0; i < items; i++) for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) A[a * k + c]! += Y[i * k + a]! * Y[i * k + c]!;
  for (let a = 0; a < k; a++) A[a * k + a]! += reg;
  cols.forEach((i, t) => {
    const conf = 1 + alpha * w[t]!;
    for (let a = 0; a < k; a++) {
      b[a]! += conf * Y[i * k + a]!;
      for (let c = 0; c < k; c++) A[a * k + c]! += (conf - 1) * Y[i * k + a]! * Y[i * k + c]!;
    }
  });
  return solve(A, b, k);
}

/** The training loss of DESIGN.md 3, computed densely over every cell from stored factors. */
function denseLoss(ds: Dataset, X: Float32Array, Y: Float32Array, k: number, alpha: number, reg: number): number {
  const m = ds.interactions;
  let total = 0;
  for (let u = 0; u < m.rows; u++) {
    const w = new Map<number, number>();
    for (let e = m.indptr[u]!; e < m.indptr[u + 1]!; e++) w.set(m.indices[e]!, m.values[e]!);
    for (let i = 0; i < m.cols; i++) {
      let s = 0;
      for (let f = 0; f < k; f++) s += X[u * k + f]! * Y[i * k + f]!;
      const wi = w.get(i);
      const c = wi === undefined ? 1 : 1 + alpha * wi;
      const p = wi === undefined ? 0 : 1;
      total += c * (p - s) ** 2;
    }
  }
  let norms = 0;
  for (const v of X) norms += v * v;
  for (const v of Y) norms += v * v;
  return (total + reg * norms) / (m.rows * m.cols);
}

function ctx(items: number[], weights: number[], userId = 'x', user = -1): UserContext {
  return { userId, user, items: Int32Array.from(items), weights: Float32Array.from(weights), now: 0, topics: [] };
}

function bytes(a: Float32Array): number[] {
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** A small marketplace with repeated and decayed events (weights other than 1). */
function smallDataset(): Dataset {
  const products: Product[] = Array.from({ length: 7 }, (_, i) => ({ id: `i${i}`, merchantId: 'm', title: `i${i}`, description: '', tags: [], category: '', inStock: true }));
  const events: Event[] = [];
  const T = Date.UTC(2026, 0, 1);
  for (let u = 0; u < 9; u++) {
    for (let i = 0; i < 7; i++) {
      if ((u + 2 * i) % 3 === 0) events.push({ userId: `u${u}`, productId: `i${i}`, type: (u + i) % 2 === 0 ? 'view' : 'cart', timestamp: T - (u + i) * 86_400_000 });
    }
  }
  return buildDataset({ products, events }, { now: T });
}

describe('iALS row solve', () => {
  it('one factor by hand: x = sum c_i y_i / (sum y^2 + reg + sum alpha w_i y_i^2)', () => {
    // Y = [1, 2, 0.5]; the user has item 1 with weight 1; alpha 3, reg 0.5:
    // c = 4, x = 4 * 2 / (5.25 + 0.5 + 3 * 4) = 8 / 17.75.
    const s = withItems(createIals({ factors: 1, alpha: 3, regularization: 0.5 }), [1, 2, 0.5], 3);
    const x = s.foldInUser(Int32Array.from([1]), Float32Array.from([1]));
    expect(x[0]).toBeCloseTo(8 / 17.75, 6);
    expect(x[0]).toBeCloseTo(0.450704, 6);
    // Scores are x . y_i.
    const sc = s.score(ctx([1], [1]), Int32Array.from([0, 1, 2]));
    expect(Array.from(sc).map((v) => Number(v.toFixed(5)))).toEqual([0.4507, 0.90141, 0.22535]);
  });

  it('CG to k steps equals the exact dense solve (Gauss-Jordan) on a 4 x 3 hand case', () => {
    const Y = [0.3, -0.2, 0.5, 0.1, 0.4, 0.2, -0.3, 0.1, 0.6, 0.25, 0.25, -0.1];
    const alpha = 2;
    const reg = 0.1;
    const s = withItems(createIals({ factors: 3, alpha, regularization: reg }), Y, 4);
    for (const [cols, w] of [
      [[0, 2], [1, 0.5]],
      [[1], [3]],
      [[0, 1, 2, 3], [0.2, 1, 4, 2]],
    ] as Array<[number[], number[]]>) {
      const x = s.foldInUser(Int32Array.from(cols), Float32Array.from(w));
      const exact = denseRow(Y, 4, 3, cols, w, alpha, reg);
      for (let f = 0; f < 3; f++) expect(x[f], `${cols} factor ${f}`).toBeCloseTo(exact[f]!, 5);
    }
  });

  it('no history: the exact solution is 0 (no positive preference anywhere)', () => {
    const s = withItems(createIals({ factors: 3 }), [0.3, -0.2, 0.5, 0.1, 0.4, 0.2], 2);
    expect(Array.from(s.foldInUser(new Int32Array(0), new Float32Array(0)))).toEqual([0, 0, 0]);
  });
});

describe('iALS fit', () => {
  // Regularisation 1 makes ALS contract fast: after 60 sweeps the rows move by < 1e-5 (relative).
  const CONVERGED = { factors: 4, iterations: 60, cgSteps: 4, alpha: 5, regularization: 1 };

  it('fold-in of a fitted user equals its fitted row when the item factors are fixed (converged fit)', () => {
    const ds = smallDataset();
    const s = createIals(CONVERGED);
    s.fit(ds);
    const k = CONVERGED.factors;
    const m = ds.interactions;
    for (let u = 0; u < m.rows; u++) {
      const row = s.userFactors.subarray(u * k, u * k + k);
      const folded = s.foldInUser(m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!), m.values.subarray(m.indptr[u]!, m.indptr[u + 1]!));
      const scale = Math.max(...Array.from(row, Math.abs));
      for (let f = 0; f < k; f++) expect(Math.abs(folded[f]! - row[f]!) / scale, `user ${u} factor ${f}`).toBeLessThan(1e-4);
      // A user unknown to the fit with the same history scores like the fitted one.
      const known = s.score(contextOf(ds, ds.users.idAt(u)), Int32Array.from([0, 1, 2, 3, 4, 5, 6]));
      const unknown = s.score({ ...contextOf(ds, ds.users.idAt(u)), userId: 'new', user: -1 }, Int32Array.from([0, 1, 2, 3, 4, 5, 6]));
      known.forEach((v, i) => expect(unknown[i]!).toBeCloseTo(v, 4));
    }
  });

  it('is reproducible bit for bit with one seed, and differs with another', () => {
    const cfg = { factors: 8, iterations: 5, seed: 7 };
    const a = createIals(cfg);
    const b = createIals(cfg);
    const c = createIals({ ...cfg, seed: 8 });
    const ds = blockDataset();
    a.fit(ds);
    b.fit(blockDataset());
    c.fit(ds);
    expect(bytes(a.userFactors)).toEqual(bytes(b.userFactors));
    expect(bytes(a.itemFactors)).toEqual(bytes(b.itemFactors));
    expect(bytes(a.itemFactors)).not.toEqual(bytes(c.itemFactors));
    // Refitting the same signal gives the same factors again.
    const first = bytes(a.itemFactors);
    a.fit(ds);
    expect(bytes(a.itemFactors)).toEqual(first);
  });

  it('calls onIteration once per iteration, without loss unless asked', () => {
    const seen: IalsProgress[] = [];
    const s = createIals({ factors: 4, iterations: 3 }, { onIteration: (p) => seen.push(p) });
    s.fit(smallDataset());
    expect(seen).toEqual([
      { iteration: 1, iterations: 3 },
      { iteration: 2, iterations: 3 },
      { iteration: 3, iterations: 3 },
    ]);
  });

  it('reports the weighted loss per cell: non-increasing with exact row solves, final value matches a dense computation', () => {
    const cfg = { factors: 4, iterations: 8, cgSteps: 4, alpha: 5, regularization: 0.1, computeLoss: true };
    const losses: number[] = [];
    const s = createIals(cfg, { onIteration: (p) => losses.push(p.loss ?? Number.NaN) });
    const ds = smallDataset();
    s.fit(ds);
    expect(losses.length).toBe(8);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThanOrEqual(losses[i - 1]! * (1 + 1e-9));
    expect(losses[7]!).toBeLessThan(losses[0]!);
    const dense = denseLoss(ds, s.userFactors, s.itemFactors, cfg.factors, cfg.alpha, cfg.regularization);
    expect(Math.abs(losses[7]! - dense) / dense).toBeLessThan(1e-5);
  });

  it('known user rows are used as fitted; users without history have no opinion', () => {
    const ds = blockDataset();
    const s = createIals({ factors: 8, iterations: 5 });
    s.fit(ds);
    const k = 8;
    const c = contextOf(ds, 'g1-user2');
    const x = s.userFactors.subarray(c.user * k, c.user * k + k);
    const sc = s.score(c, Int32Array.from([4]));
    let dot = 0;
    for (let f = 0; f < k; f++) dot += x[f]! * s.itemFactors[4 * k + f]!;
    expect(sc[0]).toBeCloseTo(dot, 6);
    expect(s.userVector({ ...c, items: new Int32Array(0), weights: new Float32Array(0) })).toBeUndefined();
    expect(s.topN(ctx([], []), 5).ids.length).toBe(0);
  });

  it('observe folds a user in and later scores use the folded vector', () => {
    const ds = blockDataset();
    const s = createIals({ factors: 8, iterations: 5 });
    s.fit(ds);
    const c = ctx([0, 1], [1, 1], 'newcomer');
    s.observe(c);
    const expected = s.foldInUser(c.items, c.weights);
    // The stored fold-in serves later requests (not a fresh solve of the request's weights)...
    expect(Array.from(s.userVector(ctx([0, 1], [5, 5], 'newcomer'))!)).toEqual(Array.from(expected));
    expect(Array.from(s.foldInUser(Int32Array.from([0, 1]), Float32Array.from([5, 5])))).not.toEqual(Array.from(expected));
    // ...but a history without positive weights is no opinion, and observing it drops the stored vector.
    expect(s.userVector(ctx([], [], 'newcomer'))).toBeUndefined();
    s.observe(ctx([], [], 'newcomer'));
    expect(s.userVector(ctx([0, 1], [5, 5], 'newcomer'))).toEqual(s.foldInUser(Int32Array.from([0, 1]), Float32Array.from([5, 5])));
    expect(() => createIals().observe(c)).toThrow(NotFittedError);
  });

  it('similarTo ranks by cosine of the item factors', () => {
    // Items: (1, 0), (1, 1), (0, 1), (-1, 0): cosines with item 0 are 1/sqrt2, 0, -1.
    const s = withItems(createIals({ factors: 2 }), [1, 0, 1, 1, 0, 1, -1, 0], 4);
    const sim = s.similarTo(0, 5);
    expect(Array.from(sim.ids)).toEqual([1, 2, 3]);
    expect(sim.scores[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(sim.scores[1]).toBeCloseTo(0, 6);
    expect(sim.scores[2]).toBeCloseTo(-1, 6);
  });

  it('guards its state: wrong factor sizes, wrong state arrays', () => {
    const s = createIals({ factors: 2 });
    expect(() => s.setFactors(new Float32Array(3), new Float32Array(4), 1, 2)).toThrow(RangeError);
    expect(() => s.importState(new Map<string, StateArray>([['userFactors', new Float64Array(2)], ['itemFactors', new Float32Array(4)]]), blockDataset())).toThrow(FormatError);
    expect(() => s.itemFactors).toThrow(NotFittedError);
  });
});

describe('iALS config', () => {
  it('round-trips through toJSON with every default filled in', () => {
    const s = createIals();
    expect(s.toJSON()).toEqual({
      type: 'ials',
      factors: 64,
      regularization: 0.05,
      alpha: 40,
      iterations: 15,
      cgSteps: 3,
      initScale: 0.01,
      seed: 42,
      computeLoss: false,
    });
    const custom = createIals({ factors: 8, alpha: 10, seed: 3, computeLoss: true });
    expect(createIals(custom.toJSON()).toJSON()).toEqual(custom.toJSON());
    expect(IalsConfigSchema.parse(custom.toJSON())).toEqual(custom.config);
  });

  it('refuses bad values and unknown keys with a ConfigError naming the key', () => {
    expect(() => createIals({ factors: 0 })).toThrow(ConfigError);
    expect(() => createIals({ factors: 0 })).toThrow(/factors/);
    expect(() => createIals({ alpha: -1 })).toThrow(/alpha/);
    expect(() => createIals({ cgSteps: 0 })).toThrow(/cgSteps/);
    expect(() => createIals({ factor: 8 } as never)).toThrow(/factor/);
  });
});
