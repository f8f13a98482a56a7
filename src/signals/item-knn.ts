import * as z from 'zod/mini';
import { parseConfig } from '../_internal/parse-config.js';
import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import { TopK } from '../_internal/top-k.js';
import { columnNorms, type NeighbourSlots } from '../_internal/linalg/sparse-gram.js';
import { type CsrMatrix, csrProblem } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { FormatError, NotFittedError } from '../errors.js';
import { allocatorOf, shareWith, type JobArray, type KernelJob, type ParallelRunner } from '../parallel/job.js';
import { runInline } from '../parallel/run.js';
import type { FitContext, ScoredItems, Signal, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { NO_ITEMS, gather } from './top-n.js';

/** Item-kNN config. */
export const ItemKnnConfigSchema = z.strictObject({
  type: z._default(z.literal('item-knn'), 'item-knn'),
  /** Neighbours kept per item (the item itself included). @default 100 */
  neighbours: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100_000)), 100),
  /** Shrinkage s in `dot / (|a| |b| + s)`; 0 is plain cosine. @default 0 */
  shrinkage: z._default(z.number().check(z.nonnegative()), 0),
  /** Use binary (1 per cell) columns instead of the decayed weights. @default false */
  binary: z._default(z.boolean(), false),
});

/** Item-kNN config as written by a caller. */
export type ItemKnnConfigInput = z.input<typeof ItemKnnConfigSchema>;
/** Item-kNN config with defaults. */
export type ItemKnnConfig = z.output<typeof ItemKnnConfigSchema>;

/** Items per chunk of the neighbour job. */
const GRAIN = 32;

/** The neighbour job of a fit, its output slots and K. */
interface KnnFit {
  readonly job: KernelJob;
  readonly slots: NeighbourSlots;
  readonly K: number;
}

function prepare(userItems: CsrMatrix, itemUsers: CsrMatrix, cfg: ItemKnnConfig, runner: ParallelRunner | undefined): KnnFit {
  const n = userItems.cols;
  const K = Math.min(cfg.neighbours, n);
  const alloc = allocatorOf(runner);
  const slots: NeighbourSlots = { ids: alloc(Int32Array, n * K), sims: alloc(Float64Array, n * K), count: alloc(Int32Array, n) };
  const norm = shareWith(runner, columnNorms(itemUsers, n, cfg.binary));
  const share = <T extends JobArray>(a: T): T => shareWith(runner, a);
  const job: KernelJob = {
    kernel: 'cosine-neighbour-rows',
    arrays: {
      colsPtr: share(itemUsers.indptr),
      colsIdx: share(itemUsers.indices),
      colsVal: share(itemUsers.values),
      rowsPtr: share(userItems.indptr),
      rowsIdx: share(userItems.indices),
      rowsVal: share(userItems.values),
      norm,
      ids: slots.ids,
      sims: slots.sims,
      count: slots.count,
    },
    params: { K, shrinkage: cfg.shrinkage, binary: cfg.binary ? 1 : 0 },
    count: n,
    grain: GRAIN,
  };
  return { job, slots, K };
}

/** The neighbour slots as a CSR matrix, each row sorted by column (binary search, cache-friendly scoring). */
function toCsr(slots: NeighbourSlots, n: number, K: number): CsrMatrix {
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) indptr[i + 1] = indptr[i]! + slots.count[i]!;
  const indices = new Int32Array(indptr[n]!);
  const values = new Float32Array(indptr[n]!);
  for (let i = 0; i < n; i++) {
    const base = i * K;
    const order = Array.from({ length: slots.count[i]! }, (_, t) => t).sort((a, b) => slots.ids[base + a]! - slots.ids[base + b]!);
    order.forEach((t, r) => {
      indices[indptr[i]! + r] = slots.ids[base + t]!;
      values[indptr[i]! + r] = slots.sims[base + t]!;
    });
  }
  return { rows: n, cols: n, indptr, indices, values };
}

/**
 * Top-K cosine neighbours of every item (columns of `userItems`), shrunk by `shrinkage`:
 * a sparse items x items matrix, row j = the K items most similar to j. O(sum over users of
 * |row|^2) with a dense accumulator per item.
 */
export function cosineNeighbours(userItems: CsrMatrix, itemUsers: CsrMatrix, cfg: ItemKnnConfig): CsrMatrix {
  const fit = prepare(userItems, itemUsers, cfg, undefined);
  runInline(fit.job);
  return toCsr(fit.slots, userItems.cols, fit.K);
}

/** {@link cosineNeighbours} with the neighbour lists computed on `runner`'s threads (the same bits). */
export async function cosineNeighboursOn(runner: ParallelRunner, userItems: CsrMatrix, itemUsers: CsrMatrix, cfg: ItemKnnConfig): Promise<CsrMatrix> {
  const fit = prepare(userItems, itemUsers, cfg, runner);
  await runner.run(fit.job);
  return toCsr(fit.slots, userItems.cols, fit.K);
}

/** Item-kNN signal: a product scores by its similarity to what the user interacted with. */
export class ItemKnnSignal implements Signal {
  readonly type = 'item-knn';
  readonly capabilities: SignalCapabilities = Object.freeze({ coldProducts: false, coldUsers: false, baseline: false, foldIn: false, topics: false, similarity: true, explains: false, boosts: false, catalogue: false, interactions: false });
  readonly reason = 'similar to products you interacted with';
  readonly config: ItemKnnConfig;
  #sim: CsrMatrix | undefined;
  /** Per-request scores over the products the history's neighbour lists reach (reset after use). */
  #acc = new SparseAccumulator(0);

