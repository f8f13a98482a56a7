import { isHanCodePoint } from './han.js';
import type { WordSink } from './icu-words.js';
import type { LanguageTools } from './language.js';

/** The tokeniser options the collector applies (a subset of TokenizerConfig). */
export interface TermOptions {
  readonly stopWords: boolean;
  readonly stemming: boolean;
  readonly hanBigrams: boolean;
  readonly maxTermLength: number;
  /** Rule set: 1 leaves out model names and the short-stem rule (see TokenizerConfig). */
  readonly rules: 1 | 2;
}

/** Shapes of a word (lower case, after possessive removal) for model names. */
const OTHER = 0; // any character but ASCII letters, digits and mid-word punctuation `. ' : , ;`
const LETTERS = 1; // ASCII letters only
const DIGITS = 2; // ASCII digits, maybe with mid-word punctuation (`4090`, `2.0`, `1,000`)
const MIXED = 3; // ASCII letters and digits, maybe with mid-word punctuation (`rtx4090`, `3.5kg`)

function shapeOf(w: string): number {
  let letters = false;
  let digits = false;
  let punct = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) letters = true;
    else if (c >= 0x30 && c <= 0x39) digits = true;
    else if (c === 0x2e || c === 0x27 || c === 0x3a || c === 0x2c || c === 0x3b) punct = true;
    else return OTHER;
  }
  if (letters) return digits ? MIXED : punct ? OTHER : LETTERS;
  return digits ? DIGITS : OTHER;
}

/** What {@link TermCollector} did with a word: dropped it (a stop word), stemmed it (a word of the language's script, so no digit), kept it as it is. */
const DROPPED = 0;
const STEMMED = 1;
const KEPT = 2;

/** Shortest English stem used as it is (shorter ones collide with abbreviations: `oled` -> `ol`, `gps` -> `gp`). */
const MIN_STEM = 3;

/** Porter's step 1a alone, the plural `s`: `sses` -> `ss`, `ies` -> `i`, `ss` stays, a final `s` goes. */
function pluralStem(w: string): string {
  if (!w.endsWith('s')) return w;
  if (w.endsWith('ss')) return w.endsWith('sses') ? w.slice(0, -2) : w;
  return w.endsWith('ies') ? w.slice(0, -2) : w.slice(0, -1);
}

/**
 * Turns the words of one normalised text into terms: apostrophe and possessive handling, stop
 * words and stemming of the configured language, model names, and Han bigrams of each run of Han
 * characters (runs may span several words; a bigram equal to a one- or two-character ICU word is
 * not added twice). Terms come out in reading order, each Han run's bigrams after its last word.
 *
 * Model names: a word of ASCII letters and digits also gives its letter and digit runs, each a
 * word of its own (stop words dropped, letter runs stemmed, digit runs never): `rtx4090` ->
 * `rtx4090`, `rtx`, `4090`; `3.5kg` -> `3.5kg`, `3.5`, `kg`. A word of ASCII letters (not a stop
 * word) followed by a word of ASCII digits with only spaces or hyphens between also gives the two
 * joined, unstemmed: `iphone 15` -> `iphon`, `15`, `iphone15`; `xl-200` -> `xl`, `200`, `xl200`. So
 * both spellings of a model name share all their terms, and another model of the same line
 * (`rtx 4060`) only the letters.
 *
 * Short English stems: a Porter stem shorter than three letters is not used. A word written in
 * ASCII capitals in the text keeps its spelling (`GPS` -> `gps`, `ABS` -> `abs`); any other loses
 * only a plural `s` (Porter's step 1a: `oled` -> `oled`, `OLEDs` -> `oled`, `TVs` -> `tv`, `eyes`
 * -> `eye`). Longer stems are used as Porter gives them, whatever the case, so `ADIDAS` and
 * `Adidas` stay one term.
 */
export class TermCollector implements WordSink {
  /** The terms so far. */
  readonly terms: string[] = [];
  readonly #opts: TermOptions;
  readonly #casedOf: () => string;
  readonly #norm: string;
  #cased: string | undefined;
  readonly #tools: LanguageTools;
  readonly #stem: (tools: LanguageTools, word: string) => string;
  // Current Han run (absolute offsets in the text) and the pure-Han ICU words of 1 or 2 chars
  // inside it (keyed start * 4 + length in chars).
  #runStart = -1;
  #runEnd = -1;
  #icuSpans: Set<number> | undefined;
  // The last word when it was ASCII letters and no stop word: where it ends in the text, and its spelling.
  #joinFrom = -1;
  #joinWord = '';

  /**
   * Collects terms of a text whose words come from `norm` (the normalised text the word offsets
   * refer to): stop words and stems of `tools`, stemming with `stem`. `casedOf` gives `norm` before
   * lower-casing, unit for unit (`casedLike` in normalize.ts; asked at most once, when a word's capitals matter).
   */
  constructor(opts: TermOptions, casedOf: () => string, norm: string, tools: LanguageTools, stem: (tools: LanguageTools, word: string) => string) {
    this.#opts = opts;
    this.#casedOf = casedOf;
    this.#norm = norm;
    this.#tools = tools;
    this.#stem = stem;
  }

