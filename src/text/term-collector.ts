import { isHanCodePoint } from './han.js';
import type { WordSink } from './icu-words.js';
import type { LanguageTools } from './language.js';

/** The tokeniser options the collector applies (a subset of TokenizerConfig). */
export interface TermOptions {
  readonly stopWords: boolean;
  readonly stemming: boolean;
  readonly hanBigrams: boolean;
  readonly maxTermLength: number;
}

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
 * words and stemming of the configured language, and Han bigrams of each run of Han characters
 * (runs may span several words; a bigram equal to a one- or two-character ICU word is not added
 * twice). Terms come out in reading order, each Han run's bigrams after its last word.
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
  readonly #norm: string;
  readonly #cased: string;
  readonly #tools: LanguageTools;
  readonly #stem: (tools: LanguageTools, word: string) => string;
  // Current Han run (absolute offsets in the text) and the pure-Han ICU words of 1 or 2 chars
  // inside it (keyed start * 4 + length in chars).
  #runStart = -1;
  #runEnd = -1;
  #icuSpans: Set<number> | undefined;

  /**
   * Collects terms of `norm` (the normalised text the word offsets refer to; `cased` is the same
   * before lower-casing, unit for unit): stop words and stems of `tools`, stemming with `stem`.
   */
  constructor(opts: TermOptions, norm: string, cased: string, tools: LanguageTools, stem: (tools: LanguageTools, word: string) => string) {
    this.#opts = opts;
    this.#norm = norm;
    this.#cased = cased;
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
    if (w.length === 0 || w.length > opts.maxTermLength) return;
    this.#term(w, start);
  }

  /** Adds the term of one word `word` at offset `start`; false when it is a stop word. */
  #term(word: string, start: number): boolean {
    const opts = this.#opts;
    const tools = this.#tools;
    let w = word;
    if (opts.stopWords && tools.stopWords.has(w)) return false;
    if (opts.stemming && tools.stems(w)) {
      if (w.indexOf("'") >= 0) w = w.replaceAll("'", '');
      if (w.length === 0) return true;
      const stem = this.#stem(tools, w);
      if (stem.length >= MIN_STEM || stem === w || tools.language !== 'english') w = stem;
      else if (!this.#capitals(start, word.length)) w = pluralStem(w);
    }
    this.terms.push(w);
    return true;
  }

  /** True when the text before lower-casing holds ASCII capitals only at `[start, start + length)`. */
  #capitals(start: number, length: number): boolean {
    const cased = this.#cased;
    for (let k = start; k < start + length; k++) {
      const c = cased.charCodeAt(k);
      if (c < 0x41 || c > 0x5a) return false;
    }
    return length >= 2;
  }
}
