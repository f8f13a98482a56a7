import { IdIndex } from '../dataset/id-index.js';

/**
 * Term dictionary: term string -> dense id (0..size-1) through a Map, and back through an array.
 * Add-only: ids stay stable while the index it serves changes. An {@link IdIndex} under the text
 * index's names (`add` and `size` as there, `idOf`, `termAt`).
 */
export class TermDictionary extends IdIndex {
  /** Id of `term`, or -1 when unknown. */
  idOf(term: string): number {
    return this.indexOf(term);
  }

  /** Term of `id`; throws a RangeError outside 0..size-1. */
  termAt(id: number): string {
    return this.idAt(id);
  }
}
