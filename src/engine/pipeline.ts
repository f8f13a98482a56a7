/**
 * The serving pipeline (docs/design.md, "Engine"): named stages run in a fixed order for one
 * request. Each stage lives in src/engine/stages; the recommender builds the stages once and
 * runs them per request with a {@link RequestContext} that owns the request's buffers.
 */
import type { ExposureLedger } from '../fairness/exposure-ledger.js';
import type { ProductSubset, Signal } from '../signals/signal.js';
import type { RecommenderConfig } from './config.js';
import { weightedBlender } from './stages/blend.js';
import { trendBooster } from './stages/boost.js';
import { fairnessReranker } from './stages/rerank.js';
import { popularSource, signalSource, smallTierSource } from './stages/sources.js';
import type { RequestContext } from './request.js';
import type { SignalSlot } from './signal-slots.js';
import type { Slate } from './slate.js';
import type { Blender } from './stages/blend.js';
import type { Booster } from './stages/boost.js';
import { gatherCandidates } from './stages/gather.js';
import { meritOf, recordSlate } from './stages/record.js';
import type { Reranker } from './stages/rerank.js';
import { requestSlots, scoreCandidates } from './stages/score.js';
import type { CandidateSource, CatalogueSource } from './stages/sources.js';
import { buildSlate } from './stages/trace.js';

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

/**
 * Runs the stages for one request: candidates -> score -> blend -> boost -> rerank (rank, the
 * fairness lift and the slate guards, cut to n) -> record into the ledger -> slate with trace.
 */
export function runPipeline(ctx: RequestContext, env: PipelineEnv): Slate {
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
  const merchantOf = new Int32Array(ids.length);
  for (let c = 0; c < ids.length; c++) merchantOf[c] = ctx.dataset.productMerchant[ids[c]!]!;
  const reranked = stages.reranker.rerank({
    scores,
    merchantOf,
    merchantIds: env.merchantIds,
    tierOf: env.tierOf,
    n: ctx.n,
    now: ctx.user.now,
    merchantFlags: ctx.scratch.merchantFlags,
    evidenced,
  });
  if (env.record) recordSlate(env.ledger, reranked, merchantOf, env.merchantIds, meritOf(blend, slots, env.meritExclude), ctx.user.now);
  const slate = buildSlate({
    ctx,
    candidates,
    slots,
    raw,
    blender: stages.blender,
    blend,
    boost,
    scores,
    reranker: stages.reranker,
    reranked,
    merchantOf,
    merchantIds: env.merchantIds,
    recorded: env.record,
  });
  return env.requestedN === ctx.n ? slate : { ...slate, trace: { ...slate.trace, n: env.requestedN } };
}
