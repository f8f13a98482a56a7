import { grow } from '../_internal/grow.js';
import type { SparseScores } from './sparse-vector.js';

/**
 * Scratch that sums scores per document over a query's postings: dense by document id, remembering
 * which documents it touched, so a query costs O(its postings) plus sorting the touched documents,
 * with no allocation per posting once grown to the index's slots.
 */
export class DocScoreAccumulator {
  #acc = new Float64Array(8);
  #seen = new Uint8Array(8);
  #touched = new Int32Array(8);
  #count = 0;

  /** Makes room for document ids below `slots`. */
  reserve(slots: number): void {
    this.#acc = grow(this.#acc, slots);
    this.#seen = grow(this.#seen, slots);
  }

  /** Adds `score` to document `doc` (below the reserved slots). */
  add(doc: number, score: number): void {
    this.#acc[doc]! += score;
    if (this.#seen[doc] === 0) {
      this.#seen[doc] = 1;
      if (this.#count === this.#touched.length) this.#touched = grow(this.#touched, this.#count + 1);
      this.#touched[this.#count++] = doc;
    }
  }

  /** The summed scores of the touched documents, documents ascending; the accumulator is then empty. */
  take(): SparseScores {
    const count = this.#count;
    const docs = this.#touched.slice(0, count).sort();
    const scores = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const d = docs[i]!;
      scores[i] = this.#acc[d]!;
      this.#acc[d] = 0;
      this.#seen[d] = 0;
    }
    this.#count = 0;
    return { docs, scores };
  }
}
