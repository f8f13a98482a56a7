/**
 * Stage 6, rerank (docs/design.md, "Exposure fairness"): reorders the ranked candidates and
 * cuts the slate to `n`. The default is the fairness reranker over a snapshot of the exposure
 * ledger; a caller may replace it.
 */
import type { ExposureLedger } from '../../fairness/exposure-ledger.js';
import { rerank, type RerankResult } from '../../fairness/rerank.js';
import { rerankReadsPopularity, type RerankConfig } from '../../fairness/rerank-config.js';

/** What the rerank stage gets for one request (arrays aligned with the candidates). */
export interface RerankRequest {
  /** Relevance per candidate after blend and boost; NaN = ineligible. */
  readonly scores: Float32Array;
  /** Merchant index of each candidate. */
  readonly merchantOf: Int32Array;
  /** Merchant index -> id. */
  readonly merchantIds: readonly string[];
  /** Tier per merchant index (0 head, 1 mid, 2 small). */
  readonly tierOf: Uint8Array;
  /** Slate length. */
  readonly n: number;
  /** Request time, epoch ms. */
  readonly now: number;
  /** One flag per merchant index, all 0 on entry and to be left 0 (scratch). */
  readonly merchantFlags: Uint8Array;
  /** 1 per candidate a signal other than the baseline has an opinion on (fairness lifts only those). */
  readonly evidenced: Uint8Array;
  /**
   * Popularity percentile of each candidate among the request's candidates (the mid-rank
   * percentile of the baseline signal's scores, 0 where it has no opinion), given when the stage
   * asks for it (`wantsPopularity`) and the recommender has a baseline signal.
   */
  readonly popularity?: Float32Array | undefined;
}

/** A rerank stage: the slate's order (candidate positions) with per-item lift and guard flags. */
export interface Reranker {
  /** Shown in traces. */
  readonly name: string;
  /** Lambda and policy shown in traces (0 and 'none' for a reranker without a fairness term). */
  readonly lambda: number;
  readonly policy: string;
  /** True when the stage reads {@link RerankRequest.popularity} (computed per request only then). */
  readonly wantsPopularity?: boolean;
  /** The slate of one request: candidate positions best first, cut to `request.n`. */
  rerank(request: RerankRequest): RerankResult;
}

/**
 * The fairness reranker: per-merchant lifts from the ledger's snapshot at the request time, then
 * the guarded greedy fill (src/fairness/rerank.ts). It reads only the candidates' merchants (a
 * partial snapshot keeps it O(C)), except `tier-floor`, which needs the small tier's share of
 * the whole ledger (a full snapshot).
 */
export function fairnessReranker(config: RerankConfig, ledger: ExposureLedger): Reranker {
  return {
    name: 'fairness',
    lambda: config.lambda,
    policy: config.policy,
    wantsPopularity: rerankReadsPopularity(config),
    rerank(r: RerankRequest): RerankResult {
      const merchants = config.policy === 'tier-floor' ? undefined : presentMerchants(r.merchantOf, r.merchantIds, r.merchantFlags);
      return rerank(
        { scores: r.scores, merchantOf: r.merchantOf, merchantIds: r.merchantIds, tierOf: r.tierOf, n: r.n, evidenced: r.evidenced, popularity: r.popularity },
        ledger.snapshot(r.now, merchants),
        config,
      );
    },
  };
}

/** Ids of the merchants among the candidates, each once, in order of first appearance. */
function presentMerchants(merchantOf: Int32Array, merchantIds: readonly string[], seen: Uint8Array): string[] {
  const present: number[] = [];
  for (let c = 0; c < merchantOf.length; c++) {
    const m = merchantOf[c]!;
    if (seen[m] === 1) continue;
    seen[m] = 1;
    present.push(m);
  }
  for (const m of present) seen[m] = 0;
  return present.map((m) => merchantIds[m]!);
}
