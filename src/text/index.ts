export { ENGLISH_STOP_WORDS } from './stop-words.js';
export { isHanCodePoint } from './han.js';
export {
  TokenizerConfigSchema,
  createTokenizer,
  tokenize,
  tokenizeWith,
  tokenizeWithSegmenter,
  prefetchTokenizer,
  clearTokenizerMemos,
  type Tokenizer,
  type TokenizerConfig,
  type TokenizerConfigInput,
} from './tokenizer.js';
export { TermDictionary } from './term-dictionary.js';
export {
  FieldWeightsSchema,
  TextIndexConfigSchema,
  type TextIndexConfig,
  type TextIndexConfigInput,
} from './text-index-config.js';
export {
  ProductTextIndex,
  type IndexableProduct,
  type TextIndexOptions,
  type SparseScores,
  type SparseVector,
} from './product-text-index.js';
export { TextIndexCache } from './text-index-cache.js';
