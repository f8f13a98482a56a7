import { grow } from '../_internal/grow.js';
import type { CsrMatrix } from '../dataset/csr.js';

/**
 * The inverted side of the product text index: per term id, the documents holding it and their
 * weighted frequencies of it (a posting list), in typed arrays. A bulk load lays every list out
 * as a view of two flat arrays (documents ascending); a later {@link append} copies a list out of
 * its view when it grows (capacity doubles) and {@link remove} closes the gap, so after online
 * changes a list's order is unspecified. Memory: 8 bytes per posting plus spare capacity.
 */
export class PostingLists {
  readonly #docs: Int32Array[] = [];
  readonly #tf: Float32Array[] = [];
  #length = new Int32Array(8);

  /** Number of documents holding term id `term` (0 <= term < the vocabulary size). */
  count(term: number): number {
    return this.#length[term]!;
  }

  /** The documents of a term's list (the first {@link count} entries are its postings; do not mutate). */
  docsOf(term: number): Int32Array {
    return this.#docs[term]!;
  }

  /** The weighted frequencies beside {@link docsOf} (do not mutate). */
  tfOf(term: number): Float32Array {
    return this.#tf[term]!;
  }

  /** Makes room for term ids below `vocab` (empty lists for the new ones). */
  reserve(vocab: number): void {
    this.#length = grow(this.#length, vocab);
    while (this.#docs.length < vocab) {
      this.#docs.push(new Int32Array(4));
      this.#tf.push(new Float32Array(4));
    }
  }

  /** Appends document `doc` to the lists of its terms `terms`, with the frequencies `tf` alongside. */
  append(doc: number, terms: Int32Array, tf: Float32Array): void {
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]!;
      const n = this.#length[t]!;
      const docs = grow(this.#docs[t]!, n + 1);
      const tfs = grow(this.#tf[t]!, n + 1);
      docs[n] = doc;
      tfs[n] = tf[k]!;
      this.#docs[t] = docs;
      this.#tf[t] = tfs;
      this.#length[t] = n + 1;
    }
  }

  /** Takes document `doc` out of the lists of its terms `terms` (order of the rest kept). O(their postings). */
  remove(doc: number, terms: Int32Array): void {
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]!;
      const n = this.#length[t]!;
      const docs = this.#docs[t]!;
      const at = docs.subarray(0, n).indexOf(doc);
      if (at < 0) continue;
      docs.copyWithin(at, at + 1, n);
      this.#tf[t]!.copyWithin(at, at + 1, n);
      this.#length[t] = n - 1;
    }
  }

  /**
   * Replaces every list with the rows of `byTerm`, a terms x documents CSR matrix of weighted
   * frequencies (the transpose of the forward entries): list t becomes a view of row t.
   */
  load(byTerm: CsrMatrix): void {
    const vocab = byTerm.rows;
    const { indptr, indices, values } = byTerm;
    this.#length = grow(this.#length, vocab);
    this.#length.fill(0);
    this.#docs.length = 0;
    this.#tf.length = 0;
    for (let t = 0; t < vocab; t++) {
      this.#length[t] = indptr[t + 1]! - indptr[t]!;
      this.#docs.push(indices.subarray(indptr[t], indptr[t + 1]));
      this.#tf.push(values.subarray(indptr[t], indptr[t + 1]));
    }
  }
}
