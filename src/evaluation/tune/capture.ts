/**
 * Captures what the blend and boost stages see for a set of users, so a blend can be re-scored
 * under many weights without refitting or re-scoring (the blend tuner's input).
 */
import type { RecommenderConfigInput } from '../../engine/config.js';
import { createRecommender, type Recommender } from '../../engine/recommender.js';
import { weightedBlender, type Blender } from '../../engine/stages/blend.js';
import type { Booster } from '../../engine/stages/boost.js';
import type { Dataset } from '../../dataset/dataset.js';

/** One user's request as the blend stage saw it. */
export interface CapturedRequest {
  readonly userId: string;
  /** Candidate product indices, ascending. */
  readonly ids: Int32Array;
  /** Raw score per signal and candidate; NaN = no opinion. */
  readonly raw: readonly Float32Array[];
  /** Trend strength per candidate (capability `boosts`), or undefined when nothing trends. */
  readonly boostStrength: Float32Array | undefined;
  /** The user's personal factor per candidate for the boost. */
  readonly boostPersonal: Float32Array | undefined;
  /** 1 per candidate that is one of the user's relevant items. */
  readonly relevant: Uint8Array;
  /** Size of the user's relevant set (candidates or not): the ideal DCG's length. */
  readonly relevantCount: number;
}

/** Captured requests of a fitted recommender. */
export interface CapturedRequests {
  /** Signal instance names and types, in blend order. */
  readonly names: readonly string[];
  readonly types: readonly string[];
  readonly requests: readonly CapturedRequest[];
}

/** Options of {@link captureRequests}. */
export interface CaptureOptions {
  /** Which products a request ranks: the engine's candidates, or the whole catalogue. @default 'engine' */
  readonly candidates?: 'engine' | 'full';
  /** Request time, epoch ms. @default the dataset's reference time */
  readonly now?: number;
}

/**
 * Fits `config` on `dataset` (fairness off, nothing recorded) and captures, for every user of
 * `relevant` (user id -> relevant product ids) the fit knows, the candidates, each signal's raw
 * scores and the boost stage's inputs. Users unknown to the fit are skipped.
 */
export function captureRequests(
  config: RecommenderConfigInput,
  dataset: Dataset,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  options: CaptureOptions = {},
): { captured: CapturedRequests; recommender: Recommender } {
  let current: { ids: Int32Array; raw: Float32Array[]; strength?: Float32Array; personal?: Float32Array } | undefined;
  const inner = weightedBlender({ normalisation: 'percentile' });
  const blender: Blender = {
    name: 'capture',
    normalisation: 'percentile',
    blend: (input, scratch) => {
      current = { ids: input.ids.slice(), raw: input.raw.map((r) => r.slice()) };
      return inner.blend(input, scratch);
    },
  };
  const booster: Booster = {
    name: 'capture',
    boost: (ctx, ids) => {
      for (const slot of rec.slots) {
        const s = slot.signal;
        if (!s.capabilities.boosts || s.boost === undefined) continue;
        const b = s.boost(ctx.user, ids);
        if (current !== undefined && b.strength.some((x) => x > 0)) {
          current.strength = b.strength.slice();
          current.personal = b.personal.slice();
        }
        break;
      }
      return undefined;
    },
  };
  const P = dataset.products.size;
  const candidates = options.candidates === 'full' ? { perSignal: 200, popular: P, max: P, smallTier: 0 } : undefined;
  const parsedFairness = { rerank: { lambda: 0 }, record: false };
  const rec = createRecommender(
    { ...config, fairness: { ...(config.fairness ?? {}), ...parsedFairness, rerank: { ...(config.fairness?.rerank ?? {}), lambda: 0 } }, ...(candidates === undefined ? {} : { candidates }) },
    { blender, booster },
  ).fitDataset(dataset);
  const requests: CapturedRequest[] = [];
  const idOf = dataset.products;
  for (const [userId, items] of relevant) {
    if (dataset.users.indexOf(userId) < 0) continue;
    current = undefined;
    rec.recommend(userId, { n: 1, record: false, ...(options.now === undefined ? {} : { now: options.now }) });
    // A user the fit knows only by impressions is a cold start: the blend had an extra baseline slot.
    if (current === undefined || (current as { raw: Float32Array[] }).raw.length !== rec.slots.length) continue;
    const got = current as { ids: Int32Array; raw: Float32Array[]; strength?: Float32Array; personal?: Float32Array };
    const wanted = new Set<number>();
    for (const id of items) {
      const p = idOf.indexOf(id);
      if (p >= 0) wanted.add(p);
    }
    requests.push({
      userId,
      ids: got.ids,
      raw: got.raw,
      boostStrength: got.strength,
      boostPersonal: got.personal,
      relevant: Uint8Array.from(got.ids, (p) => (wanted.has(p) ? 1 : 0)),
      relevantCount: items.size,
    });
  }
  return {
    captured: { names: rec.slots.map((s) => s.name), types: rec.slots.map((s) => s.signal.type), requests },
    recommender: rec,
  };
}
