import * as z from 'zod/mini';
import { parseConfig } from '../_internal/parse-config.js';
import { EventWeightingSchema } from '../dataset/event-weighting.js';
import { LedgerOptionsSchema } from '../fairness/exposure-ledger.js';
import { RerankConfigSchema } from '../fairness/rerank-config.js';
import { TierThresholdsSchema } from '../fairness/tiers.js';
import { NORMALISATIONS, TIE_RULES } from './normalise.js';
import { BUILT_IN_SIGNAL_TYPES, signalTypes } from './signal-registry.js';

/** JSON Schema notes of a signal's `type` key. */
const SIGNAL_TYPE_META = { description: 'Signal type: a built-in one or one added with registerSignal.', examples: [...BUILT_IN_SIGNAL_TYPES] };

/**
 * One signal of the blend: its `type`, its blend `weight` and the signal's own config keys
 * (validated by the signal's strict schema when the recommender is created).
 */
export const SignalSpecSchema = z.catchall(z.object({
  type: z.string().check(z.minLength(1)).register(z.globalRegistry, SIGNAL_TYPE_META),
  /**
   * Instance name in traces, explanations and model files; unique in a blend. @default the type
   * (the second signal of a type is `<type>-2`, and so on)
   */
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Blend weight (non-negative); 0 keeps the signal for candidates and traces only. @default 1 */
  weight: z._default(z.number().check(z.nonnegative()), 1),
}), z.unknown());

/** A signal spec as written by a caller. */
export type SignalSpecInput = z.input<typeof SignalSpecSchema>;

/**
 * The default blend: iALS 1, item-kNN 1, content 1, popularity 1, and trending at weight 0 (it
 * proposes the products of hot topics as candidates and feeds the trend boost, which lifts them;
 * blending it too counted trends twice). Chosen on a mix of datasets (the fixtures at four cuts,
 * the generated marketplace at two seeds, the test builders' catalogues, MovieLens latest-small
 * and 100K, Amazon gift cards, Book-Crossing: 22 in all) with the evidence prior, the tie rule and
 * the normalisation below: `npm run bench -- blend-defaults` ranks it
 * against each signal alone and one change at a time (benchmarks/out/blend-defaults.md).
 */
export const DEFAULT_SIGNALS: Array<z.output<typeof SignalSpecSchema>> = [
  { type: 'ials', weight: 1 },
  { type: 'item-knn', weight: 1 },
  { type: 'content', weight: 1 },
  { type: 'trending', weight: 0 },
  { type: 'popularity', weight: 1 },
];

/** Default evidence prior of the blend: strength 2 (shares of the evidenced weight), value 0. */
export const DEFAULT_BLEND = { ties: 'below', prior: { weight: 2, value: 0 } } as const;
/** Default trend boost: at most 1.5 blend units, half of it at trend strength 1. */
export const DEFAULT_BOOST = { weight: 1.5, halfSaturation: 1 } as const;

/** A signal type known when the config is parsed (built-in or registered); an unknown one is refused with the known ones listed. */
const SignalTypeSchema = z
  .string()
  .check(
    z.superRefine((type, ctx) => {
      const known = signalTypes();
      if (!known.includes(type)) ctx.addIssue({ code: 'custom', message: `unknown signal type ${JSON.stringify(type)} (known: ${known.join(', ')})` });
    }),
  )
  .register(z.globalRegistry, SIGNAL_TYPE_META);

/** Signal types whose scores are not merit by default: popularity (exposure's echo). */
export const DEFAULT_MERIT_EXCLUDE: readonly string[] = ['popularity'];

