/**
 * Stage 7, slate and trace: the served items with their reasons, and per item every signal's
 * raw and normalised score, the blend, the boost, the fairness lift and the stage that placed it.
 */
import { LIFT_REASONS, type RerankResult } from '../../fairness/rerank.js';
import { topNOfScores } from '../../signals/top-n.js';
import { itemReasons } from '../reasons.js';
import type { RequestContext } from '../request.js';
import type { PlacementStage, Slate, SlateItem, TraceItem } from '../slate.js';
import type { BlendResult, Blender } from './blend.js';
import type { BoostResult } from './boost.js';
import type { GatheredCandidates } from './gather.js';
import type { Reranker } from './rerank.js';
import type { RequestSlots } from './score.js';

/** Everything the slate is built from. */
export interface SlateParts {
  readonly ctx: RequestContext;
  readonly candidates: GatheredCandidates;
  readonly slots: RequestSlots;
  readonly raw: readonly Float32Array[];
  readonly blender: Blender;
  readonly blend: BlendResult;
  readonly boost: BoostResult | undefined;
  /** Relevance the reranker ranked by (blend plus boost). */
  readonly scores: Float32Array;
  readonly reranker: Reranker;
  readonly reranked: RerankResult;
  readonly merchantOf: Int32Array;
  readonly merchantIds: readonly string[];
  readonly recorded: boolean;
}

/** Builds the slate and its trace. */
export function buildSlate(parts: SlateParts): Slate {
  const { ctx, candidates, slots, raw, blend, reranked: rr, merchantOf, merchantIds } = parts;
  const ds = ctx.dataset;
  const ids = candidates.set.ids;
  const plain = plainRanks(parts.scores, ctx.n);
  const reasons = slots.signals.map((s) => s.reason);
  const items: SlateItem[] = [];
  const traceItems: TraceItem[] = [];
  for (let r = 0; r < rr.order.length; r++) {
    const c = rr.order[r]!;
    const productId = ds.products.idAt(ids[c]!);
    const merchantId = merchantIds[merchantOf[c]!]!;
    const lift = rr.lift[r]!;
    const plainRank = plain.get(c) ?? null;
    const why = rr.why?.[r] ?? 1;
    const stage: PlacementStage = why === 5 ? 'exploration' : rr.forced[r] === 1 ? 'fairness-guard' : lift > 0 && plainRank !== r + 1 ? 'fairness-lift' : 'rank';
    const normRow = blend.normalised.map((z) => z[c]!);
    const rawRow = raw.map((x) => (Number.isNaN(x[c]!) ? null : x[c]!));
    const boost = parts.boost?.amount[c] ?? 0;
    const boostReason = boost > 0 ? parts.boost?.reason(c) : undefined;
    items.push({
      productId,
      merchantId,
      score: rr.adjusted[r]!,
      rank: r + 1,
      reasons: itemReasons({
        reasons,
        weights: slots.weights,
        normalised: normRow,
        raw: rawRow,
        ...(boostReason === undefined ? {} : { boost: boostReason }),
        lift,
        placedByFairness: stage !== 'rank',
        merchantId,
        coldStart: ctx.coldStart,
      }),
    });
    const sources: string[] = [];
    const mask = candidates.set.sources[c]!;
    candidates.names.forEach((name, s) => {
      if ((mask & (1 << s)) !== 0) sources.push(name);
    });
    traceItems.push({
      productId,
      merchantId,
      sources,
      raw: rawRow,
      normalised: normRow,
      blended: blend.blended[c]!,
      ...(boost > 0 ? { boost, ...(boostReason === undefined ? {} : { boostReason }) } : {}),
      lift,
      fairness: LIFT_REASONS[why] ?? LIFT_REASONS[1],
      rankWithoutFairness: plainRank,
      stage,
    });
  }
  const bySource = candidates.names.map((name, s) => [name, candidates.set.perSource[s] ?? 0] as const);
  return {
    userId: ctx.user.userId,
    items,
    trace: {
      userId: ctx.user.userId,
      knownUser: ctx.user.user >= 0,
      coldStart: ctx.coldStart,
      now: ctx.user.now,
      n: ctx.n,
      history: { items: ctx.history.items.length, excluded: ctx.history.seen.length },
      candidates: { total: ids.length, bySource, capped: candidates.set.capped },
      blend: {
        signals: slots.names,
        types: slots.signals.map((s) => s.type),
        weights: slots.weights,
        normalisation: parts.blender.normalisation,
        evidenceWeight: slots.weights.reduce((sum, w, s) => sum + (blend.opinion[s] === 1 && w > 0 ? w : 0), 0),
        prior: parts.blender.prior ?? { weight: 0, value: 0 },
      },
      fairness: { lambda: parts.reranker.lambda, policy: parts.reranker.policy, recorded: parts.recorded },
      topics: ctx.topics,
      items: traceItems,
    },
  };
}

/** 1-based rank of each of the top-n candidates by score alone (ties by position). */
function plainRanks(scores: Float32Array, n: number): Map<number, number> {
  const top = topNOfScores(scores, n);
  const out = new Map<number, number>();
  for (let r = 0; r < top.ids.length; r++) out.set(top.ids[r]!, r + 1);
  return out;
}
