/**
 * Blocked scans of a factor table: one user vector against many item rows, the floor of exact
 * scoring over a catalogue.
 */
import type { Vec } from './dot.js';

/**
 * Scores `out[i] = user . items[i*k .. i*k+k)` for every item: a blocked scan that reads the
 * user vector once per 4 items. Each score is one float64 accumulator over the factors in order,
 * rounded to float32.
 */
export function scoreAll(user: Vec, items: Float32Array, k: number, out: Float32Array): void {
  scoreRange(user, items, k, 0, out);
}

/**
 * Scores the items `first .. first + out.length` of the factor table into `out[0 ..]` (the blocked
 * scan of {@link scoreAll} over one range, so callers can scan a large table in cache-sized chunks).
 */
export function scoreRange(user: Vec, items: Float32Array, k: number, first: number, out: Float32Array): void {
  const n = out.length;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const o0 = (first + i) * k;
    const o1 = o0 + k;
    const o2 = o1 + k;
    const o3 = o2 + k;
    for (let f = 0; f < k; f++) {
      const u = user[f]!;
      s0 += u * items[o0 + f]!;
      s1 += u * items[o1 + f]!;
      s2 += u * items[o2 + f]!;
      s3 += u * items[o3 + f]!;
    }
    out[i] = s0;
    out[i + 1] = s1;
    out[i + 2] = s2;
    out[i + 3] = s3;
  }
  // The tail with one accumulator too, so an item's score does not depend on its position.
  for (; i < n; i++) {
    const o = (first + i) * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += user[f]! * items[o + f]!;
    out[i] = s;
  }
}
