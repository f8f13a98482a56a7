/**
 * Spelling groups the tokeniser treats as one word: a brand's Latin and Chinese names (`Labubu`,
 * `拉布布`), a product's nicknames. Every spelling of a group is rewritten to the group's first one
 * in the normalised text, before word segmentation, so a topic or query in one spelling matches
 * products written in another.
 */

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

const isAsciiWordUnit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/**
 * Rewrites the spellings of `groups` (checked by {@link synonymProblem}; each normalised by
 * `normalize`) to their group's first spelling. A spelling that starts or ends with an ASCII
 * letter or digit matches only where the text has no ASCII letter or digit next to that end
 * (`labubu` is not rewritten inside `labubus`); other ends match anywhere (Chinese has no spaces).
 * Longer spellings win over shorter ones at the same place. Linear in the text per match attempt.
 */
export class SynonymRewriter {
  readonly #pattern: RegExp;
  readonly #canonical: Map<string, string>;

  constructor(groups: readonly (readonly string[])[], normalize: (text: string) => string) {
    this.#canonical = new Map();
    for (const group of groups) {
      const first = normalize(group[0]!).trim();
      for (const spelling of group) {
        const n = normalize(spelling).trim();
        if (n !== first) this.#canonical.set(n, first);
      }
    }
    const spellings = [...this.#canonical.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.#pattern = new RegExp(spellings.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
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
      const spelling = m[0];
      const end = start + spelling.length;
      const bounded =
        !(isAsciiWordUnit(spelling.charCodeAt(0)) && start > 0 && isAsciiWordUnit(norm.charCodeAt(start - 1))) &&
        !(isAsciiWordUnit(spelling.charCodeAt(spelling.length - 1)) && end < norm.length && isAsciiWordUnit(norm.charCodeAt(end)));
      if (!bounded) {
        pattern.lastIndex = start + 1;
        continue;
      }
      casedText ??= cased();
      const canonical = this.#canonical.get(spelling)!;
      // Keep the canonical spelling a word of its own where it would touch an ASCII word (`拉布布mini` -> `labubu mini`).
      const before = start > 0 && isAsciiWordUnit(norm.charCodeAt(start - 1)) && isAsciiWordUnit(canonical.charCodeAt(0)) ? ' ' : '';
      const after = end < norm.length && isAsciiWordUnit(norm.charCodeAt(end)) && isAsciiWordUnit(canonical.charCodeAt(canonical.length - 1)) ? ' ' : '';
      const replacement = before + canonical + after;
      out += norm.slice(last, start) + replacement;
      outCased += casedText.slice(last, start) + replacement;
      last = end;
    }
    if (casedText === undefined) return { norm, cased: undefined };
    return { norm: out + norm.slice(last), cased: outCased + casedText.slice(last) };
  }
}
