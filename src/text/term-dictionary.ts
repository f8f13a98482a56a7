/**
 * Term dictionary: term string -> dense id (0..size-1) through a Map, and back through an array.
 * Add-only: ids stay stable while the index it serves changes.
 */
export class TermDictionary {
  readonly #ids = new Map<string, number>();
  readonly #terms: string[] = [];

  /** Number of terms. */
  get size(): number {
    return this.#terms.length;
  }

  /** Id of `term`, adding it when new. */
  add(term: string): number {
    const found = this.#ids.get(term);
    if (found !== undefined) return found;
    const id = this.#terms.length;
    this.#ids.set(term, id);
    this.#terms.push(term);
    return id;
  }

  /** Id of `term`, or -1 when unknown. */
  idOf(term: string): number {
    return this.#ids.get(term) ?? -1;
  }

  /** Term of `id`; throws a RangeError outside 0..size-1. */
  termAt(id: number): string {
    const t = this.#terms[id];
    if (t === undefined) throw new RangeError(`term id ${id} out of range 0..${this.#terms.length - 1}`);
    return t;
  }
}
