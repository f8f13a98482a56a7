import type { ScoredItems } from '../signals/signal.js';
import { DataError } from '../errors.js';

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

/** The source that proposes every eligible product (the popularity fill, when it covers the catalogue). */
export interface CatalogueFill {
  /** Source bit of the fill (its index among the sources). */
  readonly bit: number;
  /** The fill's score per product (index = product); a NaN product is not proposed. */
  readonly scores: ArrayLike<number>;
  /** True for a product the business filters drop (the fill skips it). */
  readonly excluded: (product: number) => boolean;
}

/** Per-product work buffers of the full-catalogue candidate pass (`catalogueCandidates`), reused across requests (one per recommender). */
export interface CandidateScratch {
  /** Source bits of the listed products; all 0 between calls. */
  readonly marks: Uint32Array;
  /** Candidate products and their source bits, before the exact-length copies. */
  readonly ids: Int32Array;
  readonly sources: Uint32Array;
}

/** Work buffers of {@link catalogueCandidates} for a catalogue of `products` products (about 12 bytes each). */
export function createCandidateScratch(products: number): CandidateScratch {
  return { marks: new Uint32Array(products), ids: new Int32Array(products), sources: new Uint32Array(products) };
}

/**
 * The candidate set when a fill proposes every eligible product and the cap is at least the
 * catalogue size: exactly what {@link unionCandidates} returns for the same lists plus the fill's
 * full top list (every product some list proposed, or the fill scores and does not exclude;
 * ascending; never capped), in one O(P) pass with no top-n heap, sort or Map. `scratch` holds
 * one entry per product (P) and is left ready for the next call.
 * @throws DataError when a list proposes a product outside 0..P-1.
 * @example
 * catalogueCandidates([{ ids: Int32Array.of(2), scores: Float64Array.of(1) }],
 *   { bit: 1, scores: [5, NaN, 0], excluded: () => false }, createCandidateScratch(3)).ids // Int32Array [0, 2]
 */
export function catalogueCandidates(lists: readonly ScoredItems[], fill: CatalogueFill, scratch: CandidateScratch): CandidateSet {
  const { marks, ids, sources } = scratch;
  const P = marks.length;
  const perSource = new Int32Array(Math.max(lists.length, fill.bit + 1));
  for (let s = 0; s < lists.length; s++) {
    if (s === fill.bit) continue;
    const listed = lists[s]!.ids;
    const bit = (1 << s) >>> 0;
    for (let r = 0; r < listed.length; r++) {
      const p = listed[r]!;
      if (!(p >= 0 && p < P)) {
        marks.fill(0);
        throw new DataError(`candidates: source ${s} proposed product index ${p}, outside 0..${P - 1}`);
      }
      if ((marks[p]! & bit) !== 0) continue;
      marks[p]! |= bit;
      perSource[s]!++;
    }
  }
  const fillBit = (1 << fill.bit) >>> 0;
  const { scores, excluded } = fill;
  let C = 0;
  let filled = 0;
  for (let p = 0; p < P; p++) {
    let mask = marks[p]!;
    const s = scores[p];
    if (s !== undefined && !Number.isNaN(s) && !excluded(p)) {
      mask = (mask | fillBit) >>> 0;
      filled++;
    }
    if (mask === 0) continue;
    marks[p] = 0;
    ids[C] = p;
    sources[C++] = mask;
  }
  perSource[fill.bit] = filled;
  return { ids: ids.slice(0, C), sources: sources.slice(0, C), perSource, capped: false };
}
