import { z } from 'zod';
import { parseConfig } from '../_internal/parse-config.js';
import { EventWeightingSchema } from '../dataset/event-weighting.js';
import { LedgerOptionsSchema } from '../fairness/exposure-ledger.js';
import { RerankConfigSchema } from '../fairness/rerank-config.js';
import { TierThresholdsSchema } from '../fairness/tiers.js';
import { NORMALISATIONS } from './normalise.js';
import { SIGNAL_FACTORIES } from './signal-registry.js';

/**
 * One signal of the blend: its `type`, its blend `weight` and the signal's own config keys
 * (validated by the signal's strict schema when the recommender is created).
 */
export const SignalSpecSchema = z
  .object({
    type: z.string().min(1),
    /** Blend weight (non-negative); 0 keeps the signal for candidates and traces only. @default 1 */
    weight: z.number().nonnegative().finite().default(1),
  })
  .catchall(z.unknown());

/** A signal spec as written by a caller. */
export type SignalSpecInput = z.input<typeof SignalSpecSchema>;

/**
 * The default blend: iALS 1, item-kNN 1, content 1, trending 2 and popularity 0.1. Content
 * lets products nobody has touched yet reach users whose history matches their text; trending
 * lifts the products of hot, bursting topics and has no opinion (so no weight) while nothing
 * trends. Weights chosen on the fixtures marketplace (README, "Signals").
 */
export const DEFAULT_SIGNALS: Array<z.output<typeof SignalSpecSchema>> = [
  { type: 'ials', weight: 1 },
  { type: 'item-knn', weight: 1 },
  { type: 'content', weight: 1 },
  { type: 'trending', weight: 2 },
  { type: 'popularity', weight: 0.1 },
];

/** A built-in signal type (`ials`, `popularity`, ...); an unknown one is refused with the known ones listed. */
const SignalTypeSchema = z.enum([...SIGNAL_FACTORIES.keys()] as [string, ...string[]], {
  error: (issue) => `unknown signal type ${JSON.stringify(issue.input)} (known: ${[...SIGNAL_FACTORIES.keys()].join(', ')})`,
});

/** Signal types whose scores are not merit by default: popularity (exposure's echo). */
export const DEFAULT_MERIT_EXCLUDE: readonly string[] = ['popularity'];

/** Config of a recommender (DESIGN.md 4). Every key has a default. */
export const RecommenderConfigSchema = z
  .object({
    /** Signals and their blend weights. */
    signals: z.array(SignalSpecSchema).min(1).max(30).default(() => DEFAULT_SIGNALS.map((s) => ({ ...s }))),
    /** Event type weights and decay half-life. */
    weighting: EventWeightingSchema.default({ typeWeights: {}, halfLifeDays: 14 }),
    /** Per-signal normalisation before blending. @default 'percentile' */
    normalisation: z.enum(NORMALISATIONS).default('percentile'),
    /**
     * Worker threads for fitting and evaluation where threads exist (`goods-find-people/node`):
     * a positive integer, or `'auto'` = the machine's available cores. The core entry always
     * computes on the calling thread; results are the same bits for any value. @default 'auto'
     */
    threads: z.union([z.number().int().min(1).max(1024), z.literal('auto')]).default('auto'),
    /** Slate length when a call gives none. @default 20 */
    n: z.number().int().min(1).max(10_000).default(20),
    candidates: z
      .object({
        /** Candidates taken from each signal's topN. @default 200 */
        perSignal: z.number().int().min(0).default(200),
        /** Popular products added to the candidates (at least n are always added). @default 50 */
        popular: z.number().int().min(0).default(50),
        /** Cap on the candidate set. @default 1000 */
        max: z.number().int().min(1).default(1000),
        /**
         * Candidates taken from each signal's topN among the small tier's products only, so that
         * the small merchants the signals' own lists bury (collaborative scores follow past
         * exposure) reach the blend, the ledger's merit and the fairness lift. @default 0
         */
        smallTier: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ perSignal: 200, popular: 50, max: 1000, smallTier: 0 }),
    /**
     * Which past interactions exclude a product from the user's slates: `all` (any event with a
     * positive weight), `none`, or a list of event types (e.g. `['purchase']`). @default 'all'
     */
    excludeSeen: z.union([z.enum(['all', 'none']), z.array(z.string().min(1))]).default('all'),
    /** Exclude out-of-stock products. @default true */
    excludeOutOfStock: z.boolean().default(true),
    /**
     * Blend of cold items (products with no positive training interaction): `as-scored` counts the
     * collaborative signals' scores for them (iALS, item-kNN, EASE: about 0) like any other;
     * `renormalise` (experimental) treats those signals as having no opinion on a cold item and
     * blends it over the other signals, weights renormalised for that item. @default 'as-scored'
     */
    coldItems: z.enum(['as-scored', 'renormalise']).default('as-scored'),
    /** Exposure fairness: the reranker config plus ledger options. `lambda: 0` turns it off. */
    fairness: z
      .object({
        rerank: RerankConfigSchema.default(RerankConfigSchema.parse({})),
        ledger: LedgerOptionsSchema.default(LedgerOptionsSchema.parse({})),
        tiers: TierThresholdsSchema.default(TierThresholdsSchema.parse({})),
        /** Record each served slate into the ledger by default (a call can opt out). @default true */
        record: z.boolean().default(true),
        /**
         * Signal types left out of the merit the ledger records (the blend of the other signals,
         * weights renormalised). Popularity is past exposure turned into a score: counted as
         * merit it would make the head's reach its own justification. @default ['popularity']
         */
        meritExclude: z.array(SignalTypeSchema).default(() => [...DEFAULT_MERIT_EXCLUDE]),
      })
      .strict()
      .default({
        rerank: RerankConfigSchema.parse({}),
        ledger: LedgerOptionsSchema.parse({}),
        tiers: TierThresholdsSchema.parse({}),
        record: true,
        meritExclude: [...DEFAULT_MERIT_EXCLUDE],
      }),
  })
  .strict();

/** Recommender config as written by a caller. */
export type RecommenderConfigInput = z.input<typeof RecommenderConfigSchema>;
/** Recommender config with every default filled in. */
export type RecommenderConfig = z.output<typeof RecommenderConfigSchema>;

/** Parses a recommender config; ConfigError names the JSON path of the first bad key. */
export function parseRecommenderConfig(input: RecommenderConfigInput = {}): RecommenderConfig {
  return parseConfig('recommender', RecommenderConfigSchema, input);
}
