/**
 * Exact top-n by dot product over a factor table: rows reordered by norm so that a scan can stop
 * once Cauchy-Schwarz rules out every remaining row.
 */
import { TopK } from '../top-k.js';
import { useWasmKernels } from './cg-row-wasm.js';
import { dotSeq, rowNorms, type Vec } from './dot.js';
import { scoreRange } from './scan.js';
import { approxError, WasmScan } from './scan-wasm.js';

/** Best products, best first (product indices and scores). */
export interface TopDots {
  readonly ids: Int32Array;
  readonly scores: Float64Array;
}

/**
 * Offers `scores[i]` as product `first + i` to the heap, skipping NaN and excluded products; the
 * heap's threshold is read once per accepted entry, so most products cost one comparison.
 */
function offerScores(heap: TopK, scores: ArrayLike<number>, first: number, order: Int32Array | undefined, exclude?: (product: number) => boolean): void {
  let threshold = heap.threshold();
  const total = scores.length;
  for (let i = 0; i < total; i++) {
    const s = scores[i]!;
    // `!(s >= threshold)` also skips NaN; equal scores go on to the heap's tie rule.
    if (!(s >= threshold)) continue;
    const p = order === undefined ? first + i : order[first + i]!;
    if (exclude !== undefined && exclude(p)) continue;
    heap.push(p, s);
    threshold = heap.threshold();
  }
}

/**
 * The `n` best entries of a dense score array (index = product), skipping NaN and excluded
 * products, with a bounded heap: O(P log n), no full sort. Ties go to the smaller index.
 */
export function topNOfScores(scores: ArrayLike<number>, n: number, exclude?: (product: number) => boolean): TopDots {
  const heap = new TopK(n);
  offerScores(heap, scores, 0, undefined, exclude);
  return heap.drain();
}

/**
 * A factor table reordered by row norm, largest first, for exact top-n with early termination
 * (see {@link topNOfDots}). Holds a copy of the factors: as much memory again as the table.
 */
export interface NormOrderedFactors {
  /** Product index of each position. */
  readonly order: Int32Array;
  /** Euclidean norm of each position's row, non-increasing. */
  readonly norms: Float64Array;
  /** The rows in that order (positions x k, row-major). */
  readonly factors: Float32Array;
}

/**
 * Reorders the `items` x `k` factor table by row norm, largest first (ties by product index).
 * Rows with a NaN factor (NaN norm, every score NaN) go last. With `only` (product indices,
 * ascending, checked by the caller), just those rows: the table of a fixed subset of products.
 */
export function normOrdered(itemFactors: Float32Array, k: number, items: number, only?: Int32Array): NormOrderedFactors {
  if (only !== undefined) {
    const rows = new Float32Array(only.length * k);
    for (let i = 0; i < only.length; i++) rows.set(itemFactors.subarray(only[i]! * k, only[i]! * k + k), i * k);
    const local = normOrdered(rows, k, only.length);
    return { order: local.order.map((i) => only[i]!), norms: local.norms, factors: local.factors };
  }
  const byItem = rowNorms(itemFactors, items, k);
  // Sort key: the norm, NaN as -Infinity (a NaN in the comparator would scramble the whole order).
  const key = byItem.map((v) => (Number.isNaN(v) ? -Infinity : v));
  const order = Int32Array.from({ length: items }, (_, i) => i).sort((a, b) => (key[a]! === key[b]! ? a - b : key[b]! > key[a]! ? 1 : -1));
  const norms = Float64Array.from(order, (i) => byItem[i]!);
  const factors = new Float32Array(items * k);
  for (let p = 0; p < items; p++) factors.set(itemFactors.subarray(order[p]! * k, order[p]! * k + k), p * k);
  return { order, norms, factors };
}

/** The WebAssembly scanner of each table (built on first use; undefined where unavailable). */
const scanners = new WeakMap<NormOrderedFactors, WasmScan | undefined>();

function wasmScanOf(table: NormOrderedFactors, k: number): WasmScan | undefined {
  if (!useWasmKernels()) return undefined;
  if (!scanners.has(table)) scanners.set(table, WasmScan.over(table.factors, k));
  return scanners.get(table);
}

