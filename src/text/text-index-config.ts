import { z } from 'zod';
import { TokenizerConfigSchema } from './tokenizer.js';

/** Per-field weights of the product text index: a term's weighted frequency is the sum over fields of weight x count. */
export const FieldWeightsSchema = z
  .object({
    /** Weight of a term occurrence in the title. @default 2 */
    title: z.number().nonnegative().finite().default(2),
    /** Weight of a term occurrence in the tags. @default 1.5 */
    tags: z.number().nonnegative().finite().default(1.5),
    /** Weight of a term occurrence in the category. @default 1 */
    category: z.number().nonnegative().finite().default(1),
    /** Weight of a term occurrence in the description. @default 0.5 */
    description: z.number().nonnegative().finite().default(0.5),
  })
  .strict();

/** Config of the product text index (tokeniser, field weights, BM25 parameters). */
export const TextIndexConfigSchema = z
  .object({
    /** Tokeniser options. @default {} (stop words, stemming and Han bigrams on) */
    tokenizer: TokenizerConfigSchema.prefault({}),
    /** Per-field weights. @default { title: 2, tags: 1.5, category: 1, description: 0.5 } */
    fields: FieldWeightsSchema.prefault({}),
    /** BM25 term-frequency saturation k1 (unitless). @default 1.2 */
    k1: z.number().nonnegative().finite().default(1.2),
    /** BM25 length normalisation b, in [0, 1]. @default 0.75 */
    b: z.number().min(0).max(1).default(0.75),
  })
  .strict();

/** Text index config as a caller writes it. */
export type TextIndexConfigInput = z.input<typeof TextIndexConfigSchema>;
/** Text index config with defaults applied. */
export type TextIndexConfig = z.output<typeof TextIndexConfigSchema>;
