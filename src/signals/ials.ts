import { z } from 'zod';
import { parseConfig } from '../_internal/parse-config.js';
import { Rng } from '../_internal/rng.js';
import { dot, scoreAll } from '../_internal/vector.js';
import type { CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { FormatError, NotFittedError } from '../errors.js';
import type { ProductSubset, ScoredItems, Signal, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { NO_ITEMS, normOrdered, topNOfDots, topNOfScores, type NormOrderedFactors } from './top-n.js';

/** iALS config (Hu, Koren, Volinsky 2008; CG solver of Takacs et al. 2011). */
export const IalsConfigSchema = z
  .object({
    type: z.literal('ials').default('ials'),
    /** Latent factors per user and item. @default 64 */
    factors: z.number().int().min(1).max(1024).default(64),
    /** L2 regularisation lambda (not scaled by counts). @default 0.05 */
    regularization: z.number().nonnegative().finite().default(0.05),
    /** Confidence slope: c = 1 + alpha * w. @default 40 */
    alpha: z.number().nonnegative().finite().default(40),
    /** Alternating sweeps (users, then items). @default 15 */
    iterations: z.number().int().min(0).max(10_000).default(15),
    /** Conjugate-gradient steps per row, warm-started from the previous solution. @default 3 */
    cgSteps: z.number().int().min(1).max(1024).default(3),
    /** Initial factors are uniform [0, 1) * initScale. @default 0.01 */
    initScale: z.number().positive().finite().default(0.01),
    /** Seed of the initialisation. @default 42 */
    seed: z.number().int().default(42),
    /** Compute the training loss after each iteration (costs about one extra pass). @default false */
    computeLoss: z.boolean().default(false),
  })
  .strict();

/** iALS config as written by a caller. */
export type IalsConfigInput = z.input<typeof IalsConfigSchema>;
/** iALS config with defaults. */
export type IalsConfig = z.output<typeof IalsConfigSchema>;

/** Progress of one iALS iteration. */
export interface IalsProgress {
  /** 1-based iteration. */
  readonly iteration: number;
  readonly iterations: number;
  /** Weighted squared loss per matrix cell, when `computeLoss` is on. */
  readonly loss?: number;
}

/** Options that are not part of the serialisable config. */
export interface IalsHooks {
  /** Called after every iteration. */
  readonly onIteration?: (progress: IalsProgress) => void;
}

/**
 * Precomputes `YtY + reg * I` (k x k, both triangles) for the fixed side: a rank-4 update per pass
 * over four rows of `Y`.
 */
function gram(Y: Float32Array, rows: number, k: number, reg: number): Float64Array {
  const G = new Float64Array(k * k);
  const rows4 = rows - (rows % 4);
  let r = 0;
  for (; r < rows4; r += 4) {
    const o0 = r * k;
    const o1 = o0 + k;
    const o2 = o1 + k;
    const o3 = o2 + k;
    for (let a = 0; a < k; a++) {
      const a0 = Y[o0 + a]!;
      const a1 = Y[o1 + a]!;
      const a2 = Y[o2 + a]!;
      const a3 = Y[o3 + a]!;
      const ga = a * k;
      for (let b = a; b < k; b++) G[ga + b]! += a0 * Y[o0 + b]! + a1 * Y[o1 + b]! + a2 * Y[o2 + b]! + a3 * Y[o3 + b]!;
    }
  }
  for (; r < rows; r++) {
    const o = r * k;
    for (let a = 0; a < k; a++) {
      const ya = Y[o + a]!;
      const ga = a * k;
      for (let b = a; b < k; b++) G[ga + b]! += ya * Y[o + b]!;
    }
  }
  for (let a = 0; a < k; a++) {
    G[a * k + a]! += reg;
    for (let b = a + 1; b < k; b++) G[b * k + a] = G[a * k + b]!;
  }
  return G;
}

/** Dot product of two float64 vectors of length k (monomorphic, unrolled by 4). */
function dot64(a: Float64Array, b: Float64Array, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  for (; f + 3 < k; f += 4) {
    s0 += a[f]! * b[f]!;
    s1 += a[f + 1]! * b[f + 1]!;
    s2 += a[f + 2]! * b[f + 2]!;
    s3 += a[f + 3]! * b[f + 3]!;
  }
  for (; f < k; f++) s0 += a[f]! * b[f]!;
  return s0 + s1 + s2 + s3;
}

/** out = G v for a k x k matrix, four rows of G per pass over v. */
function matVec(G: Float64Array, v: Float64Array, out: Float64Array, k: number): void {
  let a = 0;
  for (; a + 3 < k; a += 4) {
    const o0 = a * k;
    const o1 = o0 + k;
    const o2 = o1 + k;
    const o3 = o2 + k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let f = 0; f < k; f++) {
      const vf = v[f]!;
      s0 += G[o0 + f]! * vf;
      s1 += G[o1 + f]! * vf;
      s2 += G[o2 + f]! * vf;
      s3 += G[o3 + f]! * vf;
    }
    out[a] = s0;
    out[a + 1] = s1;
    out[a + 2] = s2;
    out[a + 3] = s3;
  }
  for (; a < k; a++) {
    const o = a * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += G[o + f]! * v[f]!;
    out[a] = s;
  }
}

/**
 * The sparse part of one CG row, over the row's observed items e only: with `cw = alpha * w_e` and
 * `d = y_e . v`, adds `(base * (1 + cw) + sign * cw * d) * y_e` to `out`. With base 0, sign 1 this
 * is `Yt (C - I) Y v`; with base 1, sign -1 it is `Yt C p - Yt (C - I) Y v`. Items go four at a
 * time: one pass over `v` for four dot products, one pass over `out` for four updates, both
 * loops unrolled by two (each sum keeps its order, so results do not change by a bit).
 */
function addItems(
  Y: Float32Array,
  cols: Int32Array,
  vals: Float32Array,
  start: number,
  end: number,
  k: number,
  alpha: number,
  v: Float64Array,
  base: number,
  sign: number,
  out: Float64Array,
): void {
  let e = start;
  for (; e + 3 < end; e += 4) {
    const o0 = cols[e]! * k;
    const o1 = cols[e + 1]! * k;
    const o2 = cols[e + 2]! * k;
    const o3 = cols[e + 3]! * k;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let g = 0;
    for (; g + 1 < k; g += 2) {
      const vf = v[g]!;
      const vg = v[g + 1]!;
      d0 += Y[o0 + g]! * vf;
      d1 += Y[o1 + g]! * vf;
      d2 += Y[o2 + g]! * vf;
      d3 += Y[o3 + g]! * vf;
      d0 += Y[o0 + g + 1]! * vg;
      d1 += Y[o1 + g + 1]! * vg;
      d2 += Y[o2 + g + 1]! * vg;
      d3 += Y[o3 + g + 1]! * vg;
    }
    if (g < k) {
      const vf = v[g]!;
      d0 += Y[o0 + g]! * vf;
      d1 += Y[o1 + g]! * vf;
      d2 += Y[o2 + g]! * vf;
      d3 += Y[o3 + g]! * vf;
    }
    const w0 = alpha * vals[e]!;
    const w1 = alpha * vals[e + 1]!;
    const w2 = alpha * vals[e + 2]!;
    const w3 = alpha * vals[e + 3]!;
    const c0 = base * (1 + w0) + sign * w0 * d0;
    const c1 = base * (1 + w1) + sign * w1 * d1;
    const c2 = base * (1 + w2) + sign * w2 * d2;
    const c3 = base * (1 + w3) + sign * w3 * d3;
    let f = 0;
    for (; f + 1 < k; f += 2) {
      out[f]! += c0 * Y[o0 + f]! + c1 * Y[o1 + f]! + c2 * Y[o2 + f]! + c3 * Y[o3 + f]!;
      out[f + 1]! += c0 * Y[o0 + f + 1]! + c1 * Y[o1 + f + 1]! + c2 * Y[o2 + f + 1]! + c3 * Y[o3 + f + 1]!;
    }
    if (f < k) out[f]! += c0 * Y[o0 + f]! + c1 * Y[o1 + f]! + c2 * Y[o2 + f]! + c3 * Y[o3 + f]!;
  }
  for (; e < end; e++) {
    const o = cols[e]! * k;
    let d = 0;
    for (let f = 0; f < k; f++) d += Y[o + f]! * v[f]!;
    const w = alpha * vals[e]!;
    const c = base * (1 + w) + sign * w * d;
    for (let f = 0; f < k; f++) out[f]! += c * Y[o + f]!;
  }
}

/** Work buffers reused across rows. */
interface CgScratch {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
}

function scratch(k: number): CgScratch {
  return { x: new Float64Array(k), r: new Float64Array(k), p: new Float64Array(k), ap: new Float64Array(k) };
}

/**
 * Solves one row `(YtY + Yt (C - I) Y + reg I) x = Yt C p` by `steps` CG steps warm-started from
 * `X[row]` (the solver of implicit and Takacs et al.); `cols`/`vals` are the row's observed items
 * and weights. Computes in float64 and writes the result back into `X`. No allocation.
 */
function solveRow(
  X: Float32Array,
  xo: number,
  Y: Float32Array,
  G: Float64Array,
  cols: Int32Array,
  vals: Float32Array,
  start: number,
  end: number,
  alpha: number,
  k: number,
  steps: number,
  s: CgScratch,
): void {
  const { x, r, p, ap } = s;
  for (let f = 0; f < k; f++) x[f] = X[xo + f]!;
  // r = b - A x, with b = sum c_i y_i and A = G + sum (c_i - 1) y_i y_i^T.
  matVec(G, x, r, k);
  for (let f = 0; f < k; f++) r[f] = -r[f]!;
  addItems(Y, cols, vals, start, end, k, alpha, x, 1, -1, r);
  for (let f = 0; f < k; f++) p[f] = r[f]!;
  let rsold = dot64(r, r, k);
  if (rsold < 1e-20) return;
  for (let it = 0; it < steps; it++) {
    matVec(G, p, ap, k);
    addItems(Y, cols, vals, start, end, k, alpha, p, 0, 1, ap);
    const pAp = dot64(p, ap, k);
    if (!(pAp > 0)) break;
    const step = rsold / pAp;
    let rsnew = 0;
    for (let f = 0; f < k; f++) {
      x[f]! += step * p[f]!;
      const rf = r[f]! - step * ap[f]!;
      r[f] = rf;
      rsnew += rf * rf;
    }
    if (rsnew < 1e-20) break;
    const beta = rsnew / rsold;
    for (let f = 0; f < k; f++) p[f] = r[f]! + beta * p[f]!;
    rsold = rsnew;
  }
  for (let f = 0; f < k; f++) X[xo + f] = x[f]!;
}

/** One half-sweep: re-solves every row of `X` against the fixed factors `Y`. */
function solveSide(M: CsrMatrix, X: Float32Array, Y: Float32Array, yRows: number, cfg: IalsConfig): void {
  const k = cfg.factors;
  const G = gram(Y, yRows, k, cfg.regularization);
  const s = scratch(k);
  for (let row = 0; row < M.rows; row++) {
    solveRow(X, row * k, Y, G, M.indices, M.values, M.indptr[row]!, M.indptr[row + 1]!, cfg.alpha, k, cfg.cgSteps, s);
  }
}

/** Weighted squared loss per cell: sum c (p - xy)^2 + reg (|X|^2 + |Y|^2), divided by rows x cols. */
function loss(M: CsrMatrix, X: Float32Array, Y: Float32Array, cfg: IalsConfig): number {
  const k = cfg.factors;
  const G = gram(Y, M.cols, k, 0);
  const gx = new Float64Array(k);
  const xv = new Float64Array(k);
  let total = 0;
  for (let u = 0; u < M.rows; u++) {
    for (let f = 0; f < k; f++) xv[f] = X[u * k + f]!;
    matVec(G, xv, gx, k);
    total += dot64(xv, gx, k); // sum over all items of (x y)^2 with preference 0 and confidence 1
    for (let e = M.indptr[u]!; e < M.indptr[u + 1]!; e++) {
      const c = 1 + cfg.alpha * M.values[e]!;
      const s = dot(xv, 0, Y, M.indices[e]! * k, k);
      total += c * (1 - s) * (1 - s) - s * s;
    }
    total += cfg.regularization * dot64(xv, xv, k);
  }
  total += cfg.regularization * dot(Y, 0, Y, 0, Y.length);
  return total / Math.max(1, M.rows * M.cols);
}

/**
 * The entries of a history (ascending product indices) below `items`: the products a model fitted
 * on `items` products has factors for (views, no copy, when all are).
 */
function fittedPart(items: Int32Array, weights: Float32Array, fitted: number): { items: Int32Array; weights: Float32Array } {
  let n = items.length;
  while (n > 0 && items[n - 1]! >= fitted) n--;
  return n === items.length ? { items, weights } : { items: items.subarray(0, n), weights: weights.subarray(0, n) };
}

function itemNorms(Y: Float32Array, items: number, k: number): Float64Array {
  const out = new Float64Array(items);
  for (let i = 0; i < items; i++) out[i] = Math.sqrt(dot(Y, i * k, Y, i * k, k));
  return out;
}

/** iALS signal: implicit-feedback matrix factorisation with confidence weights. */
export class IalsSignal implements Signal {
  readonly type = 'ials';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: false, coldUsers: false, baseline: false, foldIn: true, topics: false, similarity: true, explains: false, boosts: false, catalogue: false, interactions: false });
  readonly reason = 'people with similar taste chose it';
  readonly config: IalsConfig;
  readonly #hooks: IalsHooks;
  #userFactors: Float32Array | undefined;
  #itemFactors: Float32Array | undefined;
  #users = 0;
  #items = 0;
  /** Folded-in vectors of users observed after fit, by user id. */
  readonly #folded = new Map<string, Float32Array>();
  #gramCache: Float64Array | undefined;
  #itemNorms: Float64Array | undefined;
  /** Item factors reordered by norm for topN's early termination (built on first use). */
  #byNorm: NormOrderedFactors | undefined;
  /** The same for the last subset given to topNIn (built on first use per subset). */
  #subsetByNorm: { readonly subset: ProductSubset; readonly table: NormOrderedFactors } | undefined;

  constructor(config: IalsConfigInput = {}, hooks: IalsHooks = {}) {
    this.config = parseConfig('ials', IalsConfigSchema, config);
    this.#hooks = hooks;
  }

  get fitted(): boolean {
    return this.#itemFactors !== undefined;
  }

  /** User factors (users x factors, row-major), after fit. */
  get userFactors(): Float32Array {
    if (this.#userFactors === undefined) throw new NotFittedError('ials');
    return this.#userFactors;
  }

  /** Item factors (products x factors, row-major), after fit. */
  get itemFactors(): Float32Array {
    if (this.#itemFactors === undefined) throw new NotFittedError('ials');
    return this.#itemFactors;
  }

  fit(dataset: Dataset): void {
    this.fitMatrix(dataset.interactions, dataset.itemUsers());
  }

  /** Fits on a users x items matrix and its transpose. */
  fitMatrix(userItems: CsrMatrix, itemUsers: CsrMatrix): void {
    const cfg = this.config;
    const k = cfg.factors;
    const rng = new Rng(cfg.seed);
    // Stored as float32 (as implicit does: half the memory traffic); each row is solved in float64.
    const X = new Float32Array(userItems.rows * k);
    const Y = new Float32Array(userItems.cols * k);
    for (let i = 0; i < X.length; i++) X[i] = rng.next() * cfg.initScale;
    for (let i = 0; i < Y.length; i++) Y[i] = rng.next() * cfg.initScale;
    for (let it = 1; it <= cfg.iterations; it++) {
      solveSide(userItems, X, Y, userItems.cols, cfg);
      solveSide(itemUsers, Y, X, userItems.rows, cfg);
      if (this.#hooks.onIteration !== undefined) {
        this.#hooks.onIteration(
          cfg.computeLoss
            ? { iteration: it, iterations: cfg.iterations, loss: loss(userItems, X, Y, cfg) }
            : { iteration: it, iterations: cfg.iterations },
        );
      }
    }
    this.setFactors(X, Y, userItems.rows, userItems.cols);
  }

  /** Installs factors (used by fit and by model loading). */
  setFactors(userFactors: Float32Array, itemFactors: Float32Array, users: number, items: number): void {
    const k = this.config.factors;
    if (userFactors.length !== users * k || itemFactors.length !== items * k) {
      throw new RangeError(`factor arrays do not match ${users} users, ${items} items and ${k} factors`);
    }
    this.#userFactors = userFactors;
    this.#itemFactors = itemFactors;
    this.#users = users;
    this.#items = items;
    this.#folded.clear();
    this.#gramCache = undefined;
    this.#itemNorms = undefined;
    this.#byNorm = undefined;
    this.#subsetByNorm = undefined;
  }

  /**
   * Solves one user row with the item factors fixed (fold-in): the exact least-squares solution
   * by CG to convergence, for a user given as item indices and weights. Microseconds per user.
   */
  foldInUser(items: Int32Array, weights: Float32Array): Float32Array {
    const k = this.config.factors;
    const Y = this.itemFactors;
    this.#gramCache ??= gram(Y, this.#items, k, this.config.regularization);
    const out = new Float32Array(k);
    const known = fittedPart(items, weights, this.#items);
    solveRow(out, 0, Y, this.#gramCache, known.items, known.weights, 0, known.items.length, this.config.alpha, k, k, scratch(k));
    return out;
  }

  /** The user's factor vector for a request, or undefined when the model has no opinion. */
  userVector(user: UserContext): Float32Array | undefined {
    if (!this.fitted) throw new NotFittedError('ials');
    // No history (or one of products added after fit only): the fitted row (or a fold-in) of a
    // user with only zero-weight events is noise, not an opinion.
    if (user.items.length === 0 || user.items[0]! >= this.#items) return undefined;
    const folded = this.#folded.get(user.userId);
    if (folded !== undefined) return folded;
    const k = this.config.factors;
    if (user.user >= 0 && user.user < this.#users) return this.userFactors.subarray(user.user * k, user.user * k + k);
    return this.foldInUser(user.items, user.weights);
  }

  observe(user: UserContext): void {
    if (!this.fitted) throw new NotFittedError('ials');
    if (user.items.length === 0 || user.items[0]! >= this.#items) this.#folded.delete(user.userId);
    else this.#folded.set(user.userId, this.foldInUser(user.items, user.weights));
  }

  score(user: UserContext, candidates: Int32Array): Float32Array {
    const Y = this.itemFactors;
    const out = new Float32Array(candidates.length);
    const x = this.userVector(user);
    if (x === undefined) return out.fill(Number.NaN);
    const k = this.config.factors;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      out[i] = c >= 0 && c < this.#items ? dot(x, 0, Y, c * k, k) : Number.NaN;
    }
    return out;
  }

  /**
   * Exact top-n by dot product over every product. The first call builds a copy of the item
   * factors ordered by norm (as much memory again as `itemFactors`) so that the scan can stop
   * early once no remaining product can reach the n-th best score.
   */
  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const x = this.userVector(user);
    if (x === undefined) return NO_ITEMS;
    const k = this.config.factors;
    this.#byNorm ??= normOrdered(this.itemFactors, k, this.#items);
    return topNOfDots(x, this.#byNorm, k, n, exclude);
  }

  /**
   * topN over `subset`'s products only, from a norm-ordered copy of their factors (kept for the
   * last subset given): small merchants' products have small norms and sit at the end of the
   * full table, where topN with a filter would have scored the whole catalogue to reach them.
   */
  topNIn(user: UserContext, n: number, subset: ProductSubset, exclude?: (product: number) => boolean): ScoredItems {
    const x = this.userVector(user);
    if (x === undefined) return NO_ITEMS;
    const k = this.config.factors;
    if (this.#subsetByNorm?.subset !== subset) {
      // Products added after fit have no factors: the table holds the subset's fitted ones.
      const ids = subset.ids.length > 0 && subset.ids[subset.ids.length - 1]! >= this.#items ? subset.ids.filter((p) => p < this.#items) : subset.ids;
      this.#subsetByNorm = { subset, table: normOrdered(this.itemFactors, k, this.#items, ids) };
    }
    return topNOfDots(x, this.#subsetByNorm.table, k, n, exclude);
  }

  /** Products closest to `product` by cosine of item factors, best first, itself left out. */
  similarTo(product: number, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const Y = this.itemFactors;
    const k = this.config.factors;
    if (product < 0 || product >= this.#items) return NO_ITEMS;
    const norms = (this.#itemNorms ??= itemNorms(Y, this.#items, k));
    const q = Y.subarray(product * k, product * k + k);
    const all = new Float32Array(this.#items);
    scoreAll(q, Y, k, all);
    const qn = norms[product]!;
    for (let i = 0; i < all.length; i++) {
      const d = qn * norms[i]!;
      all[i] = d > 0 ? all[i]! / d : 0;
    }
    return topNOfScores(all, n, (p) => p === product || (exclude !== undefined && exclude(p)));
  }

  exportState(): SignalState {
    return new Map<string, StateArray>([
      ['userFactors', this.userFactors],
      ['itemFactors', this.itemFactors],
    ]);
  }

  importState(state: SignalState, dataset: Dataset): void {
    const X = state.get('userFactors');
    const Y = state.get('itemFactors');
    if (!(X instanceof Float32Array) || !(Y instanceof Float32Array)) throw new FormatError('ials state needs float32 userFactors and itemFactors');
    this.setFactors(X, Y, dataset.users.size, dataset.interactions.cols);
  }

  toJSON(): IalsConfig {
    return { ...this.config };
  }
}

/** Creates an iALS signal. */
export function createIals(config: IalsConfigInput = {}, hooks: IalsHooks = {}): IalsSignal {
  return new IalsSignal(config, hooks);
}
