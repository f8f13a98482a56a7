import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { z } from 'zod';
import { isHanCodePoint } from './han.js';
import { parseConfig } from './parse-config.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

/** Config of the tokeniser. */
export const TokenizerConfigSchema = z
  .object({
    /** Drop English stop words (`the`, `for`, ...). @default true */
    stopWords: z.boolean().default(true),
    /** Porter-stem Latin-script words (`running` -> `run`). @default true */
    stemming: z.boolean().default(true),
    /** Add character bigrams of each run of Han characters (and the single char of a one-char run). @default true */
    hanBigrams: z.boolean().default(true),
    /** Words longer than this many UTF-16 units are dropped (junk such as hashes). @default 64 */
    maxTermLength: z.number().int().min(1).max(10_000).default(64),
  })
  .strict();

/** Tokeniser config as a caller writes it. */
export type TokenizerConfigInput = z.input<typeof TokenizerConfigSchema>;
/** Tokeniser config with defaults applied. */
export type TokenizerConfig = z.output<typeof TokenizerConfigSchema>;

/** A configured tokeniser: text in, terms out (in reading order, Han bigrams after their run). */
export type Tokenizer = (text: string) => string[];

/**
 * Segmenting one long string with Intl.Segmenter costs time quadratic in its length (measured on
 * Node 20: 16k chars 100 ms), so text is fed to it in chunks of about this many UTF-16 units,
 * cut at whitespace or punctuation when one is near.
 */
const CHUNK = 1024;
const LOOK_BACK = 128;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

function isBreakCode(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x2c || // ,
    c === 0x2e || // .
    c === 0x3b || // ;
    c === 0x21 || // !
    c === 0x3f || // ?
    c === 0x7c || // |
    c === 0x3000 || // ideographic space
    c === 0x3001 || // 、
    c === 0x3002 || // 。
    c === 0xff0c || // ，
    c === 0xff01 || // ！
    c === 0xff1f // ？
  );
}

/** True when `w` is lower-case Latin letters (ASCII or Latin-1/Extended-A/B) and apostrophes only. */
function isLatinWord(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || c === 0x27 || (c >= 0xdf && c <= 0x24f && c !== 0xf7)) continue;
    return false;
  }
  return true;
}

/**
 * Builds a tokeniser: NFKC normalisation, lower-casing, `Intl.Segmenter` word segmentation
 * (locale-independent, word-like segments only, so punctuation and emoji are dropped), English
 * stop words removed, Porter stemming of Latin-script words, digits kept as terms, and Han text
 * indexed as the ICU words plus character bigrams of each Han run. Linear time in the text length.
 *
 * @throws ConfigError naming the offending key.
 * @example createTokenizer()('Running backpacks') // ['run', 'backpack']
 */
export function createTokenizer(config: TokenizerConfigInput = {}): Tokenizer {
  const cfg = parseConfig(TokenizerConfigSchema, config, 'tokenizer');
  return (text: string) => tokenizeWith(cfg, text);
}

const defaultConfig: TokenizerConfig = TokenizerConfigSchema.parse({});

/**
 * Tokenises `text` with the default config (see {@link createTokenizer}).
 *
 * @example tokenize('巴黎重现2008北京奥运会背包') // includes '2008', '奥运', '背包'
 */
export function tokenize(text: string): string[] {
  return tokenizeWith(defaultConfig, text);
}

/** Tokenises `text` with a parsed config. */
export function tokenizeWith(cfg: TokenizerConfig, text: string): string[] {
  const out: string[] = [];
  if (text.length === 0) return out;
  const norm = text.normalize('NFKC').toLowerCase();
  const len = norm.length;

  // Current Han run (absolute positions in `norm`) and the pure-Han ICU words of 1 or 2 chars
  // inside it, so that a bigram identical to an ICU word is not counted twice.
  let runStart = -1;
  let runEnd = -1;
  const icuSpans = new Set<number>();

  const flushRun = (): void => {
    if (runStart < 0) return;
    if (cfg.hanBigrams) {
      let first = runStart;
      const firstCp = norm.codePointAt(first)!;
      let second = first + (firstCp > 0xffff ? 2 : 1);
      if (second >= runEnd) {
        if (!icuSpans.has(first * 4 + 1)) out.push(norm.slice(first, runEnd));
      } else {
        while (second < runEnd) {
          const cp = norm.codePointAt(second)!;
          const third = second + (cp > 0xffff ? 2 : 1);
          if (!icuSpans.has(first * 4 + 2)) out.push(norm.slice(first, third));
          first = second;
          second = third;
        }
      }
    }
    runStart = -1;
    runEnd = -1;
    icuSpans.clear();
  };

  const handleWord = (word: string, start: number): void => {
    // Track Han runs across words (they may span several ICU words).
    let hanCount = 0;
    let allHan = true;
    for (let i = 0; i < word.length; ) {
      const cp = word.codePointAt(i)!;
      const size = cp > 0xffff ? 2 : 1;
      if (isHanCodePoint(cp)) {
        const at = start + i;
        if (runEnd !== at) {
          flushRun();
          runStart = at;
        }
        runEnd = at + size;
        hanCount++;
      } else {
        allHan = false;
        flushRun();
      }
      i += size;
    }
    if (allHan && hanCount <= 2) icuSpans.add(start * 4 + hanCount);
    emitWord(word);
  };

  const emitWord = (raw: string): void => {
    let w = raw;
    if (w.indexOf('\u2019') >= 0) w = w.replaceAll('\u2019', "'");
    if (w.endsWith("'s")) w = w.slice(0, -2);
    if (w.length === 0 || w.length > cfg.maxTermLength) return;
    if (cfg.stopWords && ENGLISH_STOP_WORDS.has(w)) return;
    if (cfg.stemming && isLatinWord(w)) {
      if (w.indexOf("'") >= 0) w = w.replaceAll("'", '');
      if (w.length === 0) return;
      w = PorterStemmer.stem(w);
    }
    out.push(w);
  };

  let pos = 0;
  while (pos < len) {
    let end = Math.min(len, pos + CHUNK);
    if (end < len) {
      let cut = -1;
      for (let k = end; k > end - LOOK_BACK && k > pos + 1; k--) {
        if (isBreakCode(norm.charCodeAt(k - 1))) {
          cut = k;
          break;
        }
      }
      if (cut > 0) end = cut;
      else {
        const c = norm.charCodeAt(end - 1);
        if (c >= 0xd800 && c <= 0xdbff) end--; // never split a surrogate pair
      }
    }
    const chunk = norm.slice(pos, end);
    for (const seg of segmenter.segment(chunk)) {
      if (seg.isWordLike === true) handleWord(seg.segment, pos + seg.index);
    }
    pos = end;
  }
  flushRun();
  return out;
}
