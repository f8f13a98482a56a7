import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { detach } from './detach.js';

/** Most words the stem cache holds; it is emptied when full (stems are pure, so output never depends on it). */
const MAX_ENTRIES = 50_000;
/** Longer words are stemmed without caching (rare, and they would hold memory). */
const MAX_WORD_LENGTH = 32;

const stems = new Map<string, string>();

/** Porter stem of a lower-case Latin word (natural's stemmer), memoised in a bounded Map. */
export function cachedStem(word: string): string {
  let stem = stems.get(word);
  if (stem !== undefined) return stem;
  stem = PorterStemmer.stem(word);
  if (word.length <= MAX_WORD_LENGTH) {
    if (stems.size >= MAX_ENTRIES) stems.clear();
    // Detached copies: the word may be a slice of a long text the memo must not keep alive.
    const key = detach(word);
    stems.set(key, stem === word ? key : detach(stem));
  }
  return stem;
}

/** Porter stem of a lower-case Latin word without the cache (the reference path). */
export function plainStem(word: string): string {
  return PorterStemmer.stem(word);
}

/** Empties the stem memo (benchmarks use it to time a cold start). */
export function clearStemCache(): void {
  stems.clear();
}
