import { detach } from './detach.js';
import type { TermDictionary } from './term-dictionary.js';
import { prefetchTokenizer, type TokenizerConfig } from './tokenizer.js';

/** Most field texts whose term ids are memoised (the memo is emptied when full). */
const MAX_ENTRIES = 4096;
/** Longer field texts are tokenised every time (they rarely repeat, and would hold memory). */
const MAX_CHARS = 512;

/**
 * Turns product field texts into term ids in token order, adding new terms to the dictionary.
 * With `memo` on, the ids of short texts are memoised (catalogues repeat categories, tags and
 * templates; ids are stable since the dictionary only grows): at most 4096 texts of up to 512
 * UTF-16 units, the memo emptied when full.
 */
export class FieldTermIds {
  readonly #terms: TermDictionary;
  readonly #config: TokenizerConfig;
  readonly #tokenize: (cfg: TokenizerConfig, text: string) => string[];
  readonly #memo: boolean;
  // Field text -> term ids in token order.
  readonly #cache = new Map<string, Int32Array>();

  /** Reads texts with `tokenize` under `config` into ids of `terms`; `memo` turns the memo (and {@link prefetch}) on. */
  constructor(terms: TermDictionary, config: TokenizerConfig, tokenize: (cfg: TokenizerConfig, text: string) => string[], memo: boolean) {
    this.#terms = terms;
    this.#config = config;
    this.#tokenize = tokenize;
    this.#memo = memo;
  }

  /** Term ids of a field text in token order (terms new to the dictionary are added). */
  of(text: string): Int32Array {
    const cached = this.#cache.get(text);
    if (cached !== undefined) return cached;
    const tokens = this.#tokenize(this.#config, text);
    const ids = new Int32Array(tokens.length);
    for (let k = 0; k < tokens.length; k++) {
      const id = this.#terms.idOf(tokens[k]!);
      // A new term may be a slice of the field's normalised text: stored detached, so the
      // dictionary does not keep that text alive.
      ids[k] = id >= 0 ? id : this.#terms.add(detach(tokens[k]!));
    }
    if (this.#memo && text.length <= MAX_CHARS) {
      if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
      this.#cache.set(text, ids);
    }
    return ids;
  }

  /** Segments the non-ASCII pieces of the texts not memoised yet ahead, in few ICU calls (nothing without the memo). */
  prefetch(texts: readonly string[]): void {
    if (!this.#memo) return;
    prefetchTokenizer(texts.filter((text) => !this.#cache.has(text)));
  }
}