  /** A word-like segment of any script starting at offset `start`. */
  word(word: string, start: number): void {
    let hanCount = 0;
    let allHan = true;
    for (let i = 0; i < word.length; ) {
      const cp = word.codePointAt(i)!;
      const size = cp > 0xffff ? 2 : 1;
      if (isHanCodePoint(cp)) {
        const at = start + i;
        if (this.#runEnd !== at) {
          this.#flushRun();
          this.#runStart = at;
        }
        this.#runEnd = at + size;
        hanCount++;
      } else {
        allHan = false;
        this.#flushRun();
      }
      i += size;
    }
    if (allHan && hanCount <= 2) (this.#icuSpans ??= new Set()).add(start * 4 + hanCount);
    this.#emit(word, start);
  }

  /** A word without Han characters starting at offset `start` (ends any Han run). */
  asciiWord(word: string, start: number): void {
    this.#flushRun();
    this.#emit(word, start);
  }

  /** Ends the text: adds the bigrams of a pending Han run and returns the terms. */
  finish(): string[] {
    this.#flushRun();
    return this.terms;
  }

  #flushRun(): void {
    const runStart = this.#runStart;
    if (runStart < 0) return;
    const runEnd = this.#runEnd;
    const spans = this.#icuSpans;
    if (this.#opts.hanBigrams) {
      const norm = this.#norm;
      let first = runStart;
      let second = first + (norm.codePointAt(first)! > 0xffff ? 2 : 1);
      if (second >= runEnd) {
        if (spans === undefined || !spans.has(first * 4 + 1)) this.terms.push(norm.slice(first, runEnd));
      } else {
        while (second < runEnd) {
          const third = second + (norm.codePointAt(second)! > 0xffff ? 2 : 1);
          if (spans === undefined || !spans.has(first * 4 + 2)) this.terms.push(norm.slice(first, third));
          first = second;
          second = third;
        }
      }
    }
    this.#runStart = -1;
    this.#runEnd = -1;
    spans?.clear();
  }

  /** The terms of the word `raw` at offset `start`. */
  #emit(raw: string, start: number): void {
    const opts = this.#opts;
    let w = raw;
    if (w.indexOf('\u2019') >= 0) w = w.replaceAll('\u2019', "'");
    if (w.endsWith("'s")) w = w.slice(0, -2);
    const joinFrom = this.#joinFrom;
    this.#joinFrom = -1;
    if (w.length === 0 || w.length > opts.maxTermLength) return;
    const kind = this.#term(w, start);
    if (kind === DROPPED || opts.rules === 1) return;
    // A stemmed word has no digit: no runs, maybe the letters of a join (checked when a digit word follows).
    const shape = kind === STEMMED ? LETTERS : shapeOf(w);
    if (shape === LETTERS) {
      this.#joinFrom = start + raw.length;
      this.#joinWord = w;
    } else if (shape === MIXED) this.#runs(w, start);
    else if (shape === DIGITS && joinFrom >= 0 && shapeOf(this.#joinWord) === LETTERS && this.#spacedOnly(joinFrom, start)) {
      const joined = this.#joinWord + w;
      if (joined.length <= opts.maxTermLength) this.terms.push(joined);
    }
  }

  /** Adds the term of one word or run `word` at offset `start`: DROPPED (a stop word), STEMMED (a word of the language's script) or KEPT. */
  #term(word: string, start: number): number {
    const opts = this.#opts;
    const tools = this.#tools;
    let w = word;
    if (opts.stopWords && tools.stopWords.has(w)) return DROPPED;
    if (opts.stemming && tools.stems(w)) {
      if (w.indexOf("'") >= 0) w = w.replaceAll("'", '');
      if (w.length === 0) return STEMMED;
      const stem = this.#stem(tools, w);
      if (stem.length >= MIN_STEM || stem === w || tools.language !== 'english' || opts.rules === 1) w = stem;
      else if (!this.#capitals(start, word.length)) w = pluralStem(w);
      this.terms.push(w);
      return STEMMED;
    }
    this.terms.push(w);
    return KEPT;
  }

  /** The letter and digit runs of a word mixing both, each as a word (mid-word punctuation stays in its run). */
  #runs(w: string, start: number): void {
    let from = 0;
    let digits = isDigit(w.charCodeAt(0));
    for (let i = 1; i < w.length; i++) {
      const c = w.charCodeAt(i);
      const d = isDigit(c);
      if (d !== digits && (d || (c >= 0x61 && c <= 0x7a))) {
        this.#term(w.slice(from, i), start + from);
        from = i;
        digits = d;
      }
    }
    this.#term(w.slice(from), start + from);
  }

  /** True when `norm[from, to)` holds only spaces and hyphens. */
  #spacedOnly(from: number, to: number): boolean {
    const norm = this.#norm;
    for (let k = from; k < to; k++) {
      const c = norm.charCodeAt(k);
      if (c !== 0x20 && c !== 0x2d) return false;
    }
    return true;
  }

  /** True when the text before lower-casing holds ASCII capitals only at `[start, start + length)`. */
  #capitals(start: number, length: number): boolean {
    const cased = (this.#cased ??= this.#casedOf());
    for (let k = start; k < start + length; k++) {
      const c = cased.charCodeAt(k);
      if (c < 0x41 || c > 0x5a) return false;
    }
    return length >= 2;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
