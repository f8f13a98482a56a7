/** How raw signal scores are put on one scale before blending (docs/design.md 4.3). */
export const NORMALISATIONS = ['percentile-log', 'percentile', 'log-rank', 'reciprocal-rank', 'min-max', 'z-score'] as const;

/** A normalisation method. */
export type Normalisation = (typeof NORMALISATIONS)[number];

/**
 * How the rank-based normalisations place tied scores: `mean-rank` gives a tie group the mean of
 * its ranks (the usual mid-rank percentile), `below` the share of candidates strictly below it
 * (a large group of equal lowest scores sits at 0, not near the middle).
 */
export const TIE_RULES = ['mean-rank', 'below'] as const;

/** A tie rule. */
export type TieRule = (typeof TIE_RULES)[number];

/** True when `method` places tie groups by a {@link TieRule} (the percentile and log-rank methods). */
export function usesTieRule(method: Normalisation): boolean {
  return method === 'percentile' || method === 'log-rank' || method === 'percentile-log';
}

/**
 * Normalises one signal's raw scores over the candidates into `out`:
 * - `percentile` (rank-based): best = 1, worst = 0, over the candidates with an opinion;
 *   ties per `ties` (mean rank by default, or the share strictly below);
 * - `log-rank`: `1 - ln(rank) / ln(N)` over the N candidates with an opinion (the top of a long
 *   list spread apart: rank 10 of 10,000 is 0.75, where its percentile is 0.999); a tie group
 *   takes its worst rank (`below`) or its mean rank (so under `mean-rank` a list of N equal
 *   scores reads `1 - ln((N + 1) / 2) / ln(N)`, not the percentile's 0.5);
 * - `percentile-log` (default): the mean of the two, best 1, worst 0;
 * - `reciprocal-rank`: 1 / rank (ties share the best rank of their group);
 * - `min-max`: (s - min) / (max - min), 1 when all equal;
 * - `z-score`: (s - mean) / sd, 0 when sd = 0.
 * A score that is not finite (NaN: no opinion) is left out of the scale and gets the signal's
 * minimum in `out`; the blend treats it as absent. Returns false when the signal had no opinion
 * on any candidate: `out` is then all 0.
 * `order` (one entry per score) is scratch; so is `scratch` (the rank-based methods' sort buffers;
 * pass one to reuse across calls).
 */
export function normaliseScores(
  raw: Float32Array,
  method: Normalisation,
  out: Float32Array,
  order: Int32Array,
  scratch: BlendScratch = new BlendScratch(),
  ties: TieRule = 'mean-rank',
): boolean {
  const n = raw.length;
  let valid = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(raw[i]!)) order[valid++] = i;
  if (valid === 0) {
    out.fill(0);
    return false;
  }
  if (method === 'min-max' || method === 'z-score') {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let t = 0; t < valid; t++) {
      const v = raw[order[t]!]!;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    if (method === 'min-max') {
      const span = max - min;
      for (let i = 0; i < n; i++) {
        const v = raw[i]!;
        out[i] = !Number.isFinite(v) ? 0 : span > 0 ? (v - min) / span : 1;
      }
      return true;
    }
    const mean = sum / valid;
    let ss = 0;
    for (let t = 0; t < valid; t++) ss += (raw[order[t]!]! - mean) ** 2;
    const sd = Math.sqrt(ss / valid);
    const floor = sd > 0 ? (min - mean) / sd : 0;
    for (let i = 0; i < n; i++) {
      const v = raw[i]!;
      out[i] = !Number.isFinite(v) ? floor : sd > 0 ? (v - mean) / sd : 0;
    }
    return true;
  }
  // Rank-based: sort the valid positions by score, descending (ties by position).
  const idx = order.subarray(0, valid);
  const keys = sortDescending(raw, idx, scratch);
  out.fill(0);
  const logN = Math.log(valid); // once per call: the log-rank's denominator
  let t = 0;
  while (t < valid) {
    let end = t + 1;
    while (end < valid && keys[end] === keys[t]) end++;
    // ranks t+1 .. end (1-based) share one value
    const value = method === 'reciprocal-rank' ? 1 / (t + 1) : rankValue(method, valid, logN, t, end, ties);
    for (let q = t; q < end; q++) out[idx[q]!] = value;
    t = end;
  }
  return true;
}

/**
 * The value of a tie group at ranks `t + 1 .. end` (1-based) of `n` (`logN` = ln n) under a
 * percentile or log-rank method: 1 for the best, 0 for the worst; a lone candidate gets 1.
 */
function rankValue(method: Exclude<Normalisation, 'reciprocal-rank' | 'min-max' | 'z-score'>, n: number, logN: number, t: number, end: number, ties: TieRule): number {
  if (n === 1) return 1;
  const percentile = ties === 'below' ? (n - end) / (n - 1) : 1 - ((t + end - 1) / 2) / (n - 1);
  if (method === 'percentile') return percentile;
  const logRank = 1 - Math.log(ties === 'below' ? end : (t + 1 + end) / 2) / logN;
  return method === 'log-rank' ? logRank : (percentile + logRank) / 2;
}

