/**
 * Bounded min-heap keeping the k best (highest score) entries seen: O(log k) per push, no full
 * sort. Ties are broken by the smaller index, so results are deterministic.
 */
export class TopK {
  readonly capacity: number;
  readonly #scores: Float64Array;
  readonly #ids: Int32Array;
  #size = 0;

  constructor(k: number) {
    this.capacity = Math.max(0, Math.floor(k));
    this.#scores = new Float64Array(this.capacity);
    this.#ids = new Int32Array(this.capacity);
  }

  /** Number of entries held. */
  get size(): number {
    return this.#size;
  }

  /** True when `a` ranks below `b` (lower score, or equal score and larger id). */
  static #worse(sa: number, ia: number, sb: number, ib: number): boolean {
    return sa < sb || (sa === sb && ia > ib);
  }

  /** The score an entry must beat to get in (−Infinity while not full). */
  threshold(): number {
    return this.#size < this.capacity ? -Infinity : this.#scores[0]!;
  }

  /** Offers (id, score); NaN scores are ignored. */
  push(id: number, score: number): void {
    if (this.capacity === 0 || Number.isNaN(score)) return;
    const s = this.#scores;
    const ids = this.#ids;
    if (this.#size < this.capacity) {
      let i = this.#size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!TopK.#worse(score, id, s[parent]!, ids[parent]!)) break;
        s[i] = s[parent]!;
        ids[i] = ids[parent]!;
        i = parent;
      }
      s[i] = score;
      ids[i] = id;
      return;
    }
    if (!TopK.#worse(s[0]!, ids[0]!, score, id)) return;
    this.#siftDown(id, score, this.#size);
  }

  /** Places (id, score) at the root of the first `n` heap entries and sifts it down. */
  #siftDown(id: number, score: number, n: number): void {
    const s = this.#scores;
    const ids = this.#ids;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && TopK.#worse(s[r]!, ids[r]!, s[l]!, ids[l]!)) c = r;
      if (!TopK.#worse(s[c]!, ids[c]!, score, id)) break;
      s[i] = s[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    s[i] = score;
    ids[i] = id;
  }

  /**
   * Entries best first; leaves the heap empty. Pops the worst entry into the last free slot until
   * the heap is empty (an in-place heap sort: O(k log k), no comparator closures).
   */
  drain(): { ids: Int32Array; scores: Float64Array } {
    const n = this.#size;
    const ids = new Int32Array(n);
    const scores = new Float64Array(n);
    const s = this.#scores;
    const hid = this.#ids;
    for (let m = n; m > 0; m--) {
      ids[m - 1] = hid[0]!;
      scores[m - 1] = s[0]!;
      // Move the last heap entry to the root and restore the heap over the first m - 1 entries.
      if (m > 1) this.#siftDown(hid[m - 1]!, s[m - 1]!, m - 1);
    }
    this.#size = 0;
    return { ids, scores };
  }
}