/** Config of a recommender (docs/design.md 4). Every key has a default. */
export const RecommenderConfigSchema = z.strictObject({
  /** Signals and their blend weights. */
  signals: z
    ._default(
      z.array(SignalSpecSchema).check(z.minLength(1), z.maxLength(30)),
      () => DEFAULT_SIGNALS.map((s) => ({ ...s })),
    )
    .check(
      z.superRefine((specs, ctx) => {
        const seen = new Set<string>();
        specs.forEach((spec, i) => {
          if (spec.name === undefined) return;
          if (seen.has(spec.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `signal name ${JSON.stringify(spec.name)} is used twice` });
          seen.add(spec.name);
        });
      }),
    ),
  /** Event type weights, decay half-life and outlier users. */
  weighting: z._default(EventWeightingSchema, { typeWeights: {}, halfLifeDays: 'auto', outlierUsers: 'keep' }),
  /**
   * Per-signal normalisation before blending. `percentile-log` (the mean of the percentile and
   * `1 - ln(rank) / ln(N)`) was chosen on 22 datasets (benchmarks/out/blend-defaults.md): the
   * percentile alone flattens the top of long lists. @default 'percentile-log'
   */
  normalisation: z._default(z.enum(NORMALISATIONS), 'percentile-log'),
  /**
   * Worker threads for fitting and evaluation where threads exist (`goods-find-people/node`):
   * a positive integer, or `'auto'` = the machine's available cores. The core entry always
   * computes on the calling thread; results are the same bits for any value. @default 'auto'
   */
  threads: z._default(z.union([z.number().check(z.int(), z.minimum(1), z.maximum(1024)), z.literal('auto')]), 'auto'),
  /** Slate length when a call gives none. @default 20 */
  n: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 20),
  candidates: z._default(z.strictObject({
    /** Candidates taken from each signal's topN. @default 200 */
    perSignal: z._default(z.number().check(z.int(), z.minimum(0)), 200),
    /** Popular products added to the candidates (at least n are always added). @default 50 */
    popular: z._default(z.number().check(z.int(), z.minimum(0)), 50),
    /** Cap on the candidate set. @default 1000 */
    max: z._default(z.number().check(z.int(), z.minimum(1)), 1000),
    /**
     * Candidates taken from each signal's topN among the small tier's products only, so that
     * the small merchants the signals' own lists bury (collaborative scores follow past
     * exposure) reach the blend, the ledger's merit and the fairness lift. @default 0
     */
    smallTier: z._default(z.number().check(z.int(), z.minimum(0)), 0),
  }), { perSignal: 200, popular: 50, max: 1000, smallTier: 0 }),
  /**
   * Which past interactions exclude a product from the user's slates: `all` (any event with a
   * positive weight), `none`, or a list of event types (e.g. `['purchase']`). @default 'all'
   */
  excludeSeen: z._default(z.union([z.enum(['all', 'none']), z.array(z.string().check(z.minLength(1)))]), 'all'),
  /** Exclude out-of-stock products. @default true */
  excludeOutOfStock: z._default(z.boolean(), true),
  /**
   * How signals combine (docs/design.md, "Blend"): a signal without an opinion on a candidate
   * is absent from its blend, and a candidate few signals have an opinion on is shrunk toward
   * a prior (see `prior`).
   */
  blend: z._default(z.strictObject({
    /** Tie rule of the rank-based normalisations: mean rank, or the share strictly below. @default 'below' */
    ties: z._default(z.enum(TIE_RULES), DEFAULT_BLEND.ties),
    prior: z._default(z.strictObject({
      /** Strength of the evidence prior, as a share of the weight of the signals with an opinion. @default 2 */
      weight: z._default(z.number().check(z.minimum(0), z.maximum(100)), DEFAULT_BLEND.prior.weight),
      /** Relevance (on the blend's [0, 1] scale) a candidate with little evidence is shrunk toward. @default 0 */
      value: z._default(z.number().check(z.minimum(0), z.maximum(1)), DEFAULT_BLEND.prior.value),
    }), { ...DEFAULT_BLEND.prior }),
  }), { ties: DEFAULT_BLEND.ties, prior: { ...DEFAULT_BLEND.prior } }),
  /**
   * Stage 4: the trend boost added after the blend (docs/design.md, "Boost"): a product that a
   * hot topic matches gets `weight * T / (T + halfSaturation) * personal` (T its trend strength,
   * personal the user's affinity factor), in blend units. Needs a signal that boosts (trending).
   */
  boost: z._default(z.strictObject({
    /** Largest boost in blend units (the blend is on [0, 1]); 0 turns the stage off. @default 1.5 */
    weight: z._default(z.number().check(z.minimum(0), z.maximum(100)), DEFAULT_BOOST.weight),
    /** Trend strength (hot topics x match) at which the boost reaches half its weight. @default 1 */
    halfSaturation: z._default(z.number().check(z.gt(0), z.maximum(1e6)), DEFAULT_BOOST.halfSaturation),
  }), { ...DEFAULT_BOOST }),
  /** Exposure fairness: the reranker config plus ledger options. `lambda: 0` turns it off. */
  fairness: z._default(z.strictObject({
    rerank: z._default(RerankConfigSchema, RerankConfigSchema.parse({})),
    ledger: z._default(LedgerOptionsSchema, LedgerOptionsSchema.parse({})),
    tiers: z._default(TierThresholdsSchema, TierThresholdsSchema.parse({})),
    /** Record each served slate into the ledger by default (a call can opt out). @default true */
    record: z._default(z.boolean(), true),
    /**
     * Signal types left out of the merit the ledger records (the blend of the other signals,
     * weights renormalised). Popularity is past exposure turned into a score: counted as
     * merit it would make the head's reach its own justification. @default ['popularity']
     */
    meritExclude: z._default(z.array(SignalTypeSchema), () => [...DEFAULT_MERIT_EXCLUDE]),
  }), {
    rerank: RerankConfigSchema.parse({}),
    ledger: LedgerOptionsSchema.parse({}),
    tiers: TierThresholdsSchema.parse({}),
    record: true,
    meritExclude: [...DEFAULT_MERIT_EXCLUDE],
  }),
});

/** Recommender config as written by a caller. */
export type RecommenderConfigInput = z.input<typeof RecommenderConfigSchema>;
/** Recommender config with every default filled in. */
export type RecommenderConfig = z.output<typeof RecommenderConfigSchema>;

/** Parses a recommender config; ConfigError names the JSON path of the first bad key. */
export function parseRecommenderConfig(input: RecommenderConfigInput = {}): RecommenderConfig {
  return parseConfig('recommender', RecommenderConfigSchema, input);
}
