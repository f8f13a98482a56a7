import { z } from 'zod';
import { parseConfig } from '../_internal/parse-config.js';
import { spdInverse } from '../_internal/spd-inverse.js';
import type { CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { ConfigError, FormatError, NotFittedError } from '../errors.js';
import type { ScoredItems, Signal, SignalCapabilities, SignalState, StateArray, UserContext } from './signal.js';
import { NO_ITEMS, gather, topNOfScores } from './top-n.js';

/** EASE config (Steck 2019). */
export const EaseConfigSchema = z
  .object({
    type: z.literal('ease').default('ease'),
    /** L2 regularisation lambda added to the Gram diagonal. @default 500 */
    regularization: z.number().positive().finite().default(500),
    /** Refuse catalogues larger than this: EASE is dense, O(items^2) memory, O(items^3) time. @default 10000 */
    maxItems: z.number().int().min(1).default(10_000),
    /** Use binary (1 per cell) rows instead of the decayed weights. @default false */
    binary: z.boolean().default(false),
  })
  .strict();

/** EASE config as written by a caller. */
export type EaseConfigInput = z.input<typeof EaseConfigSchema>;
/** EASE config with defaults. */
export type EaseConfig = z.output<typeof EaseConfigSchema>;

/**
 * Fits EASE's item-item weights: `P = (XtX + lambda I)^-1`, `B = I - P diagMat(1 / diag(P))`,
 * diag(B) = 0. Returns B row-major (items x items, float32).
 *
 * The inverse is our own flat Cholesky inverse rather than ml-matrix's: on MovieLens 100K (1682
 * items) ml-matrix's Cholesky solve took 115 s, this takes a few seconds (see benchmarks/).
 */
export function fitEaseWeights(userItems: CsrMatrix, cfg: EaseConfig): Float32Array {
  const n = userItems.cols;
  if (n > cfg.maxItems) {
    throw new ConfigError(
      `ease: the catalogue has ${n} items, above maxItems ${cfg.maxItems} (EASE needs ${n}x${n} dense memory and O(n^3) time); ` +
        'raise ease.maxItems or use ials / item-knn',
      'maxItems',
    );
  }
  const G = new Float64Array(n * n);
  for (let u = 0; u < userItems.rows; u++) {
    const s = userItems.indptr[u]!;
    const e = userItems.indptr[u + 1]!;
    for (let a = s; a < e; a++) {
      const row = userItems.indices[a]! * n;
      const wi = cfg.binary ? 1 : userItems.values[a]!;
      for (let b = s; b < e; b++) G[row + userItems.indices[b]!]! += wi * (cfg.binary ? 1 : userItems.values[b]!);
    }
  }
  for (let i = 0; i < n; i++) G[i * n + i]! += cfg.regularization;
  const P = spdInverse(G, n);
  const B = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const pi = i * n;
    for (let j = 0; j < n; j++) if (i !== j) B[pi + j] = -P[pi + j]! / P[j * n + j]!;
  }
  return B;
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

  fit(dataset: Dataset): void {
    this.setWeights(fitEaseWeights(dataset.interactions, this.config), dataset.interactions.cols);
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
