import { z } from 'zod';
import { parseConfig } from '../_internal/parse-config.js';
import { Rng } from '../_internal/rng.js';
import { dot, scoreAll } from '../_internal/vector.js';
import type { CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { FormatError, NotFittedError } from '../errors.js';
import type { ScoredItems, Signal, SignalState, StateArray, UserContext } from './signal.js';
import { NO_ITEMS, topNOfScores } from './top-n.js';

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

/** Precomputes `YtY + reg * I` (k x k) for the fixed side. */
function gram(Y: Float64Array, rows: number, k: number, reg: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    for (let a = 0; a < k; a++) {
      const ya = Y[o + a]!;
      if (ya === 0) continue;
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

/** Dot product of two float64 rows (monomorphic, unrolled by 4). */
function dot64(a: Float64Array, ao: number, b: Float64Array, bo: number, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  for (; f + 3 < k; f += 4) {
    s0 += a[ao + f]! * b[bo + f]!;
    s1 += a[ao + f + 1]! * b[bo + f + 1]!;
    s2 += a[ao + f + 2]! * b[bo + f + 2]!;
    s3 += a[ao + f + 3]! * b[bo + f + 3]!;
  }
  for (; f < k; f++) s0 += a[ao + f]! * b[bo + f]!;
  return s0 + s1 + s2 + s3;
}

/** `y += alpha * x[xo .. xo+k)` on float64 rows. */
function axpy64(alpha: number, x: Float64Array, xo: number, y: Float64Array, k: number): void {
  for (let f = 0; f < k; f++) y[f]! += alpha * x[xo + f]!;
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
  for (; a < k; a++) out[a] = dot64(G, a * k, v, 0, k);
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
 * and weights. Writes the result back into `X`.
 */
function solveRow(
  X: Float64Array,
  xo: number,
  Y: Float64Array,
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
  for (let e = start; e < end; e++) {
    const c = 1 + alpha * vals[e]!;
    const yo = cols[e]! * k;
    axpy64(c - (c - 1) * dot64(Y, yo, x, 0, k), Y, yo, r, k);
  }
  for (let f = 0; f < k; f++) p[f] = r[f]!;
  let rsold = dot64(r, 0, r, 0, k);
  if (rsold < 1e-20) return;
  for (let it = 0; it < steps; it++) {
    matVec(G, p, ap, k);
    for (let e = start; e < end; e++) {
      const yo = cols[e]! * k;
      axpy64(alpha * vals[e]! * dot64(Y, yo, p, 0, k), Y, yo, ap, k);
    }
    const pAp = dot64(p, 0, ap, 0, k);
    if (!(pAp > 0)) break;
    const step = rsold / pAp;
    for (let f = 0; f < k; f++) {
      x[f]! += step * p[f]!;
      r[f]! -= step * ap[f]!;
    }
    const rsnew = dot64(r, 0, r, 0, k);
    if (rsnew < 1e-20) break;
    const beta = rsnew / rsold;
    for (let f = 0; f < k; f++) p[f] = r[f]! + beta * p[f]!;
    rsold = rsnew;
  }
  for (let f = 0; f < k; f++) X[xo + f] = x[f]!;
}

/** One half-sweep: re-solves every row of `X` against the fixed factors `Y`. */
function solveSide(M: CsrMatrix, X: Float64Array, Y: Float64Array, yRows: number, cfg: IalsConfig): void {
  const k = cfg.factors;
  const G = gram(Y, yRows, k, cfg.regularization);
  const s = scratch(k);
  for (let row = 0; row < M.rows; row++) {
    solveRow(X, row * k, Y, G, M.indices, M.values, M.indptr[row]!, M.indptr[row + 1]!, cfg.alpha, k, cfg.cgSteps, s);
  }
}

/** Weighted squared loss per cell: sum c (p - xy)^2 + reg (|X|^2 + |Y|^2), divided by rows x cols. */
function loss(M: CsrMatrix, X: Float64Array, Y: Float64Array, cfg: IalsConfig): number {
  const k = cfg.factors;
  const G = gram(Y, M.cols, k, 0);
  const gx = new Float64Array(k);
  const xv = new Float64Array(k);
  let total = 0;
  for (let u = 0; u < M.rows; u++) {
    for (let f = 0; f < k; f++) xv[f] = X[u * k + f]!;
    matVec(G, xv, gx, k);
    total += dot64(xv, 0, gx, 0, k); // sum over all items of (x y)^2 with preference 0 and confidence 1
    for (let e = M.indptr[u]!; e < M.indptr[u + 1]!; e++) {
      const c = 1 + cfg.alpha * M.values[e]!;
      const s = dot64(xv, 0, Y, M.indices[e]! * k, k);
      total += c * (1 - s) * (1 - s) - s * s;
    }
    total += cfg.regularization * dot64(xv, 0, xv, 0, k);
  }
  total += cfg.regularization * dot64(Y, 0, Y, 0, Y.length);
  return total / Math.max(1, M.rows * M.cols);
}

function itemNorms(Y: Float32Array, items: number, k: number): Float64Array {
  const out = new Float64Array(items);
  for (let i = 0; i < items; i++) out[i] = Math.sqrt(dot(Y, i * k, Y, i * k, k));
  return out;
}

/** iALS signal: implicit-feedback matrix factorisation with confidence weights. */
export class IalsSignal implements Signal {
  readonly name = 'ials';
  readonly config: IalsConfig;
  readonly #hooks: IalsHooks;
  #userFactors: Float32Array | undefined;
  #itemFactors: Float32Array | undefined;
  #users = 0;
  #items = 0;
  /** Folded-in vectors of users observed after fit, by user id. */
  readonly #folded = new Map<string, Float32Array>();
  #gramCache: Float64Array | undefined;
  #items64: Float64Array | undefined;
  #itemNorms: Float64Array | undefined;

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
    // Solved in float64 (one element type keeps the kernels monomorphic), stored as float32.
    const X = new Float64Array(userItems.rows * k);
    const Y = new Float64Array(userItems.cols * k);
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
    this.setFactors(Float32Array.from(X), Float32Array.from(Y), userItems.rows, userItems.cols);
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
    this.#items64 = undefined;
    this.#itemNorms = undefined;
  }

  /**
   * Solves one user row with the item factors fixed (fold-in): the exact least-squares solution
   * by CG to convergence, for a user given as item indices and weights. Microseconds per user.
   */
  foldInUser(items: Int32Array, weights: Float32Array): Float32Array {
    const k = this.config.factors;
    const Y = (this.#items64 ??= Float64Array.from(this.itemFactors));
    this.#gramCache ??= gram(Y, this.#items, k, this.config.regularization);
    const out = new Float64Array(k);
    solveRow(out, 0, Y, this.#gramCache, items, weights, 0, items.length, this.config.alpha, k, k, scratch(k));
    return Float32Array.from(out);
  }

  /** The user's factor vector for a request, or undefined when the model has no opinion. */
  userVector(user: UserContext): Float32Array | undefined {
    const folded = this.#folded.get(user.userId);
    if (folded !== undefined) return folded;
    // No history: the fitted row of a user with only zero-weight events is noise, not an opinion.
    if (user.items.length === 0) return undefined;
    const k = this.config.factors;
    if (user.user >= 0 && user.user < this.#users) return this.userFactors.subarray(user.user * k, user.user * k + k);
    return this.foldInUser(user.items, user.weights);
  }

  observe(user: UserContext): void {
    if (!this.fitted) throw new NotFittedError('ials');
    this.#folded.set(user.userId, this.foldInUser(user.items, user.weights));
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

  /** Scores every product for the user into `out` (length = products); false when no opinion. */
  scoreAllInto(user: UserContext, out: Float32Array): boolean {
    const x = this.userVector(user);
    if (x === undefined) return false;
    scoreAll(x, this.itemFactors, this.config.factors, out);
    return true;
  }

  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const all = new Float32Array(this.#items);
    if (!this.scoreAllInto(user, all)) return NO_ITEMS;
    return topNOfScores(all, n, exclude);
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
    this.setFactors(X, Y, dataset.users.size, dataset.products.size);
  }

  toJSON(): IalsConfig {
    return { ...this.config };
  }
}

/** Creates an iALS signal. */
export function createIals(config: IalsConfigInput = {}, hooks: IalsHooks = {}): IalsSignal {
  return new IalsSignal(config, hooks);
}
