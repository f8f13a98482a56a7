import { stemmer as porterStem } from 'stemmer';
import { ConfigError } from '../errors.js';
import { loadNaturalFile } from './natural-module.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

/**
 * Languages of the tokeniser's stemming and stop words. `english` is built in (Porter stemmer,
 * the library's stop-word list); the others use the stemmers and stop-word lists of the optional
 * peer dependency `natural` (`npm install natural`), loaded only when a config names them.
 */
export const LANGUAGES = [
  'english',
  'dutch',
  'french',
  'german',
  'italian',
  'norwegian',
  'persian',
  'portuguese',
  'russian',
  'spanish',
  'swedish',
  'ukrainian',
] as const;

/** A language the tokeniser can stem. */
export type Language = (typeof LANGUAGES)[number];

/** The scripts whose words a language's stemmer is given. */
type Script = 'latin' | 'cyrillic' | 'arabic';

/** The language-specific parts of tokenising: which words are stemmed, how, and the stop words. */
export interface LanguageTools {
  readonly language: Language;
  /** Stems one lower-case word of the language's script. */
  readonly stem: (word: string) => string;
  /** True when `word` (lower case, apostrophes allowed) is written in the language's script and gets stemmed. */
  readonly stems: (word: string) => boolean;
  /** Stop words, lower case after NFKC normalisation. */
  readonly stopWords: ReadonlySet<string>;
}

/** natural's file suffix, stop-word list (when natural has one) and script of each other language. */
const NATURAL_LANGUAGES: ReadonlyMap<Language, { readonly code: string; readonly stopWords: boolean; readonly script: Script }> = new Map([
  ['dutch', { code: 'nl', stopWords: true, script: 'latin' }],
  ['french', { code: 'fr', stopWords: true, script: 'latin' }],
  ['german', { code: 'de', stopWords: false, script: 'latin' }],
  ['italian', { code: 'it', stopWords: true, script: 'latin' }],
  ['norwegian', { code: 'no', stopWords: true, script: 'latin' }],
  ['persian', { code: 'fa', stopWords: true, script: 'arabic' }],
  ['portuguese', { code: 'pt', stopWords: true, script: 'latin' }],
  ['russian', { code: 'ru', stopWords: true, script: 'cyrillic' }],
  ['spanish', { code: 'es', stopWords: true, script: 'latin' }],
  ['swedish', { code: 'sv', stopWords: true, script: 'latin' }],
  ['ukrainian', { code: 'uk', stopWords: true, script: 'cyrillic' }],
]);

/** True when every code unit of `w` passes `inScript` or is an apostrophe. */
function allOf(w: string, inScript: (c: number) => boolean): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c !== 0x27 && !inScript(c)) return false;
  }
  return true;
}

/** Lower-case Latin letters: ASCII, Latin-1 Supplement (not the division sign), Extended-A and -B. */
const isLatin = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0x24f && c !== 0xf7);
/** Cyrillic and its supplement. */
const isCyrillic = (c: number): boolean => c >= 0x400 && c <= 0x52f;
/** Arabic script blocks and the zero-width non-joiner Persian writes inside words. */
const isArabic = (c: number): boolean =>
  (c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff) || c === 0x200c;

const SCRIPT_TESTS: Readonly<Record<Script, (w: string) => boolean>> = {
  latin: (w) => allOf(w, isLatin),
  cyrillic: (w) => allOf(w, isCyrillic),
  arabic: (w) => allOf(w, isArabic),
};

/** English: the Porter stemmer (Porter 1980, as the `stemmer` package implements it) and the built-in stop words. */
export const ENGLISH: LanguageTools = {
  language: 'english',
  stem: porterStem,
  stems: SCRIPT_TESTS.latin,
  stopWords: ENGLISH_STOP_WORDS,
};

const tools = new Map<Language, LanguageTools>([['english', ENGLISH]]);

/** The exports of a natural file, or the reason it cannot be had (thrown as a string, caught in {@link loadLanguage}). */
function naturalFile(path: string): unknown {
  const result = loadNaturalFile(path);
  if (!result.ok) throw new LanguageUnavailable(result.reason);
  return result.exports;
}

class LanguageUnavailable {
  constructor(readonly reason: string) {}
}

/**
 * The stemmer, script test and stop words of `language`, loading natural's files for it on first
 * use (`lib/natural/stemmers/porter_stemmer_<code>.js` and, when natural has one,
 * `lib/natural/util/stopwords_<code>.js`); or, when they cannot be loaded, the reason
 * (e.g. `language "french" needs the optional peer dependency natural: npm install natural`).
 *
 * @example loadLanguage('english') // the built-in English tools
 */
export function loadLanguage(language: Language): LanguageTools | string {
  const known = tools.get(language);
  if (known !== undefined) return known;
  const spec = NATURAL_LANGUAGES.get(language);
  if (spec === undefined) return `no stemmer for language ${JSON.stringify(language)}`;
  try {
    const stemmerModule = naturalFile(`lib/natural/stemmers/porter_stemmer_${spec.code}.js`) as { stem?: unknown };
    const stem = stemmerModule.stem;
    if (typeof stem !== 'function') return `language "${language}": natural's stemmer file has no stem function (natural 8 has one)`;
    let stopWords: ReadonlySet<string> = new Set();
    if (spec.stopWords) {
      const list = (naturalFile(`lib/natural/util/stopwords_${spec.code}.js`) as { words?: unknown }).words;
      if (Array.isArray(list)) stopWords = new Set(list.filter((w): w is string => typeof w === 'string').map((w) => w.normalize('NFKC').toLowerCase()));
    }
    const made: LanguageTools = {
      language,
      stem: (word) => String((stem as (w: string) => unknown).call(stemmerModule, word)),
      stems: SCRIPT_TESTS[spec.script],
      stopWords,
    };
    tools.set(language, made);
    return made;
  } catch (error) {
    if (error instanceof LanguageUnavailable) return `language "${language}" ${error.reason}`;
    throw error;
  }
}

/**
 * The tools of `language` (see {@link loadLanguage}).
 *
 * @param key the config key an error names, e.g. `tokenizer.language`.
 * @throws ConfigError naming `key` when natural is not installed (`npm install natural`) or cannot be loaded.
 * @example languageTools('english').stem('running') // 'run'
 */
export function languageTools(language: Language, key = 'language'): LanguageTools {
  const loaded = loadLanguage(language);
  if (typeof loaded === 'string') throw new ConfigError(`${key}: ${loaded}`, key);
  return loaded;
}
