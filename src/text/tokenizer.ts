import * as z from 'zod/mini';
import { chunkEnd } from './chunks.js';
import { ENGLISH, LANGUAGES, languageTools, loadLanguage, type LanguageTools } from './language.js';
import { parseConfig } from '../_internal/parse-config.js';
import { cachedStem, clearStemCache, plainStem } from './stem-cache.js';
import { TermCollector } from './term-collector.js';
import { clearPieceMemo, icuWords, prefetchPieces, type WordSink } from './icu-words.js';
import { fastWords } from './word-breaks.js';
import { casedLike, normalizeText, normalizeTextV1 } from './normalize.js';
import { MAX_SYNONYM_GROUPS, SynonymRewriter, synonymProblem } from './synonyms.js';

/** Config of the tokeniser. */
export const TokenizerConfigSchema = z.strictObject({
  /**
   * Language of stemming and stop words: `english` is built in; `dutch`, `french`, `german`,
   * `italian`, `norwegian`, `persian`, `portuguese`, `russian`, `spanish`, `swedish` and
   * `ukrainian` use the stemmers and stop-word lists of the optional peer dependency `natural`
   * (`npm install natural`), loaded when a config names them. @default 'english'
   */
  language: z._default(z.enum(LANGUAGES, { error: `expected one of ${LANGUAGES.join(', ')}` }), 'english'),
  /** Drop the language's stop words (`the`, `for`, ...). @default true */
  stopWords: z._default(z.boolean(), true),
  /** Stem the words of the language's script (English: Porter, `running` -> `run`). @default true */
  stemming: z._default(z.boolean(), true),
  /** Add character bigrams of each run of Han characters (and the single char of a one-char run). @default true */
  hanBigrams: z._default(z.boolean(), true),
  /** Words longer than this many UTF-16 units are dropped (junk such as hashes). @default 64 */
  maxTermLength: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 64),
  /**
   * Rule set: 2 drops invisible format characters and `™` before NFKC, splits and joins model
   * names and keeps English stems under three letters out (see the README's text parameters); 1, the
   * rules of model files before version 6 (their text is indexed as it was). @default 2
   */
  rules: z._default(z.union([z.literal(1), z.literal(2)]), 2),
  /**
   * Spelling groups read as one word: every spelling of a group is rewritten to the group's first,
   * after normalisation and before word segmentation, e.g. `[['Labubu', '拉布布']]` so a topic
   * `拉布布` matches a product titled `Labubu`. A spelling whose end is a letter or digit of a
   * script written with spaces matches only as a whole word there (an end in Han, Kana or Thai
   * matches anywhere); a spelling belongs to one group. @default []
   */
  synonyms: z._default(z.array(z.array(z.string().check(z.maxLength(1000))).check(z.minLength(2, { error: 'a group needs at least two spellings' }))).check(z.maxLength(MAX_SYNONYM_GROUPS)), []),
}).check(z.superRefine((cfg, ctx) => {
  const problem = synonymProblem(cfg.synonyms, normalizerOf(cfg));
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['synonyms', problem.index], message: problem.message, input: cfg.synonyms[problem.index] });
  // A language other than English loads natural's files now, so a missing install is a config error.
  if (!cfg.stemming && !cfg.stopWords) return;
  const loaded = loadLanguage(cfg.language);
  if (typeof loaded === 'string') ctx.addIssue({ code: 'custom', path: ['language'], message: loaded, input: cfg.language });
}));

/** Tokeniser config as a caller writes it. */
export type TokenizerConfigInput = z.input<typeof TokenizerConfigSchema>;
/** Tokeniser config with defaults applied. */
export type TokenizerConfig = z.output<typeof TokenizerConfigSchema>;

/** A configured tokeniser: text in, terms out (in reading order, Han bigrams after their run). */
export type Tokenizer = (text: string) => string[];

/**
 * Builds a tokeniser: {@link normalizeText} (invisible format characters and `™` dropped, NFKC,
 * traditional Chinese folded to simplified so `奧運` and `奥运` are one term, lower-casing),
 * `Intl.Segmenter` word segmentation
 * (locale-independent, word-like segments only, so punctuation and emoji are dropped), stop words
 * of the configured language removed, its words stemmed (English: Porter stemming of Latin-script
 * words), digits kept as terms, and Han text
 * indexed as the ICU words plus character bigrams of each Han run. Linear time in the text length.
 *
 * Model names: a word mixing ASCII letters and digits also gives its letter and digit runs as
 * words (`RTX4090` -> `rtx4090`, `rtx`, `4090`; letter runs stemmed and stop words dropped like
 * any word, digit runs never stemmed), and a word of ASCII letters that is no stop word, followed
 * by a word of ASCII digits with only spaces or hyphens between, also gives the two joined
 * (`RTX 4090` -> `rtx`, `4090`, `rtx4090`; `XL-200` -> `xl`, `200`, `xl200`): both spellings share
 * all their terms, and `RTX 4060` shares only `rtx` with them.
 *
 * Short English stems: a Porter stem shorter than three letters is not used (`oled` -> `ol` would
 * match `OL`). A word written in ASCII capitals keeps its spelling (`GPS` -> `gps`, `ABS` -> `abs`,
 * checked on the text before lower-casing); any other word loses only a plural `s` (`OLED`,
 * `oled`, `OLEDs` -> `oled`; `TVs` -> `tv`; `eyes` -> `eye`). Capitals do not stop longer stems
 * (`ADIDAS`, `Adidas` -> `adida`), so shouted titles match as before.
 *
 * Runs of ASCII letters and digits are split without calling ICU, at exactly the places ICU
 * splits them (word-breaks.ts), and stems and ICU results of short pieces are memoised, so the
 * terms are those of {@link tokenizeWithSegmenter} at a fraction of the cost.
 *
 * @throws ConfigError naming the offending key (also when `language` needs natural and it is not installed).
 * @example createTokenizer()('Running backpacks') // ['run', 'backpack']
 */
