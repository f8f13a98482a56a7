import { TopK } from '../_internal/top-k.js';
import { DataError } from '../errors.js';
import { scoreRange } from '../_internal/vector.js';
import type { ScoredItems } from './signal.js';

/**
 * Offers `scores[i]` as product `first + i` to the heap, skipping NaN and excluded products; the
 * heap's threshold is read once per accepted entry, so most products cost one comparison.
 */
function offerScores(heap: TopK, scores: ArrayLike<number>, first: number, exclude?: (product: number) => boolean): void {
  let threshold = heap.threshold();
  const total = scores.length;
  for (let i = 0; i < total; i++) {
    const s = scores[i]!;
    // `!(s >= threshold)` also skips NaN; equal scores go on to the heap's tie rule.
    if (!(s >= threshold)) continue;
    const p = first + i;
    if (exclude !== undefined && exclude(p)) continue;
    heap.push(p, s);
    threshold = heap.threshold();
  }
}

/**
 * The `n` best entries of a dense score array (index = product), skipping NaN and excluded
 * products, with a bounded heap: O(P log n), no full sort. Ties go to the smaller index.
 */
export function topNOfScores(
  scores: ArrayLike<number>,
  n: number,
  exclude?: (product: number) => boolean,
): ScoredItems {
  const heap = new TopK(n);
  offerScores(heap, scores, 0, exclude);
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
 * Checks the ids of a product subset: ascending, each once, within 0..products-1.
 * @throws DataError naming `who`, the entry and its value.
 */
export function checkSubsetIds(ids: Int32Array, products: number, who: string): void {
  for (let i = 0; i < ids.length; i++) {
    const p = ids[i]!;
    if (!(p >= 0 && p < products) || (i > 0 && p <= ids[i - 1]!)) {
      throw new DataError(`${who}: subset ids must be ascending product indices in 0..${products - 1}; entry ${i} is ${p}`);
    }
  }
}

/**
 * Reorders the `items` x `k` factor table by row norm, largest first (ties by product index).
 * Rows with a NaN factor (NaN norm, every score NaN) go last. With `only` (product indices,
 * ascending), just those rows: the table of a fixed subset of products.
 * @throws DataError when `only` is not ascending or holds an index outside 0..items-1.
 */
export function normOrdered(itemFactors: Float32Array, k: number, items: number, only?: Int32Array): NormOrderedFactors {
  if (only !== undefined) {
    checkSubsetIds(only, items, 'normOrdered');
    const rows = new Float32Array(only.length * k);
    for (let i = 0; i < only.length; i++) rows.set(itemFactors.subarray(only[i]! * k, only[i]! * k + k), i * k);
    const local = normOrdered(rows, k, only.length);
    return { order: local.order.map((i) => only[i]!), norms: local.norms, factors: local.factors };
  }
  const byItem = new Float64Array(items);
  // Sort key: the norm, NaN as -Infinity (a NaN in the comparator would scramble the whole order).
  const key = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    const o = i * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += itemFactors[o + f]! * itemFactors[o + f]!;
    byItem[i] = Math.sqrt(s);
    key[i] = Number.isNaN(byItem[i]!) ? -Infinity : byItem[i]!;
  }
  const order = Int32Array.from({ length: items }, (_, i) => i).sort((a, b) => (key[a]! === key[b]! ? a - b : key[b]! > key[a]! ? 1 : -1));
  const norms = Float64Array.from(order, (i) => byItem[i]!);
  const factors = new Float32Array(items * k);
  for (let p = 0; p < items; p++) factors.set(itemFactors.subarray(order[p]! * k, order[p]! * k + k), p * k);
  return { order, norms, factors };
}

/** Rows scored per chunk by {@link topNOfDots}: small enough to stop soon, large enough to scan fast. */
const CHUNK = 512;
/** Relative slack on the Cauchy-Schwarz bound, far above the float32 rounding of a score. */
const BOUND_SLACK = 1e-5;

/**
 * The `n` best products by dot product of `user` with each factor row, skipping excluded
 * products; scores are rounded to float32 as {@link scoreRange} writes them. Exact: rows are
 * scanned in order of decreasing norm, chunk by chunk with the blocked scan, and the scan stops
 * once `|user| * |row|` (Cauchy-Schwarz: no later row can score more) falls below the n-th best
 * score. On factors of real catalogues, where most products have few interactions and small
 * factors, that skips most of the table; on uniform norms it is the plain blocked scan. Ties go
 * to the smaller product index.
 */
export function topNOfDots(
  user: Float64Array | Float32Array,
  table: NormOrderedFactors,
  k: number,
  n: number,
  exclude?: (product: number) => boolean,
): ScoredItems {
  const heap = new TopK(n);
  if (heap.capacity === 0) return heap.drain();
  const items = table.order.length;
  const { order, norms, factors } = table;
  let un = 0;
  for (let f = 0; f < k; f++) un += user[f]! * user[f]!;
  un = Math.sqrt(un) * (1 + BOUND_SLACK);
  const buffer = new Float32Array(Math.min(CHUNK, items));
  let threshold = heap.threshold();
  for (let first = 0; first < items; first += CHUNK) {
    // Strictly below: a row that could tie with the n-th best may still win on a smaller index.
    // The bound is rounded to float32 like the scores, so a score rounded up (subnormal) or to
    // Infinity (overflow) cannot exceed it.
    if (Math.fround(un * norms[first]!) < threshold) break;
    const len = Math.min(CHUNK, items - first);
    scoreRange(user, factors, k, first, len === buffer.length ? buffer : buffer.subarray(0, len));
    // The offer loop of offerScores, kept here so that this loop only ever sees a Float32Array.
    for (let i = 0; i < len; i++) {
      const s = buffer[i]!;
      if (!(s >= threshold)) continue;
      const p = order[first + i]!;
      if (exclude !== undefined && exclude(p)) continue;
      heap.push(p, s);
      threshold = heap.threshold();
    }
  }
  return heap.drain();
}

/** Gathers `dense[candidates[i]]` into a Float32Array aligned with the candidates. */
export function gather(dense: ArrayLike<number>, candidates: Int32Array): Float32Array {
  const out = new Float32Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    out[i] = c >= 0 && c < dense.length ? dense[c]! : Number.NaN;
  }
  return out;
}

/** An empty result. */
export const NO_ITEMS: ScoredItems = Object.freeze({ ids: new Int32Array(0), scores: new Float64Array(0) });
