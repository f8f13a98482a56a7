import * as z from 'zod/mini';
import { WasmGather } from '../_internal/linalg/scan-wasm.js';
import { dot, rowNorms } from '../_internal/linalg/dot.js';
import { gram } from '../_internal/linalg/gram.js';
import { scoreAll } from '../_internal/linalg/scan.js';
import { normOrdered, topNOfDots, topNOfScores, type NormOrderedFactors } from '../_internal/linalg/top-k-scan.js';
import { parseConfig } from '../_internal/parse-config.js';
import type { CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { FormatError, NotFittedError } from '../errors.js';
import { allocatorOf, shareWith, type ParallelRunner } from '../parallel/job.js';
import { runJobs, runJobsSync } from '../parallel/run.js';
import { alsFoldIn, alsInit, alsSweeps, type AlsFactors, type AlsMatrix, type AlsSweepDone } from './ials-solver.js';
import type { FitContext, ProductSubset, ScoredItems, Signal, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { checkSubsetIds, NO_ITEMS } from './top-n.js';

/** iALS config (Hu, Koren, Volinsky 2008; CG solver of Takacs et al. 2011). */
export const IalsConfigSchema = z.strictObject({
  type: z._default(z.literal('ials'), 'ials'),
  /** Latent factors per user and item. @default 64 */
  factors: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(1024)), 64),
  /** L2 regularisation lambda (not scaled by counts). @default 0.05 */
  regularization: z._default(z.number().check(z.nonnegative()), 0.05),
  /** Confidence slope: c = 1 + alpha * w. @default 40 */
  alpha: z._default(z.number().check(z.nonnegative()), 40),
  /** Alternating sweeps (users, then items). @default 15 */
  iterations: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(10_000)), 15),
  /** Conjugate-gradient steps per row, warm-started from the previous solution. @default 3 */
  cgSteps: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(1024)), 3),
  /** Initial factors are uniform [0, 1) * initScale. @default 0.01 */
  initScale: z._default(z.number().check(z.positive()), 0.01),
  /** Seed of the initialisation. @default 42 */
  seed: z._default(z.number().check(z.int()), 42),
  /** Compute the training loss after each iteration (costs about one extra pass). @default false */
  computeLoss: z._default(z.boolean(), false),
});

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

/** Candidates from which score() uses the WebAssembly gather (below, the per-call copies cost more than they save). */
const GATHER_MIN = 64;

/**
 * The entries of a history (ascending product indices) below `items`: the products a model fitted
 * on `items` products has factors for (views, no copy, when all are).
 */
function fittedPart(items: Int32Array, weights: Float32Array, fitted: number): { items: Int32Array; weights: Float32Array } {
  let n = items.length;
  while (n > 0 && items[n - 1]! >= fitted) n--;
  return n === items.length ? { items, weights } : { items: items.subarray(0, n), weights: weights.subarray(0, n) };
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
  /** A WebAssembly copy of the item factors for scoring many candidates (built on first use). */
  #gather: { readonly table: WasmGather | undefined } | undefined;
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

  /**
   * Fits on the dataset's interactions. With `options.runner` (e.g. a thread pool of the Node
   * entry) the row solves run on its threads and the returned promise settles when the factors
   * are installed; the factors are the same bits with any runner or none.
   */
  fit(dataset: Dataset, options: FitContext = {}): void | Promise<void> {
    return this.fitMatrix(dataset.interactions, dataset.itemUsers(), options);
  }

  /** Fits on a users x items matrix and its transpose (see {@link fit} for `options`). */
  fitMatrix(userItems: CsrMatrix, itemUsers: CsrMatrix, options: FitContext = {}): void | Promise<void> {
    const cfg = this.config;
    const runner = options.runner;
    const alloc = allocatorOf(runner);
    const factors = alsInit(userItems.rows, userItems.cols, cfg, alloc);
    const onIteration = this.#hooks.onIteration;
    const onSweep =
      onIteration === undefined ? undefined : (d: AlsSweepDone): void => onIteration(d.loss === undefined ? { iteration: d.iteration, iterations: cfg.iterations } : { ...d, iterations: cfg.iterations });
    const jobs = alsSweeps(shared(runner, userItems), shared(runner, itemUsers), factors, cfg, alloc, onSweep);
    const install = (): void => this.#install(factors, userItems.rows, userItems.cols);
    if (runner === undefined) {
      runJobsSync(jobs);
      install();
      return;
    }
    return runJobs(jobs, runner).then(install);
  }

  /** Installs fitted factors as plain (unshared) arrays. */
  #install(f: AlsFactors, users: number, items: number): void {
    const own = (a: Float32Array): Float32Array => (a.buffer instanceof ArrayBuffer ? a : a.slice());
    this.setFactors(own(f.X), own(f.Y), users, items);
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
    this.#gather = undefined;
  }

  /**
   * Solves one user row with the item factors fixed (fold-in): the exact least-squares solution
   * by CG to convergence, for a user given as item indices and weights. Microseconds per user.
   */
  foldInUser(items: Int32Array, weights: Float32Array): Float32Array {
    const k = this.config.factors;
    const Y = this.itemFactors;
    this.#gramCache ??= gram(Y, this.#items, k, this.config.regularization);
    const known = fittedPart(items, weights, this.#items);
    return alsFoldIn(Y, this.#gramCache, known.items, known.weights, this.config.alpha, k);
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
    let inRange = true;
    for (let i = 0; i < candidates.length && inRange; i++) inRange = candidates[i]! >= 0 && candidates[i]! < this.#items;
    // Many candidates (a full-catalogue request): the WebAssembly gather, the same bits as `dot`.
    const wasm = inRange && candidates.length >= GATHER_MIN ? (this.#gather ??= { table: WasmGather.over(Y, k) }).table : undefined;
    if (wasm !== undefined) {
      wasm.score(x, candidates, out);
      return out;
    }
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
      checkSubsetIds(ids, this.#items, 'normOrdered');
      this.#subsetByNorm = { subset, table: normOrdered(this.itemFactors, k, this.#items, ids) };
    }
    return topNOfDots(x, this.#subsetByNorm.table, k, n, exclude);
  }

  /** Products closest to `product` by cosine of item factors, best first, itself left out. */
  similarTo(product: number, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const Y = this.itemFactors;
    const k = this.config.factors;
    if (product < 0 || product >= this.#items) return NO_ITEMS;
    const norms = (this.#itemNorms ??= rowNorms(Y, this.#items, k));
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

/** The CSR arrays of a matrix, in memory the runner's threads share. */
function shared(runner: ParallelRunner | undefined, m: CsrMatrix): AlsMatrix {
  return { rows: m.rows, cols: m.cols, indptr: shareWith(runner, m.indptr), indices: shareWith(runner, m.indices), values: shareWith(runner, m.values) };
}
