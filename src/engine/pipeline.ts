/**
 * The serving pipeline (docs/design.md, "Engine"): named stages run in a fixed order for one
 * request. Each stage lives in src/engine/stages; the recommender builds the stages once and
 * runs them per request with a {@link RequestContext} that owns the request's buffers.
 */
import type { ExposureLedger } from '../fairness/exposure-ledger.js';
import type { RerankResult } from '../fairness/rerank.js';
import type { ProductSubset, Signal } from '../signals/signal.js';
import type { RecommenderConfig } from './config.js';
import { weightedBlender } from './stages/blend.js';
import { trendBooster } from './stages/boost.js';
import { fairnessReranker } from './stages/rerank.js';
import { popularSource, signalSource, smallTierSource } from './stages/sources.js';
import type { RequestContext } from './request.js';
import type { SignalSlot } from './signal-slots.js';
import type { Slate } from './slate.js';
import type { BlendResult, Blender } from './stages/blend.js';
import type { BoostResult, Booster } from './stages/boost.js';
import { gatherCandidates, type GatheredCandidates } from './stages/gather.js';
import { meritOf, recordSlate } from './stages/record.js';
import type { Reranker } from './stages/rerank.js';
import { requestSlots, scoreCandidates, type RequestSlots } from './stages/score.js';
import type { CandidateSource, CatalogueSource } from './stages/sources.js';
import { buildSlate } from './stages/trace.js';
import { normaliseScores } from './normalise.js';

/** The popularity of a request whose reranker does not read it. */
const NO_POPULARITY = new Float32Array(0);

/** Pieces a caller may put into a recommender's serving pipeline (second argument of `createRecommender`). */
export interface RecommenderParts {
  /** Candidate sources added after the built-in ones (each signal's top-n, small tier, popular). */
  readonly sources?: readonly CandidateSource[];
  /** Replaces the blend stage. @default the evidence-weighted mean of the normalised scores */
  readonly blender?: Blender;
  /** Replaces the boost stage. @default the trend boost */
  readonly booster?: Booster;
  /** Replaces the rerank stage; a function gets the recommender's ledger. @default the fairness reranker */
  readonly reranker?: Reranker | ((ledger: ExposureLedger) => Reranker);
  /** The exposure ledger (e.g. one shared by several replicas). @default a new in-memory ledger */
  readonly ledger?: ExposureLedger;
}

/** What the built-in stages read of their recommender (getters for what each fit replaces). */
export interface StageOwner {
  readonly slots: readonly SignalSlot[];
  readonly baseline: Signal;
  readonly ledger: ExposureLedger;
  /** 1 per product without training interactions. */
  cold(): Uint8Array;
  /** The small tier's products. */
  smallTier(): ProductSubset;
}

/**
 * The stages of a recommender from its config: a top-n source per signal, the small tier
 * (`candidates.smallTier > 0`), the popular fill and the caller's sources; the evidence-weighted
 * blender; the trend booster; the fairness reranker, each replaced by `parts` when given.
 */
export function createStages(config: RecommenderConfig, parts: RecommenderParts, owner: StageOwner): ServingStages {
  const c = config.candidates;
  const signals = (): Signal[] => owner.slots.map((s) => s.signal);
  const popular = popularSource(owner.baseline, c.popular, config.fairness.rerank.maxPerMerchant);
  const sources: CandidateSource[] = owner.slots.map((s) => signalSource(s, c.perSignal, owner.cold));
  if (c.smallTier > 0) sources.push(smallTierSource(signals, owner.smallTier, c.smallTier));
  sources.push(popular, ...(parts.sources ?? []));
  const reranker = parts.reranker ?? fairnessReranker(config.fairness.rerank, owner.ledger);
  const { ties, prior } = config.blend;
  return {
    sources,
    catalogue: popular,
    blender: parts.blender ?? weightedBlender({ normalisation: config.normalisation, ties, priorWeight: prior.weight, priorValue: prior.value }),
    booster: parts.booster ?? trendBooster(signals, config.boost),
    reranker: typeof reranker === 'function' ? reranker(owner.ledger) : reranker,
  };
}

