import { SparseAccumulator } from '../_internal/sparse-accumulator.js';

/** One document's terms as the index stores them: distinct term ids ascending, weighted frequencies alongside, and their sum. */
export interface TermCounts {
  readonly terms: Int32Array;
  readonly tf: Float32Array;
  /** `sum_t tf(t)` (the document's weighted length), summed in term id order. */
  readonly length: number;
}

/**
 * Counts the weighted term frequencies of one document at a time:
 * `tf(t) = sum over fields of fieldWeight x count of t in the field`. Adding a field costs
 * O(its tokens) and {@link take} O(distinct terms log distinct terms), with no allocation per
 * token once grown to the vocabulary.
 */
export class WeightedTermCounter {
  readonly #sums = new SparseAccumulator();

  /** Adds `weight` (> 0) per occurrence of each id of `ids` (term ids below `vocab`). */
  add(ids: Int32Array, weight: number, vocab: number): void {
    this.#sums.reserve(vocab);
    this.#sums.addEach(ids, weight);
  }

  /** The counted document's terms ascending, frequencies (rounded to float32) and length; the counter is then empty. */
  take(): TermCounts {
    const { ids: terms, sums: tf } = this.#sums.take(Float32Array);
    let length = 0;
    for (let k = 0; k < tf.length; k++) length += tf[k]!;
    return { terms, tf, length };
  }
}