export function createTokenizer(config: TokenizerConfigInput = {}): Tokenizer {
  const cfg = parseConfig('tokenizer', TokenizerConfigSchema, config);
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

/**
 * Tokenises `text` with a parsed config: the fast path (pure-ASCII pieces split without ICU, stems
 * memoised). Gives exactly the terms of {@link tokenizeWithSegmenter}.
 */
export function tokenizeWith(cfg: TokenizerConfig, text: string): string[] {
  return run(cfg, text, fastWords, cachedStem);
}

/**
 * Tokenises `text` with a parsed config through the plain path: every chunk through
 * `Intl.Segmenter`, every stem computed afresh. The reference the fast path is tested against.
 */
export function tokenizeWithSegmenter(cfg: TokenizerConfig, text: string): string[] {
  return run(cfg, text, icuWords, plainStem);
}

/** Empties the fast path's memos of stems and ICU pieces (output never depends on them; benchmarks time a cold start). */
export function clearTokenizerMemos(): void {
  clearStemCache();
  clearPieceMemo();
}

/** Null sink of the prefetch scan (it collects pieces, no words). */
const NO_WORDS: WordSink = { word(): void {}, asciiWord(): void {} };

/**
 * Prepares the fast path for tokenising `texts` soon: segments the short non-ASCII pieces of all
 * of them that are not memoised yet, several per `Intl.Segmenter` call (cheaper than one call per
 * piece). Changes no output, only speed; worth it for a batch of texts, such as the products an
 * index is built from.
 */
export function prefetchTokenizer(texts: readonly string[]): void {
  const misses: string[] = [];
  for (const text of texts) {
    if (text.length === 0 || isPlainAscii(text)) continue;
    const norm = normalizeText(text);
    for (let pos = 0; pos < norm.length; ) {
      const end = chunkEnd(norm, pos);
      fastWords(norm, pos, end, NO_WORDS, misses);
      pos = end;
    }
  }
  prefetchPieces(misses);
}

/** True when every code unit of `text` is below 0x80 (ICU then sees only pieces with `_` or `"`, left to the normal path). */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** A word segmentation of `text[from, to)` into a sink (fastWords or icuWords). */
type Segmentation = (text: string, from: number, to: number, sink: WordSink) => void;

/** The language tools a parsed config uses (English when neither stop words nor stemming is on). */
function toolsOf(cfg: TokenizerConfig): LanguageTools {
  return cfg.stemming || cfg.stopWords ? languageTools(cfg.language, 'tokenizer.language') : ENGLISH;
}

/** The text normalisation of a config's rule set. */
function normalizerOf(cfg: { readonly rules: 1 | 2 }): (text: string) => string {
  return cfg.rules === 1 ? normalizeTextV1 : normalizeText;
}

/** Each parsed config's synonym rewriter, built on first use. */
const rewriters = new WeakMap<TokenizerConfig, SynonymRewriter>();

function rewriterOf(cfg: TokenizerConfig): SynonymRewriter {
  let rewriter = rewriters.get(cfg);
  if (rewriter === undefined) rewriters.set(cfg, (rewriter = new SynonymRewriter(cfg.synonyms, normalizerOf(cfg))));
  return rewriter;
}

/** Normalises, rewrites synonyms, segments chunk by chunk and collects the terms of `text`. */
function run(cfg: TokenizerConfig, text: string, words: Segmentation, stem: (tools: LanguageTools, word: string) => string): string[] {
  if (text.length === 0) return [];
  const plain = normalizerOf(cfg)(text);
  const casedOf = (): string => casedLike(text, plain);
  const { norm, cased } = cfg.synonyms.length > 0 ? rewriterOf(cfg).rewrite(plain, casedOf) : { norm: plain, cased: undefined };
  const collector = new TermCollector(cfg, cased === undefined ? casedOf : () => cased, norm, toolsOf(cfg), stem);
  for (let pos = 0; pos < norm.length; ) {
    const end = chunkEnd(norm, pos);
    words(norm, pos, end, collector);
    pos = end;
  }
  return collector.finish();
}
