import * as z from 'zod/mini';
import { parseConfig } from '../_internal/parse-config.js';
import { spdMirror, spdScratch, type SpdScratch } from '../_internal/linalg/spd-inverse.js';
import { transpose, type CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { ConfigError, FormatError, NotFittedError } from '../errors.js';
import { allocatorOf, shareWith, type JobArray, type KernelJob, type ParallelRunner } from '../parallel/job.js';
import { runJobs, runJobsSync } from '../parallel/run.js';
import type { FitContext, ScoredItems, Signal, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { NO_ITEMS, gather, topNOfScores } from './top-n.js';

/** EASE config (Steck 2019). */
export const EaseConfigSchema = z.strictObject({
  type: z._default(z.literal('ease'), 'ease'),
  /** L2 regularisation lambda added to the Gram diagonal. @default 500 */
  regularization: z._default(z.number().check(z.positive()), 500),
  /** Refuse catalogues larger than this: EASE is dense, O(items^2) memory, O(items^3) time. @default 10000 */
  maxItems: z._default(z.number().check(z.int(), z.minimum(1)), 10_000),
  /** Use binary (1 per cell) rows instead of the decayed weights. @default false */
  binary: z._default(z.boolean(), false),
});

/** EASE config as written by a caller. */
export type EaseConfigInput = z.input<typeof EaseConfigSchema>;
/** EASE config with defaults. */
export type EaseConfig = z.output<typeof EaseConfigSchema>;

/** Rows per chunk of the Gram and inverse jobs. */
const GRAIN = 8;

/**
 * The jobs of an EASE fit on `A` (n x n, zeroed, shared with the runner's threads): the Gram
 * `XtX` by item rows, `+ lambda I`, then the in-place Cholesky inverse `P = (XtX + lambda I)^-1`
 * phase by phase (one n x n array and O(n) scratch in all).
 */
function* easeJobs(userItems: CsrMatrix, itemUsers: CsrMatrix, cfg: EaseConfig, A: Float64Array, s: SpdScratch, runner: ParallelRunner | undefined): Generator<KernelJob, void, undefined> {
  const n = userItems.cols;
  const binary = cfg.binary ? 1 : 0;
  yield {
    kernel: 'sparse-gram-rows',
    arrays: { ...csrArrays(runner, 'cols', itemUsers), ...csrArrays(runner, 'rows', userItems), G: A },
    params: { n, binary },
    count: n,
    grain: GRAIN,
  };
  for (let i = 0; i < n; i++) A[i * n + i]! += cfg.regularization;
  const arrays = { A, lDiag: s.lDiag, pDiag: s.pDiag, done: s.done };
  yield { kernel: 'cholesky-rows', arrays, params: { n }, count: n, grain: GRAIN };
  yield { kernel: 'invert-lower-rows', arrays, params: { n }, count: n, grain: GRAIN };
  yield { kernel: 'inverse-product-rows', arrays, params: { n }, count: n, grain: GRAIN };
  spdMirror(A, n, s);
}

/** A CSR matrix's arrays under `<prefix>Ptr`, `<prefix>Idx`, `<prefix>Val`, shared with the runner. */
function csrArrays(runner: ParallelRunner | undefined, prefix: string, m: CsrMatrix): Record<string, JobArray> {
  return { [`${prefix}Ptr`]: shareWith(runner, m.indptr), [`${prefix}Idx`]: shareWith(runner, m.indices), [`${prefix}Val`]: shareWith(runner, m.values) };
}

/** `B = I - P diagMat(1 / diag(P))` with diag(B) = 0, float32, from the inverse P. */
function weightsFromInverse(P: Float64Array, n: number): Float32Array {
  const B = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const pi = i * n;
    for (let j = 0; j < n; j++) if (i !== j) B[pi + j] = -P[pi + j]! / P[j * n + j]!;
  }
  return B;
}

/** The jobs of a fit and where its inverse ends up. */
interface EaseFit {
  readonly jobs: Generator<KernelJob, void, undefined>;
  readonly A: Float64Array;
  readonly n: number;
}

function prepare(userItems: CsrMatrix, itemUsers: CsrMatrix, cfg: EaseConfig, runner: ParallelRunner | undefined): EaseFit {
  const n = userItems.cols;
  if (n > cfg.maxItems) {
    throw new ConfigError(
      `ease: the catalogue has ${n} items, above maxItems ${cfg.maxItems} (EASE needs ${n}x${n} dense memory and O(n^3) time); ` +
        'raise ease.maxItems or use ials / item-knn',
      'maxItems',
    );
  }
  const alloc = allocatorOf(runner);
  const A = alloc(Float64Array, n * n);
  return { jobs: easeJobs(userItems, itemUsers, cfg, A, spdScratch(n, alloc), runner), A, n };
}

/**
 * Fits EASE's item-item weights: `P = (XtX + lambda I)^-1`, `B = I - P diagMat(1 / diag(P))`,
 * diag(B) = 0. Returns B row-major (items x items, float32). Memory: the float64 n x n Gram,
 * inverted in place, then B: 12 n^2 bytes at the peak.
 *
 * The inverse is our own flat Cholesky inverse rather than ml-matrix's: on MovieLens 100K (1682
 * items) ml-matrix's Cholesky solve took 115 s, this takes a few seconds (see benchmarks/).
 * @throws ConfigError when the catalogue is larger than `maxItems`.
 */
export function fitEaseWeights(userItems: CsrMatrix, cfg: EaseConfig, itemUsers: CsrMatrix = transpose(userItems)): Float32Array {
  const fit = prepare(userItems, itemUsers, cfg, undefined);
  runJobsSync(fit.jobs);
  return weightsFromInverse(fit.A, fit.n);
}

/** {@link fitEaseWeights} with the Gram and the inverse on `runner`'s threads (the same bits). */
export async function fitEaseWeightsOn(runner: ParallelRunner, userItems: CsrMatrix, cfg: EaseConfig, itemUsers: CsrMatrix = transpose(userItems)): Promise<Float32Array> {
  const fit = prepare(userItems, itemUsers, cfg, runner);
  await runJobs(fit.jobs, runner);
  return weightsFromInverse(fit.A, fit.n);
}

/** EASE signal: a shallow linear autoencoder over the item-item Gram matrix. */
export class EaseSignal implements Signal {
  readonly type = 'ease';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: false, coldUsers: false, baseline: false, foldIn: false, topics: false, similarity: true, explains: false, boosts: false, catalogue: false, interactions: false });
  readonly reason = 'often chosen with products you interacted with';
  readonly config: EaseConfig;
  #B: Float32Array | undefined;
  #n = 0;
  #scratch = new Float64Array(0);

  constructor(config: EaseConfigInput = {}) {
    this.config = parseConfig('ease', EaseConfigSchema, config);
  }

  get fitted(): boolean {
    return this.#B !== undefined;
  }

  /** The weight matrix B (items x items, row-major), after fit. */
  get weights(): Float32Array {
    if (this.#B === undefined) throw new NotFittedError('ease');
    return this.#B;
  }

  /** Fits B; with `options.runner` on its threads (same bits), returning a promise. */
  fit(dataset: Dataset, options: FitContext = {}): void | Promise<void> {
    const items = dataset.interactions.cols;
    if (options.runner !== undefined) {
      return fitEaseWeightsOn(options.runner, dataset.interactions, this.config, dataset.itemUsers()).then((B) => this.setWeights(B, items));
    }
    this.setWeights(fitEaseWeights(dataset.interactions, this.config, dataset.itemUsers()), items);
  }

  /** Installs B (used by fit and by model loading). */
  setWeights(B: Float32Array, items: number): void {
    if (B.length !== items * items) throw new RangeError(`EASE weights must be ${items}x${items}`);
    this.#B = B;
    this.#n = items;
    this.#scratch = new Float64Array(items);
  }

  /** `sum_j w_j B[j]` over the history's fitted products; undefined when it has none. */
  #scoreAll(user: UserContext): Float64Array | undefined {
    const B = this.weights;
    const n = this.#n;
    if (!user.items.some((j) => j >= 0 && j < n)) return undefined;
    const out = this.#scratch.fill(0);
    for (let t = 0; t < user.items.length; t++) {
      const j = user.items[t]!;
      if (j < 0 || j >= n) continue;
      const w = this.config.binary ? 1 : user.weights[t]!;
      const o = j * n;
      for (let p = 0; p < n; p++) out[p]! += w * B[o + p]!;
    }
    return out;
  }

  score(user: UserContext, candidates: Int32Array): Float32Array {
    const all = this.#scoreAll(user);
    if (all === undefined) return new Float32Array(candidates.length).fill(Number.NaN);
    return gather(all, candidates);
  }

  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const all = this.#scoreAll(user);
    if (all === undefined) return NO_ITEMS;
    return topNOfScores(all, n, exclude);
  }

  /** Products with the largest weight B[product][j], best first, itself left out. */
  similarTo(product: number, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const B = this.weights;
    if (product < 0 || product >= this.#n) return NO_ITEMS;
    const row = B.subarray(product * this.#n, product * this.#n + this.#n);
    return topNOfScores(row, n, (p) => p === product || (exclude !== undefined && exclude(p)));
  }

  exportState(): SignalState {
    return new Map<string, StateArray>([['weights', this.weights]]);
  }

  importState(state: SignalState, dataset: Dataset): void {
    const B = state.get('weights');
    if (!(B instanceof Float32Array)) throw new FormatError('ease state needs float32 weights');
    this.setWeights(B, dataset.interactions.cols);
  }

  toJSON(): EaseConfig {
    return { ...this.config };
  }
}

/** Creates an EASE signal. */
export function createEase(config: EaseConfigInput = {}): EaseSignal {
  return new EaseSignal(config);
}
