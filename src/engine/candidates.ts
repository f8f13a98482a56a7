import type { ScoredItems } from '../signals/signal.js';

/** The candidate set of one request: product indices ascending, with the sources that proposed each. */
export interface CandidateSet {
  /** Product indices, ascending (so ties in the ranking break by product index). */
  readonly ids: Int32Array;
  /** Bit s set when source s proposed the candidate (sources in the order given). */
  readonly sources: Uint32Array;
  /** Candidates per source. */
  readonly perSource: Int32Array;
  /** True when the union was cut at `max`. */
  readonly capped: boolean;
}

/**
 * Unions the sources' lists (each best first), taking them round-robin so every source keeps
 * its best candidates when the union is cut at `max`. At most 32 sources.
 */
export function unionCandidates(lists: readonly ScoredItems[], max: number): CandidateSet {
  const pos = new Map<number, number>();
  const order: number[] = [];
  const masks: number[] = [];
  const perSource = new Int32Array(lists.length);
  let longest = 0;
  for (const l of lists) longest = Math.max(longest, l.ids.length);
  let capped = false;
  outer: for (let r = 0; r < longest; r++) {
    for (let s = 0; s < lists.length; s++) {
      const ids = lists[s]!.ids;
      if (r >= ids.length) continue;
      const p = ids[r]!;
      const at = pos.get(p);
      if (at !== undefined) {
        if ((masks[at]! & (1 << s)) === 0) perSource[s]!++;
        masks[at]! |= 1 << s;
        continue;
      }
      if (order.length >= max) {
        capped = true;
        break outer;
      }
      pos.set(p, order.length);
      order.push(p);
      masks.push(1 << s);
      perSource[s]!++;
    }
  }
  const idx = order.map((_, i) => i).sort((a, b) => order[a]! - order[b]!);
  return {
    ids: Int32Array.from(idx, (i) => order[i]!),
    sources: Uint32Array.from(idx, (i) => masks[i]! >>> 0),
    perSource,
    capped,
  };
}
