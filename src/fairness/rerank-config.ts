/**
 * Config of the fairness reranker (docs/design.md 5.3), a strict zod schema with defaults.
 */
import * as z from 'zod/mini';
import { ExposureModelSchema } from './exposure-model.js';
import { parseConfig } from '../_internal/parse-config.js';

/** Who is owed exposure: proportional to merit, equal per merchant, or a floor for the small tier. */
export const FAIRNESS_POLICIES = ['merit', 'equal', 'tier-floor'] as const;
/** A fairness target policy. */
export type FairnessPolicy = (typeof FAIRNESS_POLICIES)[number];

/**
 * Defaults of the reranker's lift, evidence floor, merit prior and exploration, chosen on a mix of
 * datasets (Amazon gift cards, Book-Crossing, MovieLens 100K and latest-small with genres as
 * merchants, the fixtures marketplace, the generated marketplaces and the feedback loop):
 * benchmarks/out/fairness-defaults.md and feedback-loop.md, README "Exposure fairness".
 */
export const DEFAULT_RERANK = {
  lambda: 0.5,
  relevanceFloor: 0.3,
  floorReference: 'slate',
  exploration: { share: 0, untilExposure: 20 },
  meritPrior: 2,
  popularityDamping: 1,
  popularityDampingScope: 'outside-slate',
} as const;

/**
 * Reranker config.
 *
 * - `lambda` (default 0.5): the largest lift, on the normalised [0, 1] relevance scale; 0 turns
 *   the lift off exactly.
 * - `policy` (default `merit`): `merit` uses D = E/M, `equal` uses D = E, `tier-floor` lifts
 *   small-tier candidates while the small tier's exposure share is below `smallShare`.
 * - `reference` (default `mean`): what D is compared with. `mean` is the fair rate
 *   D* = sum E / sum M' over the ledger, M' the merits with `meritPrior` (for `equal`: sum E /
 *   number of merchants), and
 *   lift = lambda * clamp((D* - D) / D*, 0, 1). `max` is docs/design.md's FairCo form
 *   lift = lambda * (max D - D) / max D over the request's merchants; with many merchants it lifts
 *   everyone but the most over-exposed one, including merchants already above their merit share,
 *   so the lead chose `mean` as the default.
 * - `smallShare` (default 0.2): the small tier's exposure floor for `tier-floor`. The share is
 *   taken over the whole ledger when the reranker gets a full snapshot (the engine passes one
 *   for this policy), over the request's merchants when it gets a partial one.
 * - `relevanceFloor` (default 0.3) and `floorReference` (default `slate`): only candidates whose
 *   relevance is at least the floor are lifted or forced in. With `slate` the floor is
 *   `relevanceFloor` x the plain slate's n-th blended score (the relevance a shown item has
 *   without fairness), a scale with a meaning whatever the candidate count; with `absolute` it is
 *   `relevanceFloor` itself on the normalised [0, 1] blend (the first version's floor, which on a
 *   percentile scale admitted the top 70% of the candidates at 0.3). Whatever the floor, a
 *   candidate is lifted only when its relevance is evidenced: a signal other than the baseline
 *   (popularity) has an opinion on it.
 * - `exploration` (default share 0 = off): the last `round(share x n)` slots of a slate go to products
 *   of merchants whose merit is still uncertain (ledger exposure below `untilExposure`, default 20
 *   decayed slot-exposure units, about 70 showings in the tenth slot; merchants the ledger has not
 *   seen included), the best evidenced one of each such merchant by relevance, when there are any:
 *   a new small merchant earns data instead of being buried or pushed blindly. Bounded by the
 *   share; 0 turns it off. Off by default: on the dataset mix each share tried cost offline
 *   accuracy, while in the feedback loop the ledger's merit error fell faster with it
 *   (benchmarks/out/feedback-loop.md shows both); turn it on where new merchants arrive often. The
 *   first threshold, 5 units (under one expected click), let merchants out of exploration before
 *   the ledger had learnt anything, and the merit error fell no faster than without.
 * - `meritPrior` (default 2; policy `merit`): every merchant's merit counts as
 *   M + meritPrior * (sum M / ledger merchants), and the fair rate uses those merits. The ledger's
 *   merit is the model's relevance, and the collaborative signals learn it from past exposure, so
 *   it under-states merchants with little history; the prior shrinks each merit toward the mean
 *   (additive smoothing) and gives a merchant the ledger has not seen yet the full lift instead of
 *   none. 0 is docs/design.md's pure merit; a large prior approaches policy `equal`. 2 and 0.5
 *   meet the fairness goal on the same datasets of the mix (at different lambdas); with 2 the
 *   feedback loop keeps the small tier above its catalogue share, where pure merit leaves it far
 *   below (benchmarks/out/fairness-defaults.md, feedback-loop.md).
 * - `depth` (default null = no limit; candidates): only the top `depth` candidates of the plain
 *   ranking (by relevance, ties by candidate position) may be lifted or forced in by FA*IR.
 *   Relevance is rank-normalised (percentile ranks: neighbours differ by 1/(C - 1), so a fixed
 *   lift reaches about lambda * C places down), and the cost of a lambda grows with the candidate
 *   count C. Serving
 *   caps C (candidates.max, 1000), and there a depth of 100 cut the merchant-Gini gain on the
 *   generated benchmark marketplace by two thirds (its small merchants' relevant products sit
 *   below rank 100), so the default is no limit; set a depth (with `liftScale: 'reach'`) when
 *   ranking a whole catalogue, e.g. in offline evaluation.
 * - `liftScale` (default `score`): the unit of the lift. `score`: the normalised relevance scale,
 *   as above. `reach`: the score span of the reach (the plain best score minus the depth-th one;
 *   minus the worst when every candidate is in reach), so that lambda = 1 can move a candidate
 *   across the whole reach: on a percentile blend, up to lambda * (depth - 1) places, whatever C.
 * - `popularityDamping` (default 1; 0 = off) and `popularityDampingScope` (default
 *   `outside-slate`): the lift does not pull popular products into a slate they were not in. The
 *   lift of each candidate outside the plain slate (scope `all`: of every candidate) is
 *   multiplied by `(1 - q)^popularityDamping`, q its popularity percentile among the request's
 *   candidates (0 the least popular, 1 the most; 0 for a product popularity has no opinion on);
 *   candidates already in the plain slate keep the full lift, so a small merchant's products
 *   still move up in it. The percentiles come from the recommender's baseline signal (popularity,
 *   whatever its blend weight); without one nothing is damped. On by default since model file
 *   version 8: on the dataset mix the default meets the fairness goal on five datasets of six,
 *   both real merchant datasets (Book-Crossing, Amazon gift cards) among them, against four
 *   without damping (Book-Crossing misses) and three with scope `all`
 *   (benchmarks/out/fairness-defaults.md). A popular product outside a user's slate reaches the
 *   users it suits without the lift; pulling it in displaces what this user came for. Older
 *   files load with 0 (and scope `all`, the damping's first form).
 * - `maxPerMerchant` (default null = off): at most this many items per merchant in the slate.
 * - `fair` (default null = off): FA*IR minimum of small-tier items in each prefix, with the
 *   protected proportion `p`, significance `alpha`, and `adjust` (default true) for the
 *   multiple-test adjustment.
 * - `exposure` (default log): the model that prices each output rank (reported per item).
 */