/** Size to grow a buffer to for `n` entries: at least double, so growth is amortised. */
const grownSize = (length: number, n: number): number => Math.max(n, length * 2);

/**
 * Reusable buffers of the score, normalise and blend stages, grown on demand and handed out as
 * views of the length asked for: the radix sort's keys, the candidate order, one normalised-score
 * array per signal slot and the blend. One per recommender spares a request these allocations
 * (the signals' raw score arrays and the candidate set are still allocated per request); a view is
 * valid until the same buffer is asked for again.
 */
export class BlendScratch {
  #keys = new Uint32Array(0);
  #keys2 = new Uint32Array(0);
  #positions2 = new Int32Array(0);
  #order = new Int32Array(0);
  #blended = new Float32Array(0);
  #merit = new Float32Array(0);
  readonly #normalised: Float32Array[] = [];
  /** Bucket counts of one radix pass (2^11 digits). */
  readonly counts = new Uint32Array(2048);

  /** Two key buffers and a second position buffer of length `n` (contents undefined). */
  sortBuffers(n: number): { keys: Uint32Array; keys2: Uint32Array; positions2: Int32Array } {
    if (this.#keys.length < n) {
      const size = grownSize(this.#keys.length, n);
      this.#keys = new Uint32Array(size);
      this.#keys2 = new Uint32Array(size);
      this.#positions2 = new Int32Array(size);
    }
    return { keys: this.#keys.subarray(0, n), keys2: this.#keys2.subarray(0, n), positions2: this.#positions2.subarray(0, n) };
  }

  /** The `order` argument of the score normalisation for `n` scores (contents undefined). */
  order(n: number): Int32Array {
    if (this.#order.length < n) this.#order = new Int32Array(grownSize(this.#order.length, n));
    return this.#order.subarray(0, n);
  }

  /** Output buffer of signal slot `slot` for `n` scores (contents undefined). */
  normalised(slot: number, n: number): Float32Array {
    const held = this.#normalised[slot];
    if (held !== undefined && held.length >= n) return held.subarray(0, n);
    const fresh = new Float32Array(grownSize(held?.length ?? 0, n));
    this.#normalised[slot] = fresh;
    return fresh.subarray(0, n);
  }

  /** The blend of `n` candidates, all 0. */
  blended(n: number): Float32Array {
    if (this.#blended.length < n) this.#blended = new Float32Array(grownSize(this.#blended.length, n));
    return this.#blended.subarray(0, n).fill(0);
  }

  /** The merit blend of `n` candidates (the blend without the signals left out of merit), all 0. */
  merit(n: number): Float32Array {
    if (this.#merit.length < n) this.#merit = new Float32Array(grownSize(this.#merit.length, n));
    return this.#merit.subarray(0, n).fill(0);
  }
}

/** Bits of one radix digit: three passes cover a 32-bit key. */
const DIGIT_BITS = 11;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;

/**
 * Sorts `positions` (ascending on entry, into `raw`, no NaN) by score, descending, ties by
 * position ascending: the order of the comparator `raw[b] - raw[a] || a - b`. Each score's
 * float32 bits become an order-preserving unsigned key (negatives flipped, positives above them,
 * -0 as +0), complemented for the descending order, and a stable LSD radix sort (three 11-bit
 * passes, skipping a digit every key shares) keeps equal keys in position order. O(n), no
 * comparator calls. Sorts `positions` in place; returns the keys in the sorted order (equal keys
 * = equal scores).
 */
function sortDescending(raw: Float32Array, positions: Int32Array, scratch: BlendScratch): Uint32Array {
  const n = positions.length;
  const bits = new Uint32Array(raw.buffer, raw.byteOffset, raw.length);
  const { keys, keys2, positions2 } = scratch.sortBuffers(n);
  let differ = 0;
  for (let t = 0; t < n; t++) {
    const b = bits[positions[t]!]!;
    const ascending = b === 0x80000000 ? 0x80000000 : b >= 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    const key = ~ascending >>> 0;
    keys[t] = key;
    differ |= key ^ keys[0]!;
  }
  const counts = scratch.counts;
  let srcK = keys;
  let srcP = positions;
  let dstK = keys2;
  let dstP = positions2;
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    if (((differ >>> shift) & DIGIT_MASK) === 0) continue;
    counts.fill(0);
    for (let t = 0; t < n; t++) counts[(srcK[t]! >>> shift) & DIGIT_MASK]!++;
    let sum = 0;
    for (let d = 0; d <= DIGIT_MASK; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let t = 0; t < n; t++) {
      const key = srcK[t]!;
      const at = counts[(key >>> shift) & DIGIT_MASK]!++;
      dstK[at] = key;
      dstP[at] = srcP[t]!;
    }
    const k = srcK;
    srcK = dstK;
    dstK = k;
    const p = srcP;
    srcP = dstP;
    dstP = p;
  }
  if (srcP !== positions) positions.set(srcP);
  return srcK;
}
