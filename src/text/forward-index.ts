import { grow } from '../_internal/grow.js';
import type { CsrMatrix } from '../dataset/csr.js';
import type { TermCounts } from './weighted-term-counter.js';

/**
 * The forward side of the product text index: document slots (document id <-> product id) and,
 * per live document, its distinct term ids ascending, weighted term frequencies and weighted
 * length, with the live count and the total length. A slot whose product was removed stays empty
 * until the same or another product is placed in it. Product ids are Map keys, never object keys.
 */
export class ForwardIndex {
  readonly #docOf = new Map<string, number>();
  readonly #ids: (string | undefined)[] = [];
  readonly #terms: (Int32Array | undefined)[] = [];
  readonly #tf: (Float32Array | undefined)[] = [];
  #length = new Float64Array(8);
  #live = 0;
  #totalLength = 0;

  /** Number of live documents (holding an entry). */
  get live(): number {
    return this.#live;
  }

  /** Number of document slots (one past the largest document id ever used). */
  get slots(): number {
    return this.#ids.length;
  }

  /** Mean weighted length over live documents (0 when there are none). */
  get avgLength(): number {
    return this.#live === 0 ? 0 : this.#totalLength / this.#live;
  }

  /** Document id of a product id, or undefined. */
  docOf(productId: string): number | undefined {
    return this.#docOf.get(productId);
  }

  /** Product id of a document, or undefined for an empty slot. */
  productIdAt(doc: number): string | undefined {
    return this.#ids[doc];
  }

  /** A document's term ids ascending (a view, do not mutate), or undefined for an empty slot. */
  termsOf(doc: number): Int32Array | undefined {
    return this.#terms[doc];
  }

  /** A document's weighted term frequencies beside {@link termsOf} (a view), or undefined for an empty slot. */
  tfOf(doc: number): Float32Array | undefined {
    return this.#tf[doc];
  }

  /** Weighted length of a live document (no bounds check: the scoring loops call it per posting). */
  lengthOf(doc: number): number {
    return this.#length[doc]!;
  }

  /**
   * Puts a product the index does not hold into document id `slot`, which must be empty or the
   * next one; nothing happens when the product is already held (it keeps its slot) or `slot` is
   * the next one (a new product takes it anyway).
   * @throws RangeError when `slot` holds another product or lies past the next slot.
   */
  place(productId: string, slot: number): void {
    if (this.#docOf.has(productId) || slot === this.#ids.length) return;
    if (!(Number.isInteger(slot) && slot >= 0 && slot < this.#ids.length) || this.#ids[slot] !== undefined) {
      throw new RangeError(`text index: slot ${slot} is not free for ${JSON.stringify(productId)} (${this.#ids.length} slots)`);
    }
    this.#ids[slot] = productId;
    this.#docOf.set(productId, slot);
  }

  /** Document id of a product id, a new slot at the end when it has none. */
  slotOf(productId: string): number {
    let doc = this.#docOf.get(productId);
    if (doc === undefined) {
      doc = this.#ids.length;
      this.#ids.push(productId);
      this.#terms.push(undefined);
      this.#tf.push(undefined);
      this.#docOf.set(productId, doc);
      this.#length = grow(this.#length, doc + 1);
    }
    return doc;
  }

  /** Stores the entry of document `doc` (its slot empty of an entry): the document becomes live. */
  set(doc: number, counts: TermCounts): void {
    this.#terms[doc] = counts.terms;
    this.#tf[doc] = counts.tf;
    this.#length[doc] = counts.length;
    this.#live++;
    this.#totalLength += counts.length;
  }

  /** Drops the entry of document `doc` (its slot keeps its product id); returns its term ids, or undefined when it had none. */
  clear(doc: number): Int32Array | undefined {
    const terms = this.#terms[doc];
    if (terms === undefined) return undefined;
    this.#live--;
    this.#totalLength -= this.#length[doc]!;
    if (this.#live === 0) this.#totalLength = 0;
    this.#terms[doc] = undefined;
    this.#tf[doc] = undefined;
    this.#length[doc] = 0;
    return terms;
  }

  /** Frees the slot of a held product whose entry was cleared (the slot stays, empty). */
  release(productId: string): void {
    const doc = this.#docOf.get(productId);
    if (doc === undefined) return;
    this.#docOf.delete(productId);
    this.#ids[doc] = undefined;
  }

  /** The live entries as a documents x `vocab` CSR matrix of weighted frequencies (empty slots are empty rows). O(entries). */
  toCsr(vocab: number): CsrMatrix {
    const rows = this.#ids.length;
    const indptr = new Int32Array(rows + 1);
    for (let d = 0; d < rows; d++) indptr[d + 1] = indptr[d]! + (this.#terms[d]?.length ?? 0);
    const indices = new Int32Array(indptr[rows]!);
    const values = new Float32Array(indptr[rows]!);
    for (let d = 0; d < rows; d++) {
      const terms = this.#terms[d];
      if (terms === undefined) continue;
      indices.set(terms, indptr[d]!);
      values.set(this.#tf[d]!, indptr[d]!);
    }
    return { rows, cols: vocab, indptr, indices, values };
  }
}
