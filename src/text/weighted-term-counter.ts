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
 * `tf(t) = sum over fields of fieldWeight x min(count of t in the field, maxRepeats)`. Adding a field costs
 * O(its tokens) and {@link take} O(distinct terms log distinct terms), with no allocation per
 * token once grown to the vocabulary.
 */
export class WeightedTermCounter {
  readonly #sums = new SparseAccumulator();
  /** Occurrences per term within the field being added (emptied after each field). */
  readonly #inField = new SparseAccumulator();

  /**
   * Adds `weight` (> 0) per occurrence of each id of one field's `ids` (term ids below `vocab`),
   * at most `maxRepeats` occurrences of a term (null: every one).
   */
  add(ids: Int32Array, weight: number, vocab: number, maxRepeats: number | null = null): void {
    const sums = this.#sums;
    sums.reserve(vocab);
    if (maxRepeats === null) {
      sums.addEach(ids, weight);
      return;
    }
    const seen = this.#inField;
    seen.reserve(vocab);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      if (seen.values[id]! >= maxRepeats) continue;
      seen.add(id, 1);
      sums.add(id, weight);
    }
    seen.reset();
  }

  /** The counted document's terms ascending, frequencies (rounded to float32) and length; the counter is then empty. */
  take(): TermCounts {
    const { ids: terms, sums: tf } = this.#sums.take(Float32Array);
    let length = 0;
    for (let k = 0; k < tf.length; k++) length += tf[k]!;
    return { terms, tf, length };
  }
}
