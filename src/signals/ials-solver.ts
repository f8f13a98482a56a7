/**
 * The iALS solver (Hu, Koren, Volinsky 2008; CG row solves of Takacs et al. 2011), pure numerics
 * apart from the signal: seeded initialisation, alternating sweeps written as kernel jobs (Gram
 * matrix rows, then the rows of one side solved against the other), the training loss and the
 * fold-in of one row. The jobs run on the calling thread or on a thread pool with the same bits.
 */
import { cgScratch, solveRow, type CsrRows } from '../_internal/linalg/cg-row.js';
import { useWasmKernels } from '../_internal/linalg/cg-row-wasm.js';
import { dot } from '../_internal/linalg/dot.js';
import { gram, gramFinish } from '../_internal/linalg/gram.js';
import { matVec } from '../_internal/linalg/mat-vec.js';
import { Rng } from '../_internal/rng.js';
import type { Alloc, KernelJob } from '../parallel/job.js';

/** The numeric settings of a fit (the signal's config without its type). */
export interface AlsParams {
  readonly factors: number;
  readonly regularization: number;
  readonly alpha: number;
  readonly iterations: number;
  readonly cgSteps: number;
  readonly initScale: number;
  readonly seed: number;
  readonly computeLoss: boolean;
}

/** A sparse matrix of the fit: its CSR arrays (shared with the runner's threads) and shape. */
export interface AlsMatrix extends CsrRows {
  readonly rows: number;
  readonly cols: number;
}

/** Rows of a side solved per chunk: small for balance, large enough to amortise a chunk claim. */
const SOLVE_GRAIN = 8;
/** Rows of a Gram matrix per chunk. */
const GRAM_GRAIN = 4;

/** User factors X (users x k) and item factors Y (items x k), row-major float32. */
export interface AlsFactors {
  readonly X: Float32Array;
  readonly Y: Float32Array;
}

/** Seeded initial factors: uniform [0, 1) * initScale, X first, then Y. */
export function alsInit(users: number, items: number, p: AlsParams, alloc: Alloc): AlsFactors {
  const k = p.factors;
  const rng = new Rng(p.seed);
  // Stored as float32 (as implicit does: half the memory traffic); each row is solved in float64.
  const X = alloc(Float32Array, users * k);
  const Y = alloc(Float32Array, items * k);
  for (let i = 0; i < X.length; i++) X[i] = rng.next() * p.initScale;
  for (let i = 0; i < Y.length; i++) Y[i] = rng.next() * p.initScale;
  return { X, Y };
}

/** The jobs of one half-sweep: `G = YtY + reg I` (rows, then finished here), then every row of X. */
function* halfSweep(M: AlsMatrix, X: Float32Array, Y: Float32Array, yRows: number, G: Float64Array, p: AlsParams): Generator<KernelJob, void, undefined> {
  const k = p.factors;
  G.fill(0);
  // simd: the WebAssembly kernels where they load (float32 products; the TypeScript kernel is the reference).
  const simd = useWasmKernels() ? 1 : 0;
  yield { kernel: 'gram-rows', arrays: { Y, G }, params: { rows: yRows, k, simd }, count: k, grain: GRAM_GRAIN };
  gramFinish(G, k, p.regularization);
  yield {
    kernel: 'cg-rows',
    arrays: { X, Y, G, mPtr: M.indptr, mIdx: M.indices, mVal: M.values },
    params: { alpha: p.alpha, k, steps: p.cgSteps, simd },
    count: M.rows,
    grain: SOLVE_GRAIN,
  };
}

/** Progress of one sweep, with the loss when asked for. */
export interface AlsSweepDone {
  readonly iteration: number;
  readonly loss?: number;
}

/**
 * The jobs of a whole fit, in order: per iteration the users against the items, then the items
 * against the users. `userItems` and `itemUsers` are the matrix and its transpose; X and Y are
 * updated in place. `onSweep` is called after each iteration (with the loss if `computeLoss`).
 */
export function* alsSweeps(
  userItems: AlsMatrix,
  itemUsers: AlsMatrix,
  factors: AlsFactors,
  p: AlsParams,
  alloc: Alloc,
  onSweep?: (done: AlsSweepDone) => void,
): Generator<KernelJob, void, undefined> {
  const G = alloc(Float64Array, p.factors * p.factors);
  const { X, Y } = factors;
  for (let it = 1; it <= p.iterations; it++) {
    yield* halfSweep(userItems, X, Y, userItems.cols, G, p);
    yield* halfSweep(itemUsers, Y, X, userItems.rows, G, p);
    if (onSweep !== undefined) onSweep(p.computeLoss ? { iteration: it, loss: alsLoss(userItems, X, Y, p) } : { iteration: it });
  }
}

/** Weighted squared loss per cell: sum c (p - xy)^2 + reg (|X|^2 + |Y|^2), divided by rows x cols. */
export function alsLoss(M: AlsMatrix, X: Float32Array, Y: Float32Array, p: AlsParams): number {
  const k = p.factors;
  const G = gram(Y, M.cols, k, 0);
  const gx = new Float64Array(k);
  const xv = new Float64Array(k);
  let total = 0;
  for (let u = 0; u < M.rows; u++) {
    for (let f = 0; f < k; f++) xv[f] = X[u * k + f]!;
    matVec(G, xv, gx, k);
    total += dot(xv, 0, gx, 0, k); // sum over all items of (x y)^2 with preference 0 and confidence 1
    for (let e = M.indptr[u]!; e < M.indptr[u + 1]!; e++) {
      const c = 1 + p.alpha * M.values[e]!;
      const s = dot(xv, 0, Y, M.indices[e]! * k, k);
      total += c * (1 - s) * (1 - s) - s * s;
    }
    total += p.regularization * dot(xv, 0, xv, 0, k);
  }
  total += p.regularization * dot(Y, 0, Y, 0, Y.length);
  return total / Math.max(1, M.rows * M.cols);
}

/**
 * Solves one row with Y fixed (fold-in): CG to convergence (k steps) from 0 for the items and
 * weights given; `G` is `YtY + reg I` of Y. Microseconds per row.
 */
export function alsFoldIn(Y: Float32Array, G: Float64Array, items: Int32Array, weights: Float32Array, alpha: number, k: number): Float32Array {
  const out = new Float32Array(k);
  solveRow(out, 0, Y, G, items, weights, 0, items.length, alpha, k, k, cgScratch(k));
  return out;
}
