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

/**
 * Turns the words of one normalised text into terms: apostrophe and possessive handling, stop
 * words and stemming of the configured language, and Han bigrams of each run of Han characters (runs may
 * span several words; a bigram equal to a one- or two-character ICU word is not added twice).
 * Terms come out in reading order, each Han run's bigrams after its last word.
 */
export class TermCollector implements WordSink {
  /** The terms so far. */
  readonly terms: string[] = [];
  readonly #opts: TermOptions;
  readonly #norm: string;
  readonly #tools: LanguageTools;
  readonly #stem: (tools: LanguageTools, word: string) => string;
  // Current Han run (absolute offsets in the text) and the pure-Han ICU words of 1 or 2 chars
  // inside it (keyed start * 4 + length in chars).
  #runStart = -1;
  #runEnd = -1;
  #icuSpans: Set<number> | undefined;

  /** Collects terms of `norm` (the normalised text the word offsets refer to): stop words and stems of `tools`, stemming with `stem`. */
  constructor(opts: TermOptions, norm: string, tools: LanguageTools, stem: (tools: LanguageTools, word: string) => string) {
    this.#opts = opts;
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
    this.#emit(word);
  }

  /** A word without Han characters (ends any Han run). */
  asciiWord(word: string): void {
    this.#flushRun();
    this.#emit(word);
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

  #emit(raw: string): void {
    const opts = this.#opts;
    let w = raw;
    if (w.indexOf('\u2019') >= 0) w = w.replaceAll('\u2019', "'");
    if (w.endsWith("'s")) w = w.slice(0, -2);
    if (w.length === 0 || w.length > opts.maxTermLength) return;
    const tools = this.#tools;
    if (opts.stopWords && tools.stopWords.has(w)) return;
    if (opts.stemming && tools.stems(w)) {
      if (w.indexOf("'") >= 0) w = w.replaceAll("'", '');
      if (w.length === 0) return;
      w = this.#stem(tools, w);
    }
    this.terms.push(w);
  }
}
