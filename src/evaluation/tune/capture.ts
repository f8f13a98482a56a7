/**
 * Captures what the blend and boost stages see for a set of users, so a blend can be re-scored
 * under many weights without refitting or re-scoring (the blend tuner's input).
 */
import type { RecommenderConfigInput } from '../../engine/config.js';
import { createRecommender, type Recommender } from '../../engine/recommender.js';
import { weightedBlender, type Blender } from '../../engine/stages/blend.js';
import type { Booster } from '../../engine/stages/boost.js';
import type { Dataset } from '../../dataset/dataset.js';

/** The boost stage's inputs from one signal that boosts (trending), per candidate. */
export interface CapturedBoost {
  /** Trend strength (>= 0). */
  readonly strength: Float32Array;
  /** The user's personal factor. */
  readonly personal: Float32Array;
}

/** One user's request as the blend stage saw it. */
export interface CapturedRequest {
  readonly userId: string;
  /** Candidate product indices, in the engine's candidate order (ties rank by this order). */
  readonly ids: Int32Array;
  /** Raw score per signal and candidate; NaN = no opinion. */
  readonly raw: readonly Float32Array[];
  /** One entry per signal that boosts and boosts some candidate of this request (empty when nothing trends). */
  readonly boosts: readonly CapturedBoost[];
  /** 1 per candidate that is one of the user's relevant items. */
  readonly relevant: Uint8Array;
  /** Size of the user's relevant set (candidates or not): the ideal DCG's length. */
  readonly relevantCount: number;
  /** A user without history: the engine gives the baseline signal weight 1 when the blend gives it 0. */
  readonly coldStart: boolean;
}

/** Captured requests of a fitted recommender. */
export interface CapturedRequests {
  /** Signal instance names and types, in blend order. */
  readonly names: readonly string[];
  readonly types: readonly string[];
  /** Index of the baseline signal (capability `baseline`: popularity), or -1 when the blend has none. */
  readonly baseline: number;
  /** In user id order. */
  readonly requests: readonly CapturedRequest[];
}

/** Options of {@link captureRequests}. */
export interface CaptureOptions {
  /** Which products a request ranks: the engine's candidates, or the whole catalogue. @default 'engine' */
  readonly candidates?: 'engine' | 'full';
  /** Request time, epoch ms. @default the dataset's reference time */
  readonly now?: number;
  /** Slate length asked for (the popular candidate source adds at least this many). @default 10 */
  readonly n?: number;
  /**
   * Products excluded per user, as the evaluation runner does (its training items); the config's
   * `excludeSeen` is then off. @default the config's own `excludeSeen`
   */
  readonly exclude?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Called every few users and at the end: users captured and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Users between two progress reports. */
const PROGRESS_EVERY = 64;

interface Current {
  ids: Int32Array;
  raw: Float32Array[];
  boosts: CapturedBoost[];
  coldStart: boolean;
}

/**
 * Fits `config` on `dataset` (fairness off, nothing recorded) and captures, for every user of
 * `relevant` (user id -> relevant product ids) the fit knows, in id order, the candidates, each
 * signal's raw scores and the boost stage's inputs. Users unknown to the fit are skipped, and so
 * are cold-start users (known only by events without weight) when the blend has no baseline
 * signal (the engine then blends them with an extra popularity signal).
 */
export function captureRequests(
  config: RecommenderConfigInput,
  dataset: Dataset,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  options: CaptureOptions = {},
): { captured: CapturedRequests; recommender: Recommender } {
  let current: Current | undefined;
  const inner = weightedBlender({ normalisation: 'percentile' });
  const blender: Blender = {
    name: 'capture',
    normalisation: 'percentile',
    blend: (input, scratch) => {
      current = { ids: input.ids.slice(), raw: input.raw.map((r) => r.slice()), boosts: [], coldStart: false };
      return inner.blend(input, scratch);
    },
  };
  const booster: Booster = {
    name: 'capture',
    boost: (ctx, ids) => {
      if (current === undefined) return undefined;
      current.coldStart = ctx.coldStart;
      for (const slot of rec.slots) {
        const s = slot.signal;
        if (!s.capabilities.boosts || s.boost === undefined) continue;
        const b = s.boost(ctx.user, ids);
        if (b.strength.some((x) => x > 0)) current.boosts.push({ strength: b.strength.slice(), personal: b.personal.slice() });
      }
      return undefined;
    },
  };
  const P = dataset.products.size;
  const n = options.n ?? 10;
  const candidates = options.candidates === 'full' ? { perSignal: n, popular: P, max: Math.max(1, P) } : undefined;
  const rec = createRecommender(
    {
      ...config,
      fairness: { ...(config.fairness ?? {}), record: false, rerank: { ...(config.fairness?.rerank ?? {}), lambda: 0 } },
      ...(candidates === undefined ? {} : { candidates }),
      ...(options.exclude === undefined ? {} : { excludeSeen: 'none' as const }),
    },
    { blender, booster },
  ).fitDataset(dataset);
  const requests: CapturedRequest[] = [];
  const users = [...relevant.keys()].filter((u) => dataset.users.indexOf(u) >= 0).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const none: ReadonlySet<string> = new Set();
  users.forEach((userId, u) => {
    current = undefined;
    const exclude = options.exclude?.get(userId) ?? none;
    rec.recommend(userId, { n, record: false, exclude, ...(options.now === undefined ? {} : { now: options.now }) });
    const got = current as Current | undefined;
    if ((u + 1) % PROGRESS_EVERY === 0 || u + 1 === users.length) options.onProgress?.(u + 1, users.length);
    if (got === undefined || got.raw.length !== rec.slots.length) return;
    const wanted = new Set<number>();
    for (const id of relevant.get(userId)!) {
      const p = dataset.products.indexOf(id);
      if (p >= 0) wanted.add(p);
    }
    requests.push({
      userId,
      ids: got.ids,
      raw: got.raw,
      boosts: got.boosts,
      relevant: Uint8Array.from(got.ids, (p) => (wanted.has(p) ? 1 : 0)),
      relevantCount: relevant.get(userId)!.size,
      coldStart: got.coldStart,
    });
  });
  return {
    captured: {
      names: rec.slots.map((s) => s.name),
      types: rec.slots.map((s) => s.signal.type),
      baseline: rec.slots.findIndex((s) => s.signal.capabilities.baseline),
      requests,
    },
    recommender: rec,
  };
}
