/** Zero-padded id: `prefix-` and `index + 1` padded to at least `minWidth` digits, wide enough for `count`. */
export function paddedId(prefix: string, index: number, count: number, minWidth: number): string {
  const width = Math.max(minWidth, String(count).length);
  return `${prefix}-${String(index + 1).padStart(width, '0')}`;
}

/** One hour in ms (re-exported for the generator's modules). */
export { HOUR_MS } from '../../dataset/event-weighting.js';

/** Rounds to `decimals` decimal places (halves up), for fixed, short output. */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
