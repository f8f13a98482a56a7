import { TopK } from '../_internal/top-k.js';
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

/** Products scored per chunk by {@link topNOfDots}: 16 KB of float32 scores, resident in L1. */
const CHUNK = 4096;

/**
 * The `n` best products by dot product of `user` with each row of the `items` x `k` factor table,
 * skipping excluded products; scores are rounded to float32 as {@link scoreRange} writes them.
 * Scores chunk by chunk into a small buffer and offers each chunk to the heap while it is in
 * cache, so exact top-n costs little more than the bare scan. Ties go to the smaller index.
 */
export function topNOfDots(
  user: Float64Array | Float32Array,
  itemFactors: Float32Array,
  k: number,
  items: number,
  n: number,
  exclude?: (product: number) => boolean,
): ScoredItems {
  const heap = new TopK(n);
  const buffer = new Float32Array(Math.min(CHUNK, items));
  let threshold = heap.threshold();
  for (let first = 0; first < items; first += CHUNK) {
    const len = Math.min(CHUNK, items - first);
    scoreRange(user, itemFactors, k, first, len === buffer.length ? buffer : buffer.subarray(0, len));
    // The offer loop of offerScores, kept here so that this loop only ever sees a Float32Array.
    for (let i = 0; i < len; i++) {
      const s = buffer[i]!;
      if (!(s >= threshold)) continue;
      const p = first + i;
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
