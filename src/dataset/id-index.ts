/**
 * Dense index map for caller ids: id -> 0..n-1 through a Map, and back through an array.
 * Ids are never used as plain-object keys, so `__proto__` or `constructor` behave like any id.
 */
export class IdIndex {
  readonly #toIndex = new Map<string, number>();
  readonly #ids: string[] = [];

  /** Builds an index (of the class it is called on) holding `ids` in order (duplicates keep their first position). */
  static from<T extends IdIndex>(this: new () => T, ids: Iterable<string>): T {
    const index = new this();
    for (const id of ids) index.add(id);
    return index;
  }

  /** Number of ids. */
  get size(): number {
    return this.#ids.length;
  }

  /** Index of `id`, adding it at the end when new. */
  add(id: string): number {
    const found = this.#toIndex.get(id);
    if (found !== undefined) return found;
    const index = this.#ids.length;
    this.#toIndex.set(id, index);
    this.#ids.push(id);
    return index;
  }

  /** Index of `id`, or -1 when unknown. */
  indexOf(id: string): number {
    return this.#toIndex.get(id) ?? -1;
  }

  /** True when `id` is known. */
  has(id: string): boolean {
    return this.#toIndex.has(id);
  }

  /** Id at `index`; throws a RangeError outside 0..size-1. */
  idAt(index: number): string {
    const id = this.#ids[index];
    if (id === undefined) throw new RangeError(`index ${index} out of range 0..${this.#ids.length - 1}`);
    return id;
  }

  /** All ids in index order (a copy). */
  ids(): string[] {
    return this.#ids.slice();
  }
}
