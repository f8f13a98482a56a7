import { grow } from '../_internal/grow.js';

/** One document's terms as the index stores them: distinct term ids ascending, weighted frequencies alongside, and their sum. */
export interface TermCounts {
  readonly terms: Int32Array;
  readonly tf: Float32Array;
  /** `sum_t tf(t)` (the document's weighted length), summed in term id order. */
  readonly length: number;
}

/**
 * Scratch that counts the weighted term frequencies of one document at a time:
 * `tf(t) = sum over fields of fieldWeight x count of t in the field`. Dense by term id, so adding
 * a field costs O(its tokens) and {@link take} O(distinct terms log distinct terms), with no
 * allocation per token once grown to the vocabulary.
 */
export class WeightedTermCounter {
  // Weighted count per term id of the document being counted (0 = not seen yet), and the term
  // ids seen, in first-seen order.
  #acc = new Float64Array(8);
  #terms = new Int32Array(8);
  #count = 0;

  /** Adds `weight` (> 0) per occurrence of each id of `ids` (term ids below `vocab`). */
  add(ids: Int32Array, weight: number, vocab: number): void {
    let acc = this.#acc;
    if (acc.length < vocab) acc = this.#acc = grow(acc, vocab);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const before = acc[id]!;
      if (before === 0) {
        this.#terms = grow(this.#terms, this.#count + 1);
        this.#terms[this.#count++] = id;
      }
      acc[id] = before + weight;
    }
  }

  /** The counted document's terms ascending, frequencies (as float32) and length; the counter is then empty. */
  take(): TermCounts {
    const count = this.#count;
    const terms = this.#terms.slice(0, count).sort();
    const tf = new Float32Array(count);
    let length = 0;
    for (let k = 0; k < count; k++) {
      const t = terms[k]!;
      tf[k] = this.#acc[t]!;
      this.#acc[t] = 0;
      length += tf[k]!;
    }
    this.#count = 0;
    return { terms, tf, length };
  }
}