/** The replaceable stages of a recommender. */
export interface ServingStages {
  /** Candidate sources in union order; bit s of a candidate's source mask = `sources[s]`. */
  readonly sources: readonly CandidateSource[];
  /** The source that can propose the whole catalogue (the popular fill; one of `sources`). */
  readonly catalogue: CatalogueSource;
  readonly blender: Blender;
  readonly booster: Booster;
  readonly reranker: Reranker;
}

/** What one run of the pipeline needs besides the request context. */
export interface PipelineEnv {
  readonly stages: ServingStages;
  readonly slots: readonly SignalSlot[];
  /** The baseline signal that carries cold-start slates when the blend has none with a weight. */
  readonly baseline: Signal;
  /** Cap on candidates (config.candidates.max). */
  readonly cap: number;
  /** 1 per product with no training interaction. */
  readonly cold: Uint8Array;
  readonly merchantIds: readonly string[];
  readonly tierOf: Uint8Array;
  readonly ledger: ExposureLedger;
  /** Record the slate into the ledger. */
  readonly record: boolean;
  /** Signal types left out of the recorded merit. */
  readonly meritExclude: ReadonlySet<string>;
  /** The slate length the caller asked for (the context's `n` is capped at the catalogue size). */
  readonly requestedN: number;
}

/** What the ledger-independent stages of one request produce (arrays aligned with the candidates). */
interface Scored {
  readonly candidates: GatheredCandidates;
  readonly slots: RequestSlots;
  readonly raw: Float32Array[];
  readonly blend: BlendResult;
  readonly boost: BoostResult | undefined;
  /** Relevance the reranker ranks by: the blend plus the boost. */
  readonly scores: Float32Array;
  /** 1 per candidate a signal with a weight, other than the baseline, has an opinion on. */
  readonly evidenced: Uint8Array;
  /** The baseline's popularity percentiles, when the reranker wants them (else empty). */
  readonly popularity: Float32Array;
  readonly merchantOf: Int32Array;
}

/** Candidates -> score -> blend -> boost, and what the reranker reads of them: none of it reads the ledger. */
function scoreStages(ctx: RequestContext, env: PipelineEnv): Scored {
  const { stages } = env;
  const candidates = gatherCandidates(ctx, stages.sources, stages.catalogue, env.cap);
  const ids = candidates.set.ids;
  const slots = requestSlots(env.slots, ctx, env.baseline);
  const raw = scoreCandidates(ctx, slots, ids, env.cold);
  const blend = stages.blender.blend({ names: slots.names, weights: slots.weights, raw, ids }, ctx.scratch.blend);
  const boost = stages.booster.boost(ctx, ids, blend);
  let scores = blend.blended;
  if (boost !== undefined) {
    scores = Float32Array.from(scores);
    // A booster's amount counts only when finite and positive: nothing else reaches a score.
    for (let c = 0; c < scores.length; c++) {
      const b = boost.amount[c]!;
      if (b > 0 && b < Infinity) scores[c] = scores[c]! + b;
    }
  }
  // Evidence: a signal with a weight, other than the baseline, has an opinion on the candidate.
  const evidenced = new Uint8Array(ids.length);
  raw.forEach((r, s) => {
    if (!(slots.weights[s]! > 0) || slots.signals[s]!.capabilities.baseline) return;
    for (let c = 0; c < ids.length; c++) if (Number.isFinite(r[c]!)) evidenced[c] = 1;
  });
  const baseline = env.stages.reranker.wantsPopularity === true ? slots.signals.findIndex((s) => s.capabilities.baseline) : -1;
  // The baseline's mid-rank percentiles (0 the least popular; no opinion reads as 0).
  const popularity = baseline < 0 ? NO_POPULARITY : new Float32Array(ids.length);
  if (baseline >= 0) normaliseScores(raw[baseline]!, 'percentile', popularity, ctx.scratch.blend.order(ids.length), ctx.scratch.blend, 'mean-rank');
  const merchantOf = new Int32Array(ids.length);
  for (let c = 0; c < ids.length; c++) merchantOf[c] = ctx.dataset.productMerchant[ids[c]!]!;
  return { candidates, slots, raw, blend, boost, scores, evidenced, popularity, merchantOf };
}

