/**
 * Spelling groups the tokeniser treats as one word: a brand's Latin and Chinese names (`Labubu`,
 * `拉布布`), a product's nicknames. Every spelling of a group is rewritten to the group's first one
 * in the normalised text, before word segmentation, so a topic or query in one spelling matches
 * products written in another.
 */

import { casedLike } from './normalize.js';

/** Most spelling groups a config may give. */
export const MAX_SYNONYM_GROUPS = 10_000;
/** Longest spelling, in UTF-16 units after normalisation. */
export const MAX_SYNONYM_LENGTH = 100;

/** The normalised text and its cased twin (unit for unit), after rewriting. */
export interface RewrittenText {
  readonly norm: string;
  /** The cased text rewritten at the same places (the spelling written lower case), or undefined when nothing was rewritten. */
  readonly cased: string | undefined;
}

/** Why a list of spelling groups cannot be used, with the offending group's index, or undefined. */
export function synonymProblem(groups: readonly (readonly string[])[], normalize: (text: string) => string): { index: number; message: string } | undefined {
  if (groups.length > MAX_SYNONYM_GROUPS) return { index: MAX_SYNONYM_GROUPS, message: `at most ${MAX_SYNONYM_GROUPS} groups` };
  const owner = new Map<string, number>();
  for (let g = 0; g < groups.length; g++) {
    for (const spelling of groups[g]!) {
      const n = normalize(spelling).trim();
      if (n.length === 0) return { index: g, message: `${JSON.stringify(spelling)} is empty after normalisation` };
      if (n.length > MAX_SYNONYM_LENGTH) return { index: g, message: `${JSON.stringify(spelling)} is longer than ${MAX_SYNONYM_LENGTH} characters` };
      const seen = owner.get(n);
      if (seen !== undefined) {
        return { index: g, message: seen === g ? `${JSON.stringify(spelling)} is given twice` : `${JSON.stringify(spelling)} is also in group ${seen}: a spelling belongs to one group` };
      }
      owner.set(n, g);
    }
  }
  return undefined;
}

/**
 * Scripts written without spaces between words: a spelling's end in one of them matches anywhere
 * (`拉布布盲盒`), where an end in any other letter or digit must not touch another (`labubu` is not
 * rewritten inside `labubus`, nor `москва` inside `москвариум`).
 */
const UNSPACED = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
/** One letter, digit or combining mark of a script written with spaces (regex source, `u` flag). */
const SPACED = `(?:(?![${UNSPACED}])[\\p{L}\\p{N}\\p{M}])`;
const SPACED_FIRST = new RegExp(`^${SPACED}`, 'u');
const SPACED_LAST = new RegExp(`${SPACED}$`, 'u');

/**
 * True when the code point starting at `at` (or, `before`, the one ending there) is a letter,
 * digit or mark of a spaced script. Two UTF-16 units hold any code point; the `u` regex reads pairs.
 */
function spacedAt(text: string, at: number, before = false): boolean {
  return before ? SPACED_LAST.test(text.slice(Math.max(0, at - 2), at)) : SPACED_FIRST.test(text.slice(at, at + 2));
}

/** A group's first spelling: normalised, and written as given (case kept, unit for unit) when that lines up. */
interface Canonical {
  readonly norm: string;
  readonly cased: string;
}

/**
 * Rewrites the spellings of `groups` (checked by {@link synonymProblem}; each normalised by
 * `normalize`) to their group's first spelling. A spelling whose end is a letter or digit of a
 * script written with spaces matches only where the text has no such character next to that end
 * (`labubu` is not rewritten inside `labubus`); an end in Han, Kana, Thai, Lao, Khmer or Myanmar
 * script, or in punctuation, matches anywhere. The longest spelling that matches at a place wins.
 * The rewritten text keeps the first spelling's capitals for the capitals rule (`GPS` stays an
 * abbreviation). Cost: one regex scan of the text, whose alternation grows with the number of
 * spellings (thousands of groups make tokenising markedly slower).
 */
export class SynonymRewriter {
  readonly #pattern: RegExp;
  readonly #canonical: Map<string, Canonical>;

  constructor(groups: readonly (readonly string[])[], normalize: (text: string) => string) {
    this.#canonical = new Map();
    for (const group of groups) {
      const full = normalize(group[0]!);
      const first = full.trim();
      const lead = full.length - full.trimStart().length;
      const casedFull = casedLike(group[0]!, full);
      const canonical = { norm: first, cased: casedFull.length === full.length ? casedFull.slice(lead, lead + first.length) : first };
      for (const spelling of group) {
        const n = normalize(spelling).trim();
        if (n !== first) this.#canonical.set(n, canonical);
      }
    }
    const spellings = [...this.#canonical.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const alternative = (s: string): string =>
      `${spacedAt(s, 0) ? `(?<!${SPACED})` : ''}${s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}${spacedAt(s, s.length, true) ? `(?!${SPACED})` : ''}`;
    this.#pattern = new RegExp(spellings.map(alternative).join('|'), 'gu');
  }

  /** `norm` with every spelling rewritten, and `cased` (lazy: called only when something is rewritten) rewritten alike. */
  rewrite(norm: string, cased: () => string): RewrittenText {
    if (this.#canonical.size === 0) return { norm, cased: undefined };
    const pattern = this.#pattern;
    pattern.lastIndex = 0;
    let out = '';
    let outCased = '';
    let casedText: string | undefined;
    let last = 0;
    for (let m = pattern.exec(norm); m !== null; m = pattern.exec(norm)) {
      const start = m.index;
      const end = start + m[0].length;
      casedText ??= cased();
      const canonical = this.#canonical.get(m[0])!;
      // Keep the first spelling a word of its own where it would touch a word of a spaced script (`拉布布mini` -> `labubu mini`).
      const before = spacedAt(norm, start, true) && spacedAt(canonical.norm, 0) ? ' ' : '';
      const after = spacedAt(norm, end) && spacedAt(canonical.norm, canonical.norm.length, true) ? ' ' : '';
      out += norm.slice(last, start) + before + canonical.norm + after;
      outCased += casedText.slice(last, start) + before + canonical.cased + after;
      last = end;
    }
    if (casedText === undefined) return { norm, cased: undefined };
    return { norm: out + norm.slice(last), cased: outCased + casedText.slice(last) };
  }
}