/** Rows scored per chunk by {@link topNOfDots}: small enough to stop soon, large enough to scan fast. */
const CHUNK = 512;
/** Relative slack on the Cauchy-Schwarz bound, far above the float32 rounding of a score. */
const BOUND_SLACK = 1e-5;
/** Absolute slack of the approximate scan's bound: float32 sums of subnormal products (2^-149 each). */
const SUBNORMAL_SLACK = 2 ** -100;

/**
 * Offers the rows `first .. first + approx.length` of the table, given their approximate scores
 * (each within `bound` of its exact float32 score): a row whose approximate score plus the bound
 * is below the heap's threshold cannot enter it; every other row that is not excluded is scored
 * exactly, as {@link scoreRange} scores it (one float64 accumulator, rounded to float32), and
 * offered as {@link offerScores} offers it. A NaN or infinite approximation is always rescored.
 */
function offerApprox(heap: TopK, approx: Float32Array, bound: number, user: Vec, table: NormOrderedFactors, k: number, first: number, exclude?: (product: number) => boolean): void {
  const { order, factors } = table;
  let threshold = heap.threshold();
  // a < cut: a + bound < threshold (up to rounding, far inside the bound's factor-2 margin).
  let cut = threshold - bound;
  for (let i = 0; i < approx.length; i++) {
    const a = approx[i]!;
    // NaN and +Infinity fail the test; -Infinity (a float32 overflow) goes on to the exact score.
    if (a < cut && a !== -Infinity) continue;
    const p = order[first + i]!;
    if (exclude !== undefined && exclude(p)) continue;
    const s = Math.fround(dotSeq(user, 0, factors, (first + i) * k, k));
    if (!(s >= threshold)) continue;
    heap.push(p, s);
    threshold = heap.threshold();
    cut = threshold - bound;
  }
}

/**
 * The `n` best products by dot product of `user` with each factor row, skipping excluded
 * products; scores are rounded to float32 as {@link scoreRange} writes them. Exact: rows are
 * scanned in order of decreasing norm, chunk by chunk, and the scan stops once `|user| * |row|`
 * (Cauchy-Schwarz: no later row can score more) falls below the n-th best score. On factors of
 * real catalogues, where most products have few interactions and small factors, that skips most
 * of the table; on uniform norms it is a full scan. Where the WebAssembly kernels load, a chunk
 * is first scored approximately in float32 lanes and only the rows the error bound cannot rule
 * out are scored exactly: the same products and scores as the TypeScript scan. Ties go to the
 * smaller product index.
 */
export function topNOfDots(user: Vec, table: NormOrderedFactors, k: number, n: number, exclude?: (product: number) => boolean): TopDots {
  const heap = new TopK(n);
  if (heap.capacity === 0) return heap.drain();
  const items = table.order.length;
  const { order, norms, factors } = table;
  const norm = Math.sqrt(dotSeq(user, 0, user, 0, k));
  const un = norm * (1 + BOUND_SLACK);
  const buffer = new Float32Array(Math.min(CHUNK, items));
  const wasm = wasmScanOf(table, k);
  const error = approxError(k) * norm;
  for (let first = 0; first < items; first += CHUNK) {
    // Strictly below: a row that could tie with the n-th best may still win on a smaller index.
    // The bound is rounded to float32 like the scores, so a score rounded up (subnormal) or to
    // Infinity (overflow) cannot exceed it.
    if (Math.fround(un * norms[first]!) < heap.threshold()) break;
    const len = Math.min(CHUNK, items - first);
    const scores = len === buffer.length ? buffer : buffer.subarray(0, len);
    if (wasm !== undefined) {
      // Rows are in order of decreasing norm: the chunk's first norm bounds every row's.
      wasm.approx(user, first, scores);
      offerApprox(heap, scores, error * norms[first]! + SUBNORMAL_SLACK, user, table, k, first, exclude);
    } else {
      scoreRange(user, factors, k, first, scores);
      offerScores(heap, scores, first, order, exclude);
    }
  }
  return heap.drain();
}