  constructor(config: ItemKnnConfigInput = {}) {
    this.config = parseConfig('item-knn', ItemKnnConfigSchema, config);
  }

  get fitted(): boolean {
    return this.#sim !== undefined;
  }

  /** The neighbour matrix (items x items, sparse), after fit. */
  get similarity(): CsrMatrix {
    if (this.#sim === undefined) throw new NotFittedError('item-knn');
    return this.#sim;
  }

  /** Fits the neighbour lists; with `options.runner` on its threads (same bits), returning a promise. */
  fit(dataset: Dataset, options: FitContext = {}): void | Promise<void> {
    if (options.runner !== undefined) {
      return cosineNeighboursOn(options.runner, dataset.interactions, dataset.itemUsers(), this.config).then((sim) => this.setSimilarity(sim));
    }
    this.setSimilarity(cosineNeighbours(dataset.interactions, dataset.itemUsers(), this.config));
  }

  /** Installs a neighbour matrix (used by fit and by model loading). */
  setSimilarity(sim: CsrMatrix): void {
    this.#sim = sim;
    this.#acc = new SparseAccumulator(sim.cols);
  }

  /**
   * Adds `sum over the history of w_j * S[j, p]` into the accumulator for every product p that a
   * history item's neighbour list reaches (sum of w_j * S[j, p], in the order of the history);
   * false for an empty history. The caller resets the accumulator.
   */
  #accumulate(user: UserContext): boolean {
    const sim = this.similarity;
    if (user.items.length === 0) return false;
    const acc = this.#acc;
    const { indptr, indices, values } = sim;
    for (let t = 0; t < user.items.length; t++) {
      const j = user.items[t]!;
      if (j < 0 || j >= sim.rows) continue;
      const w = user.weights[t]!;
      for (let e = indptr[j]!; e < indptr[j + 1]!; e++) acc.add(indices[e]!, w * values[e]!);
    }
    return true;
  }

  /**
   * `sum over the history of w_j * S[j, p]` per candidate; NaN (no opinion) for a product no
   * history item's neighbour list reaches, and for every product when the history is empty.
   */
  score(user: UserContext, candidates: Int32Array): Float32Array {
    if (!this.#accumulate(user)) return new Float32Array(candidates.length).fill(Number.NaN);
    try {
      const out = gather(this.#acc.values, candidates);
      for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = Number.NaN;
      return out;
    } finally {
      this.#acc.reset();
    }
  }

  /**
   * The `n` best products by neighbour score, walking only the products the history's neighbour
   * lists reach: O(reached log n) per request, `exclude` called only for reached products that
   * could enter the top n. Products with a zero (or NaN) score have no support and are left out.
   * Ties go to the smaller product index.
   */
  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    if (!this.#accumulate(user)) return NO_ITEMS;
    const acc = this.#acc;
    const sums = acc.values;
    const heap = new TopK(n);
    try {
      let threshold = heap.threshold();
      for (let t = 0; t < acc.count; t++) {
        const p = acc.touchedAt(t);
        const s = sums[p]!;
        // `!(s >= threshold)` also skips NaN; equal scores go on to the heap's tie rule.
        if (s === 0 || !(s >= threshold)) continue;
        if (exclude !== undefined && exclude(p)) continue;
        heap.push(p, s);
        threshold = heap.threshold();
      }
    } finally {
      acc.reset();
    }
    return heap.drain();
  }

  /** Neighbours of `product` by cosine, best first, the product itself left out. */
  similarTo(product: number, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const sim = this.similarity;
    if (product < 0 || product >= sim.rows) return NO_ITEMS;
    const heap = new TopK(n);
    for (let e = sim.indptr[product]!; e < sim.indptr[product + 1]!; e++) {
      const j = sim.indices[e]!;
      if (j === product || (exclude !== undefined && exclude(j))) continue;
      heap.push(j, sim.values[e]!);
    }
    return heap.drain();
  }

  exportState(): SignalState {
    const s = this.similarity;
    return new Map<string, StateArray>([
      ['indptr', s.indptr],
      ['indices', s.indices],
      ['values', s.values],
    ]);
  }

  importState(state: SignalState, dataset: Dataset): void {
    const indptr = state.get('indptr');
    const indices = state.get('indices');
    const values = state.get('values');
    const n = dataset.interactions.cols;
    if (!(indptr instanceof Int32Array) || !(indices instanceof Int32Array) || !(values instanceof Float32Array) || indptr.length !== n + 1) {
      throw new FormatError('item-knn state needs int32 indptr (products + 1), int32 indices and float32 values');
    }
    const sim = { rows: n, cols: n, indptr, indices, values };
    const problem = csrProblem(sim);
    if (problem !== undefined) throw new FormatError(`item-knn state: the neighbour matrix is malformed: ${problem}`);
    this.setSimilarity(sim);
  }

  toJSON(): ItemKnnConfig {
    return { ...this.config };
  }
}

/** Creates an item-kNN signal. */
export function createItemKnn(config: ItemKnnConfigInput = {}): ItemKnnSignal {
  return new ItemKnnSignal(config);
}