export const RerankConfigSchema = z.strictObject({
  /** The largest lift, in [0, 2] on the normalised relevance scale (under `liftScale: 'score'` a lift of 1 already outranks any blend gap). @default 0.5 */
  lambda: z._default(z.number().check(z.minimum(0), z.maximum(2)), DEFAULT_RERANK.lambda),
  policy: z._default(z.enum(FAIRNESS_POLICIES), 'merit'),
  reference: z._default(z.enum(['mean', 'max']), 'mean'),
  smallShare: z._default(z.number().check(z.gt(0), z.maximum(1)), 0.2),
  relevanceFloor: z._default(z.number().check(z.minimum(0), z.maximum(1)), DEFAULT_RERANK.relevanceFloor),
  /** What the floor is a share of: the plain slate's n-th score, or the [0, 1] blend itself. @default 'slate' */
  floorReference: z._default(z.enum(['slate', 'absolute']), DEFAULT_RERANK.floorReference),
  exploration: z._default(z.strictObject({
    /** Share of each slate's slots (its last ones) for merchants whose merit is uncertain, in [0, 1). @default 0 */
    share: z._default(z.number().check(z.minimum(0), z.lt(1)), DEFAULT_RERANK.exploration.share),
    /** A merchant counts as uncertain while its decayed ledger exposure is below this (slot-exposure units). @default 20 */
    untilExposure: z._default(z.number().check(z.minimum(0), z.maximum(1e12)), DEFAULT_RERANK.exploration.untilExposure),
  }), { ...DEFAULT_RERANK.exploration }),
  /** Policy merit: pseudo-merit added to every merchant, in units of the ledger's mean merit per merchant. @default 2 */
  meritPrior: z._default(z.number().check(z.minimum(0)), DEFAULT_RERANK.meritPrior),
  /** Candidates of the plain ranking that may be lifted or forced in; null = all. @default null */
  depth: z._default(z.nullable(z.number().check(z.int(), z.positive())), null),
  /** Unit of the lift: the normalised score scale, or the reach's score span. @default 'score' */
  liftScale: z._default(z.enum(['score', 'reach']), 'score'),
  /** Exponent of `(1 - popularity percentile)` that scales each candidate's lift, in [0, 16]; 0 = off. @default 1 */
  popularityDamping: z._default(z.number().check(z.minimum(0), z.maximum(16)), DEFAULT_RERANK.popularityDamping),
  /** Which candidates the damping applies to: those outside the plain slate, or all. @default 'outside-slate' */
  popularityDampingScope: z._default(z.enum(['outside-slate', 'all']), DEFAULT_RERANK.popularityDampingScope),
  maxPerMerchant: z._default(z.nullable(z.number().check(z.int(), z.positive())), null),
  fair: z._default(z.nullable(z.strictObject({
    p: z.number().check(z.gt(0), z.lt(1)),
    alpha: z.number().check(z.gt(0), z.lt(1)),
    adjust: z._default(z.boolean(), true),
  })), null),
  exposure: z._default(ExposureModelSchema, { kind: 'log' }),
});

/** Reranker config as a caller writes it. */
export type RerankConfigInput = z.input<typeof RerankConfigSchema>;
/** Parsed reranker config (what the fairness reranker takes). */
export type RerankConfig = z.output<typeof RerankConfigSchema>;

/**
 * True when the reranker reads the candidates' popularity percentiles: there is a lift to damp
 * (`lambda` > 0 and `popularityDamping` > 0). The engine then takes them from its baseline signal
 * (popularity, whatever its blend weight; without one nothing is damped).
 */
export function rerankReadsPopularity(config: RerankConfig): boolean {
  return config.lambda > 0 && config.popularityDamping > 0;
}

/**
 * Parses a reranker config, filling defaults.
 *
 * @throws ConfigError naming the first offending key.
 * @example createRerankConfig({ lambda: 0.2 }).policy // 'merit'
 */
export function createRerankConfig(input: RerankConfigInput = {}): RerankConfig {
  return parseConfig('rerank', RerankConfigSchema, input);
}
