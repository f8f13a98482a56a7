import * as z from 'zod/mini';
import { TokenizerConfigSchema } from './tokenizer.js';

/** Per-field weights of the product text index: a term's weighted frequency is the sum over fields of weight x count. */
export const FieldWeightsSchema = z.strictObject({
  /** Weight of a term occurrence in the title. @default 2 */
  title: z._default(z.number().check(z.nonnegative()), 2),
  /** Weight of a term occurrence in the tags. @default 1.5 */
  tags: z._default(z.number().check(z.nonnegative()), 1.5),
  /** Weight of a term occurrence in the category. @default 1 */
  category: z._default(z.number().check(z.nonnegative()), 1),
  /** Weight of a term occurrence in the description. @default 0.5 */
  description: z._default(z.number().check(z.nonnegative()), 0.5),
});

/** Config of the product text index (tokeniser, field weights, BM25 parameters). */
export const TextIndexConfigSchema = z.strictObject({
  /** Tokeniser options. @default {} (stop words, stemming and Han bigrams on) */
  tokenizer: z.prefault(TokenizerConfigSchema, {}),
  /** Per-field weights. @default { title: 2, tags: 1.5, category: 1, description: 0.5 } */
  fields: z.prefault(FieldWeightsSchema, {}),
  /**
   * Most occurrences of a term counted per field: a title that repeats a word thirty times
   * counts it this many times (keyword stuffing buys nothing); null counts every occurrence.
   * @default 1 (the content signal's default is null)
   */
  maxRepeats: z._default(z.nullable(z.number().check(z.int(), z.minimum(1))), 1),
  /** BM25 term-frequency saturation k1 (unitless). @default 1.2 */
  k1: z._default(z.number().check(z.nonnegative()), 1.2),
  /** BM25 length normalisation b, in [0, 1]. @default 0.75 */
  b: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.75),
});

/** Text index config as a caller writes it. */
export type TextIndexConfigInput = z.input<typeof TextIndexConfigSchema>;
/** Text index config with defaults applied. */
export type TextIndexConfig = z.output<typeof TextIndexConfigSchema>;