/** What the rerank stage and the ledger need of one scored request, for {@link rerankAndRecord}. */
interface RerankInputs {
  readonly scores: Float32Array;
  readonly merchantOf: Int32Array;
  readonly evidenced: Uint8Array;
  /** Popularity percentiles per candidate, or empty (the reranker does not read them). */
  readonly popularity: Float32Array;
  /** Slate length (capped at the catalogue size). */
  readonly n: number;
  /** Request time, epoch ms. */
  readonly now: number;
}

/** The rerank stage (rank, fairness lift, slate guards, cut to n), then the ledger record when `env.record`. */
function rerankAndRecord(r: RerankInputs, env: PipelineEnv, merchantFlags: Uint8Array, merit: () => Float32Array): RerankResult {
  const reranked = env.stages.reranker.rerank({
    scores: r.scores,
    merchantOf: r.merchantOf,
    merchantIds: env.merchantIds,
    tierOf: env.tierOf,
    n: r.n,
    now: r.now,
    merchantFlags,
    evidenced: r.evidenced,
    popularity: r.popularity.length === 0 ? undefined : r.popularity,
  });
  if (env.record) recordSlate(env.ledger, reranked, r.merchantOf, env.merchantIds, merit(), r.now);
  return reranked;
}

/**
 * Runs the stages for one request: candidates -> score -> blend -> boost -> rerank (rank, the
 * fairness lift and the slate guards, cut to n) -> record into the ledger -> slate with trace.
 */
export function runPipeline(ctx: RequestContext, env: PipelineEnv): Slate {
  const s = scoreStages(ctx, env);
  const { candidates, slots, raw, blend, boost, scores, merchantOf } = s;
  const inputs = { scores, merchantOf, evidenced: s.evidenced, popularity: s.popularity, n: ctx.n, now: ctx.user.now };
  const reranked = rerankAndRecord(inputs, env, ctx.scratch.merchantFlags, () => meritOf(blend, slots, env.meritExclude));
  const slate = buildSlate({
    ctx,
    candidates,
    slots,
    raw,
    blender: env.stages.blender,
    blend,
    boost,
    scores,
    reranker: env.stages.reranker,
    reranked,
    merchantOf,
    merchantIds: env.merchantIds,
    recorded: env.record,
  });
  return env.requestedN === ctx.n ? slate : { ...slate, trace: { ...slate.trace, n: env.requestedN } };
}

/**
 * One request scored up to the rerank stage, as plain typed arrays that can cross threads: the
 * part of a request that does not read the exposure ledger (see {@link prepareRequest}).
 */
export interface PreparedRequest extends RerankInputs {
  /** Candidate product indices. */
  readonly ids: Int32Array;
  /** The merit the ledger records per candidate (empty when the request does not record). */
  readonly merit: Float32Array;
}

/**
 * The ledger-independent stages of {@link runPipeline} for one request (candidates -> score ->
 * blend -> boost), copied out of the request's scratch: {@link finishRequest} with the same
 * environment gives the order `runPipeline` serves, bit for bit, wherever this ran.
 */
export function prepareRequest(ctx: RequestContext, env: PipelineEnv): PreparedRequest {
  const s = scoreStages(ctx, env);
  const merit = env.record ? Float32Array.from(meritOf(s.blend, s.slots, env.meritExclude)) : new Float32Array(0);
  const scores = s.scores === s.blend.blended ? Float32Array.from(s.scores) : s.scores;
  return { ids: Int32Array.from(s.candidates.set.ids), scores, evidenced: s.evidenced, popularity: s.popularity, merchantOf: s.merchantOf, merit, n: ctx.n, now: ctx.user.now };
}

/**
 * The rest of {@link runPipeline} for a prepared request: the rerank against `env`'s ledger and
 * the record into it (when `env.record`); returns the served product indices, best first.
 * `merchantFlags`: one 0 per merchant index (scratch, left 0).
 */
export function finishRequest(prepared: PreparedRequest, env: PipelineEnv, merchantFlags: Uint8Array): Int32Array {
  const reranked = rerankAndRecord(prepared, env, merchantFlags, () => prepared.merit);
  return Int32Array.from(reranked.order, (c) => prepared.ids[c]!);
}
