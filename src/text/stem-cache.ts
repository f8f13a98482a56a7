import { detach } from './detach.js';
import type { LanguageTools } from './language.js';

/** Most words one stem memo holds; it is emptied when full (stems are pure, so output never depends on it). */
const MAX_ENTRIES = 50_000;
/** Longer words are stemmed without caching (rare, and they would hold memory). */
const MAX_WORD_LENGTH = 32;

/** One bounded memo per language's stemmer. */
const memos = new Map<LanguageTools['stem'], Map<string, string>>();

/**
 * The stem of a lower-case word by `tools`' stemmer, memoised in a bounded Map per stemmer.
 *
 * @example cachedStem(ENGLISH, 'running') // 'run'
 */
export function cachedStem(tools: LanguageTools, word: string): string {
  let stems = memos.get(tools.stem);
  if (stems === undefined) {
    stems = new Map();
    memos.set(tools.stem, stems);
  }
  let stem = stems.get(word);
  if (stem !== undefined) return stem;
  stem = tools.stem(word);
  if (word.length <= MAX_WORD_LENGTH) {
    if (stems.size >= MAX_ENTRIES) stems.clear();
    // Detached copies: the word may be a slice of a long text the memo must not keep alive.
    const key = detach(word);
    stems.set(key, stem === word ? key : detach(stem));
  }
  return stem;
}

/** The stem of a lower-case word by `tools`' stemmer, without the memo (the reference path). */
export function plainStem(tools: LanguageTools, word: string): string {
  return tools.stem(word);
}

/** Empties the stem memos (benchmarks use it to time a cold start). */
export function clearStemCache(): void {
  memos.clear();
}
