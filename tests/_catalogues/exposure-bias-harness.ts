/**
 * Measures a recommender config on the exposure-biased catalogue (issues 12 and 13) through the
 * public API: NDCG@k against the true appeal, NDCG@k against the logged held-out events, and the
 * Gini of merchant exposure (merchants with evidence) of the served slates.
 */
import { gini, ndcg } from '../../src/evaluation/index.js';
import { createRecommender, type RecommenderConfigInput } from '../../src/index.js';
import { buildExposureCatalogue, type ExposureCatalogue } from './exposure-catalogue.js';

/** Event types that count as a positive interaction (a hit, evidence, a seen product). */
export const POSITIVE_TYPES: ReadonlySet<string> = new Set(['click', 'cart', 'purchase']);

/** What {@link measureExposureBias} returns. */
export interface ExposureBiasMeasurement {
  /** Slate length and the k of every metric. */
  readonly k: number;
  /** Users evaluated: with a positive training event and a new positive in the held-out window. */
  readonly users: number;
  /** Mean graded NDCG@k with the true appeal as gain (ideal: the k most appealing unseen products). */
  readonly trueNdcg: number;
  /** Mean binary NDCG@k against the user's logged held-out positives not seen in training. */
  readonly loggedNdcg: number;
  /** Gini of exposure `1 / log2(rank + 1)` over the merchants with a positive training event (zeros included). */
  readonly merchantGini: number;
  /** The same over every merchant of the catalogue. */
  readonly merchantGiniAll: number;
  /** Merchants with a positive training event. */
  readonly evidenceMerchants: number;
  /** Share of the slates' exposure on the head shops' products, in [0, 1]. */
  readonly headExposureShare: number;
  /** Wall time of the fit and of serving every request, ms (reported, never asserted). */
  readonly fitMs: number;
  readonly serveMs: number;
}

/** Options of {@link measureExposureBias}. */
export interface ExposureBiasOptions {
  /** A catalogue built before. @default buildExposureCatalogue() */
  readonly catalogue?: ExposureCatalogue;
  /** Slate length and metric cut-off. @default 10 */
  readonly k?: number;
  /** Passes over the evaluated users; every pass but the last only warms the exposure ledger. @default 2 */
  readonly passes?: number;
  /** Time between two requests, ms, from the training end on. @default 60000 */
  readonly stepMs?: number;
}

/**
 * Graded NDCG at k: `sum over ranks r <= k of gain_r / log2(r + 1)` divided by the same sum over
 * `ideal` (the best gains available, any order: they are sorted here). 0 when the ideal is 0.
 * @example gradedNdcg([0, 1], [1, 0], 10) // (1 / log2(3)) / 1 = 0.6309...
 */
export function gradedNdcg(gains: readonly number[], ideal: readonly number[], k: number): number {
  const best = [...ideal].sort((a, b) => b - a);
  let dcg = 0;
  let idcg = 0;
  for (let r = 0; r < k; r++) {
    if (r < gains.length) dcg += gains[r]! / Math.log2(r + 2);
    if (r < best.length) idcg += best[r]! / Math.log2(r + 2);
  }
  return idcg > 0 ? dcg / idcg : 0;
}

/** A config with the fairness reranker's lambda set (other keys kept). Does not mutate its input. */
export function withLambda(config: RecommenderConfigInput, lambda: number): RecommenderConfigInput {
  const fairness = config.fairness ?? {};
  return { ...config, fairness: { ...fairness, rerank: { ...(fairness.rerank ?? {}), lambda } } };
}

/** Each user's positive product ids in a window. */
function positives(events: ExposureCatalogue['trainEvents']): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of events) {
    if (!POSITIVE_TYPES.has(e.type)) continue;
    const userId = String(e.userId);
    let set = out.get(userId);
    if (set === undefined) out.set(userId, (set = new Set()));
    set.add(String(e.productId));
  }
  return out;
}

/**
 * Fits `createRecommender(config)` on the catalogue's products, merchants and training events at
 * the training end, then serves a slate of k to each evaluated user (in user order), `passes`
 * times, request r at `trainEnd + r * stepMs`, recording as the config says (by default every
 * slate goes into the exposure ledger, as in production). The metrics are taken over the last
 * pass.
 */
export function measureExposureBias(config: RecommenderConfigInput, options: ExposureBiasOptions = {}): ExposureBiasMeasurement {
  const cat = options.catalogue ?? buildExposureCatalogue();
  const k = options.k ?? 10;
  const passes = options.passes ?? 2;
  const stepMs = options.stepMs ?? 60_000;
  const P = cat.productIds.length;
  const train = positives(cat.trainEvents);
  const test = positives(cat.testEvents);
  const productIndex = new Map(cat.productIds.map((id, p) => [id, p]));
  const merchantOf = new Map(cat.products.map((p) => [String(p.id), String(p.merchantId)]));
  const evidence = new Set<string>();
  for (const items of train.values()) for (const id of items) evidence.add(merchantOf.get(id)!);

  const start = performance.now();
  const rec = createRecommender(config).fit({ products: cat.products, merchants: cat.merchants, events: cat.trainEvents }, { now: cat.trainEnd });
  const fitMs = performance.now() - start;

  const evaluated: Array<{ u: number; id: string; seen: Set<string>; relevant: Set<string> }> = [];
  cat.userIds.forEach((id, u) => {
    const seen = train.get(id);
    const relevant = [...(test.get(id) ?? [])].filter((p) => !seen?.has(p));
    if (seen !== undefined && relevant.length > 0) evaluated.push({ u, id, seen, relevant: new Set(relevant) });
  });
  const exposure = new Map<string, number>(cat.merchants.map((m) => [String(m.id), 0]));
  let trueSum = 0;
  let loggedSum = 0;
  let request = 0;
  const serveStart = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    const last = pass === passes - 1;
    for (const user of evaluated) {
      const slate = rec.recommend(user.id, { n: k, now: cat.trainEnd + request++ * stepMs });
      if (!last) continue;
      const ranked = slate.items.map((item) => item.productId);
      const row = cat.appeal.subarray(user.u * P, (user.u + 1) * P);
      const ideal: number[] = [];
      cat.productIds.forEach((pid, p) => {
        if (!user.seen.has(pid)) ideal.push(row[p]!);
      });
      trueSum += gradedNdcg(ranked.map((pid) => row[productIndex.get(pid)!]!), ideal, k);
      loggedSum += ndcg(ranked, user.relevant, k);
      slate.items.forEach((item, r) => exposure.set(item.merchantId, exposure.get(item.merchantId)! + 1 / Math.log2(r + 2)));
    }
  }
  const serveMs = performance.now() - serveStart;
  let total = 0;
  let head = 0;
  for (const [id, x] of exposure) {
    total += x;
    if (cat.headShops.has(id)) head += x;
  }
  const n = evaluated.length;
  return {
    k,
    users: n,
    trueNdcg: n > 0 ? trueSum / n : Number.NaN,
    loggedNdcg: n > 0 ? loggedSum / n : Number.NaN,
    merchantGini: gini([...evidence].map((id) => exposure.get(id)!)),
    merchantGiniAll: gini([...exposure.values()]),
    evidenceMerchants: evidence.size,
    headExposureShare: total > 0 ? head / total : Number.NaN,
    fitMs,
    serveMs,
  };
}
