/**
 * The normalisation every text goes through before word segmentation (the tokeniser) or matching
 * (category and tag keys, `facetKey`).
 */
import { foldTraditional } from './han-fold.js';

/**
 * Invisible format characters pasted text carries inside words: the soft hyphen U+00AD, zero-width
 * space, non-joiner and joiner U+200B..U+200D, the direction marks and embeddings U+200E, U+200F,
 * U+202A..U+202E, the word joiner and invisible operators U+2060..U+2064, the direction isolates
 * U+2066..U+2069 and the byte-order mark U+FEFF; and the marks `™` U+2122 and `℠` U+2120, which
 * NFKC would turn into letters glued to the word before them (`Nike™` -> `niketm`).
 */
const MARKS = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u2120\u2122]/;
const MARKS_ALL = new RegExp(MARKS.source, 'g');

/** `text` without invisible format characters, and with `™` and `℠` as spaces (see {@link MARKS}). */
function dropMarks(text: string): string {
  if (!MARKS.test(text)) return text;
  return text.replace(MARKS_ALL, (mark) => (mark === '\u2122' || mark === '\u2120' ? ' ' : ''));
}

/**
 * Normalises text as the tokeniser does before splitting it into words: invisible format
 * characters (soft hyphen, zero-width characters, direction marks, byte-order mark) removed, so
 * `背\u200b包` reads `背包`; `™` and `℠` made spaces (`Nike™` -> `nike`; `®` and `©` are no word
 * characters already); NFKC (full-width `ＲＴＸ４０９０` -> `rtx4090`); lower case; traditional
 * Chinese folded to simplified.
 *
 * @example normalizeText('Ｔ恤 Nike™ 奧運') // 't恤 nike  奥运'
 */
export function normalizeText(text: string): string {
  return foldTraditional(dropMarks(text).normalize('NFKC').toLowerCase());
}

/**
 * `text` normalised as {@link normalizeText} does but not lower-cased, unit for unit as `norm`
 * (which is `normalizeText(text)`), so a word's offsets in `norm` find its spelling in capitals.
 * Folding and lower-casing commute (folding changes Han characters only, which have no case);
 * lower-casing keeps every unit in place except for `İ` (U+0130), whose lower case `i̇` is two units:
 * the result has `İ` followed by U+0307 there.
 */
export function casedLike(text: string, norm: string): string {
  const folded = foldTraditional(dropMarks(text).normalize('NFKC'));
  return folded.length === norm.length ? folded : folded.replaceAll('\u0130', '\u0130\u0307');
}

/** The normalisation of tokeniser rules 1 (model files before version 6): NFKC, lower case, traditional folded; marks kept. */
export function normalizeTextV1(text: string): string {
  return foldTraditional(text.normalize('NFKC').toLowerCase());
}
