/** How raw signal scores are put on one scale before blending (DESIGN.md 4.3). */
export const NORMALISATIONS = ['percentile', 'reciprocal-rank', 'min-max', 'z-score'] as const;

/** A normalisation method. */
export type Normalisation = (typeof NORMALISATIONS)[number];

/**
 * Normalises one signal's raw scores over the candidates into `out`:
 * - `percentile` (default, rank-based): best = 1, worst = 0, ties share their mean rank;
 * - `reciprocal-rank`: 1 / rank (ties share the best rank of their group);
 * - `min-max`: (s - min) / (max - min), 1 when all equal;
 * - `z-score`: (s - mean) / sd, 0 when sd = 0.
 * NaN (no opinion) gets the signal's minimum on the normalised scale, so it never helps an item.
 * Returns false when the signal had no opinion on any candidate (all NaN): `out` is then all 0.
 * `order` (one entry per score) is scratch; so is `scratch` (the rank-based methods' sort buffers;
 * pass one to reuse across calls).
 */
export function normaliseScores(
  raw: Float32Array,
  method: Normalisation,
  out: Float32Array,
  order: Int32Array,
  scratch: NormaliseScratch = new NormaliseScratch(),
): boolean {
  const n = raw.length;
  let valid = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(raw[i]!)) order[valid++] = i;
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
        out[i] = Number.isNaN(v) ? 0 : span > 0 ? (v - min) / span : 1;
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
      out[i] = Number.isNaN(v) ? floor : sd > 0 ? (v - mean) / sd : 0;
    }
    return true;
  }
  // Rank-based: sort the valid positions by score, descending (ties by position).
  const idx = sortDescending(raw, order.subarray(0, valid), scratch);
  out.fill(0);
  let t = 0;
  while (t < valid) {
    let end = t + 1;
    while (end < valid && raw[idx[end]!] === raw[idx[t]!]) end++;
    // ranks t+1 .. end (1-based) share one value
    const value =
      method === 'percentile'
        ? valid === 1
          ? 1
          : 1 - ((t + end - 1) / 2) / (valid - 1)
        : 1 / (t + 1);
    for (let q = t; q < end; q++) out[idx[q]!] = value;
    t = end;
  }
  return true;
}

/**
 * Reusable buffers of the rank-based normalisations (sort keys and the radix sort's second
 * buffers), grown on demand; one per recommender keeps requests free of catalogue-sized allocations.
 */
export class NormaliseScratch {
  #keys = new Uint32Array(0);
  #keys2 = new Uint32Array(0);
  #positions2 = new Int32Array(0);
  /** Bucket counts of one radix pass (256 digits). */
  readonly counts = new Uint32Array(256);

  /** Two key buffers and a second position buffer of length `n` (views; contents undefined). */
  buffers(n: number): { keys: Uint32Array; keys2: Uint32Array; positions2: Int32Array } {
    if (this.#keys.length < n) {
      const size = Math.max(n, this.#keys.length * 2);
      this.#keys = new Uint32Array(size);
      this.#keys2 = new Uint32Array(size);
      this.#positions2 = new Int32Array(size);
    }
    return { keys: this.#keys.subarray(0, n), keys2: this.#keys2.subarray(0, n), positions2: this.#positions2.subarray(0, n) };
  }
}

/**
 * Sorts `positions` (ascending on entry, into `raw`, no NaN) by score, descending, ties by
 * position ascending: the order of the comparator `raw[b] - raw[a] || a - b`. Each score's
 * float32 bits become an order-preserving unsigned key (negatives flipped, positives above them,
 * -0 as +0), complemented for the descending order, and a stable LSD radix sort (four 8-bit
 * passes, a pass skipped when every key shares its digit) keeps equal keys in position order.
 * O(n), no comparator calls. Sorts in place and returns `positions`.
 */
function sortDescending(raw: Float32Array, positions: Int32Array, scratch: NormaliseScratch): Int32Array {
  const n = positions.length;
  if (n < 2) return positions;
  const bits = new Uint32Array(raw.buffer, raw.byteOffset, raw.length);
  const { keys, keys2, positions2 } = scratch.buffers(n);
  for (let t = 0; t < n; t++) {
    const b = bits[positions[t]!]!;
    const ascending = b === 0x80000000 ? 0x80000000 : b >= 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[t] = ~ascending >>> 0;
  }
  const counts = scratch.counts;
  let srcK = keys;
  let srcP = positions;
  let dstK = keys2;
  let dstP = positions2;
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let t = 0; t < n; t++) counts[(srcK[t]! >>> shift) & 255]!++;
    if (counts[(srcK[0]! >>> shift) & 255] === n) continue;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let t = 0; t < n; t++) {
      const key = srcK[t]!;
      const at = counts[(key >>> shift) & 255]!++;
      dstK[at] = key;
      dstP[at] = srcP[t]!;
    }
    [srcK, dstK] = [dstK, srcK];
    [srcP, dstP] = [dstP, srcP];
  }
  if (srcP !== positions) positions.set(srcP);
  return positions;
}
