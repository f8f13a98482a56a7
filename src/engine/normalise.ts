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
 */
export function normaliseScores(raw: Float32Array, method: Normalisation, out: Float32Array, order: Int32Array): boolean {
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
  // Rank-based: sort the valid positions by score, descending.
  const idx = order.subarray(0, valid).sort((a, b) => raw[b]! - raw[a]! || a - b);
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
