/**
 * tuneBlend end to end on a marketplace built here, with two signals registered for the test: an
 * oracle that ranks each user's next product first (the others by a fixed order) and a noise
 * signal (a seeded hash). The best weights are known: the oracle alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.js';
import { DAY_MS } from '../../src/dataset/event-weighting.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { registerSignal, unregisterSignal } from '../../src/engine/signal-registry.js';
import { DataError } from '../../src/errors.js';
import { TuneSplitTooSmallError } from '../../src/evaluation/tune/validation.js';
import { tuneBlend, type TuneBlendOptions } from '../../src/evaluation/tune/tune-blend.js';
import type { Event } from '../../src/schema/entities.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import type { ScoredItems, Signal, SignalCapabilities, UserContext } from '../../src/signals/signal.js';

const USERS = 40;
const PRODUCTS = 30;
const T0 = Date.UTC(2026, 0, 1);
/** User u's next product (held out): never in the user's history. */
const next = (u: number): number => (7 * u + 3) % PRODUCTS;
const history = (u: number): number[] => [1, 2, 3, 4].map((j) => (next(u) + 5 * j) % PRODUCTS);
/** A fixed pseudo-random number in [0, 1) per (user, product). */
const hash = (u: string, p: number): number => {
  let h = 2166136261;
  for (const ch of `${u}:${p}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) / 2 ** 32;
};

/** A signal that scores product p for a user by `fn(userId, productId)`. */
class TableSignal implements Signal {
  readonly capabilities: SignalCapabilities = { coldProducts: true, coldUsers: false, baseline: false, foldIn: false, topics: false, similarity: false, explains: false, boosts: false, catalogue: false, interactions: false };
  readonly reason = 'test';
  #ids: readonly string[] | undefined;
  constructor(
    readonly type: string,
    private readonly fn: (userId: string, productId: string) => number,
  ) {}
  get fitted(): boolean {
    return this.#ids !== undefined;
  }
  fit(dataset: Dataset): void {
    this.#ids = dataset.productRecords.map((p) => p.id);
  }
  score(user: UserContext, candidates: Int32Array): Float32Array {
    return Float32Array.from(candidates, (p) => this.fn(user.userId, this.#ids![p]!));
  }
  topN(user: UserContext, n: number, exclude?: (p: number) => boolean): ScoredItems {
    const all = this.#ids!.map((id, p) => [p, Math.fround(this.fn(user.userId, id))] as const).filter(([p]) => exclude === undefined || !exclude(p));
    const top = all.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, n);
    return { ids: Int32Array.from(top, (t) => t[0]), scores: Float64Array.from(top, (t) => t[1]) };
  }
  toJSON() {
    return { type: this.type };
  }
}

const userIndex = (userId: string): number => Number(userId.slice(1));
const productIndex = (productId: string): number => Number(productId.slice(1));
// The oracle: the user's next product 1, every other product a fixed value below it (p / 100).
const oracle = (userId: string, productId: string): number => (productIndex(productId) === next(userIndex(userId)) ? 1 : productIndex(productId) / 100);
const noise = (userId: string, productId: string): number => hash(userId, productIndex(productId));

/** Each user: four events over days 1-4, the next product on day 10 (the validation's 20%). */
function marketplace(timed = true): MarketplaceData {
  const events: Event[] = [];
  for (let u = 0; u < USERS; u++) {
    history(u).forEach((p, j) => events.push({ userId: `u${u}`, productId: `p${p}`, type: 'click', timestamp: timed ? T0 + (j + 1) * DAY_MS + u * 60_000 : 0 }));
    events.push({ userId: `u${u}`, productId: `p${next(u)}`, type: 'click', timestamp: timed ? T0 + 10 * DAY_MS + u * 60_000 : 0 });
  }
  return {
    products: Array.from({ length: PRODUCTS }, (_, p) => ({ id: `p${p}`, merchantId: 'm0', title: `product ${p}`, description: '', tags: [], category: 'c', inStock: true })),
    merchants: [{ id: 'm0', name: 'm0' }],
    events,
    topics: [],
  };
}

const CONFIG = { signals: [{ type: 'oracle', weight: 1 }, { type: 'noise', weight: 1 }], blend: { prior: { weight: 0 } } };
const options = (extra: Partial<TuneBlendOptions> = {}): TuneBlendOptions => ({ data: marketplace(), config: CONFIG, candidates: 'full', ...extra });

/** Scores product `x + 100` by the user's decayed weight of product x (its "partner"), 0 elsewhere. */
class PartnerSignal extends TableSignal {
  constructor() {
    super('partner', () => 0);
  }
  override score(user: UserContext, candidates: Int32Array): Float32Array {
    const out = new Float32Array(candidates.length);
    user.items.forEach((x, k) => candidates.forEach((p, c) => (out[c]! += p === x + 100 ? user.weights[k]! : 0)));
    return out;
  }
}

beforeAll(() => {
  registerSignal('oracle', () => new TableSignal('oracle', oracle));
  registerSignal('noise', () => new TableSignal('noise', noise));
  registerSignal('partner', () => new PartnerSignal());
});
afterAll(() => {
  for (const type of ['oracle', 'noise', 'partner']) unregisterSignal(type);
});

describe('tuneBlend', () => {
  it('keeps the signal that carries the relevant items and drops the noise; validation NDCG@10 reaches 1', () => {
    const r = tuneBlend(options());
    expect(r.validation).toEqual({ split: 'temporal (quantile 0.8)', trainEvents: 160, testEvents: 40, users: 40 });
    expect(r.weights.find((w) => w.signal === 'noise')!.to).toBe(0);
    expect(r.weights.find((w) => w.signal === 'oracle')!.to).toBeGreaterThan(0);
    expect(r.tuned.mean).toBe(1);
    // At (1, 1) the noise outranks the next product for most users.
    expect(r.baseline.mean).toBeLessThan(0.9);
    expect(r.difference.ci95[0]).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(0.001);
    // The search starts from the oracle alone, which no single step from (1, 1) reaches.
    expect(r.steps[0]).toMatchObject({ round: 0, parameter: 'start', from: 'as configured', to: 'oracle alone', score: 1 });
    // The signals ignore event weights: no half-life does better than the config's own ('auto').
    expect(r.halfLives.map((h) => h.halfLife)).toEqual(['auto', 'auto*0.5', 'auto*2', null]);
    expect(r.halfLife).toBe('auto');
    expect(r.config.weighting.halfLifeDays).toBe('auto');
  });

  it('is deterministic: the same input gives the same result, bit for bit', () => {
    expect(tuneBlend(options())).toEqual(tuneBlend(options()));
  });

  it('returns a config that createRecommender loads (also through JSON) and that serves the tuned weights', () => {
    const r = tuneBlend(options());
    for (const config of [r.config, JSON.parse(JSON.stringify(r.config)) as typeof r.config]) {
      const rec = createRecommender(config);
      expect(rec.slots.map((s) => s.weight)).toEqual(r.weights.map((w) => w.to));
      rec.fitRecords({ ...marketplace(), events: marketplace().events.filter((e) => e.timestamp < T0 + 10 * DAY_MS) });
      // Every user's next product is first in the tuned slate.
      for (const u of [0, 17, 39]) expect(rec.recommend(`u${u}`, { n: 3 }).items[0]!.productId).toBe(`p${next(u)}`);
    }
  });

  it('does not move a weight it is not asked to tune', () => {
    const r = tuneBlend(options({ signals: ['oracle'] }));
    expect(r.weights.find((w) => w.signal === 'noise')!.to).toBe(1);
    expect(r.steps.every((s) => s.parameter !== 'weight of noise')).toBe(true);
  });

  it('refuses an unknown signal name with a DataError listing the config\'s signals', () => {
    expect(() => tuneBlend(options({ signals: ['oracle', 'ials'] }))).toThrow(DataError);
    expect(() => tuneBlend(options({ signals: ['oracle', 'ials'] }))).toThrow('signals.1: "ials" is not a signal of the config (its signals: oracle, noise)');
  });

  it('refuses a validation split with fewer users than minUsers, naming both (40 users: 40 passes, 41 does not)', () => {
    expect(tuneBlend(options({ minUsers: 40 })).validation.users).toBe(40);
    let error: unknown;
    try {
      tuneBlend(options({ minUsers: 41 }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TuneSplitTooSmallError);
    expect(error).toBeInstanceOf(DataError);
    expect((error as TuneSplitTooSmallError).users).toBe(40);
    expect((error as Error).message).toBe(
      'validation: the validation split temporal (quantile 0.8) leaves 40 users who have relevant validation items, fewer than minUsers 41: too small to tune on (hold out more with another validation split, or use more data)',
    );
  });

  it('says why a temporal validation split of events without times is empty, and tunes on a random holdout instead', () => {
    const data = marketplace(false);
    expect(() => tuneBlend(options({ data }))).toThrow(/a temporal validation split needs event times, and the 200 training events all share one time/);
    const r = tuneBlend(options({ data, validation: { strategy: 'random-holdout', fraction: 0.25, seed: 7 }, minUsers: 10 }));
    expect(r.validation.split).toBe('random-holdout (fraction 0.25, seed 7)');
    expect(r.validation.users).toBeGreaterThanOrEqual(10);
    expect(r.notes).toContain('half-life not tuned: the training events span no time, so every half-life weighs them alike');
    expect(r.halfLives).toHaveLength(1);
  });

  it('tunes the half-life: from no decay to the data-relative auto when the recent history predicts better', () => {
    // User u: product 3u on day 1, 3u + 1 on day 9, then 3u + 101 (the partner of the recent one) on day 10.
    // Without decay the partners of both tie and the older one's (3u + 100) comes first by position.
    const events: Event[] = [];
    for (let u = 0; u < 30; u++) {
      const at = (day: number) => T0 + day * DAY_MS + u * 60_000;
      events.push({ userId: `u${u}`, productId: `p${3 * u}`, type: 'click', timestamp: at(1) });
      events.push({ userId: `u${u}`, productId: `p${3 * u + 1}`, type: 'click', timestamp: at(9) });
      events.push({ userId: `u${u}`, productId: `p${3 * u + 101}`, type: 'click', timestamp: at(10) });
    }
    const data = { ...marketplace(), products: Array.from({ length: 200 }, (_, p) => ({ id: `p${p}`, merchantId: 'm0', title: `product ${p}`, description: '', tags: [], category: 'c', inStock: true })), events };
    const r = tuneBlend({ data, config: { signals: [{ type: 'partner' }], weighting: { halfLifeDays: null } }, candidates: 'full', validation: { strategy: 'temporal', cutoff: T0 + 9.5 * DAY_MS } });
    expect(r.halfLives.map((h) => h.halfLife)).toEqual([null, 'auto', 'auto*0.5', 'auto*2']);
    expect(r.baseline.mean).toBeCloseTo(1 / Math.log2(3), 12);
    expect(r.halfLives.map((h) => h.tuned.mean)).toEqual([r.baseline.mean, 1, 1, 1]);
    // The first of the equal best in grid order, kept as the relative 'auto' in the config.
    expect(r.halfLife).toBe('auto');
    expect(r.config.weighting.halfLifeDays).toBe('auto');
    expect(r.tuned.mean).toBe(1);
  });

  it('tunes the normalisation: with the weights fixed, z-scores keep how far the oracle is ahead, rank curves do not', () => {
    // The oracle scores a user's next product 1 and the others p / 100 (at most 0.29); the noise
    // is uniform. As ranks (the default percentile-log curve) the oracle's best is barely ahead of
    // its second, so equal-weight noise reorders them.
    // Only the noise is tuned, on an empty weight grid: no start or step can change a weight.
    const r = tuneBlend(options({ signals: ['noise'], grids: { weights: [], priorWeights: [], boostWeights: [], ties: [], halfLives: [] } }));
    // z-scores put the oracle's best about 4.5 standard deviations up and its second about 0.6,
    // more than the noise's z-scores (within +-1.74) can close: every user's next product first.
    expect(r.config.normalisation).toBe('z-score');
    expect(r.steps.map((s) => s.parameter)).toEqual(['normalisation']);
    expect(r.tuned.mean).toBe(1);
    expect(r.baseline.mean).toBeLessThan(0.8);
    const off = tuneBlend(options({ signals: ['noise'], grids: { weights: [], priorWeights: [], boostWeights: [], ties: [], halfLives: [], normalisations: [] } }));
    // Without a normalisation grid the config's own (the default) stays.
    expect(off.config.normalisation).toBe('percentile-log');
    expect(off.tuned.mean).toBe(off.baseline.mean);
  });

  describe('a recent popularity weighed beside the configured one', () => {
    // Users 0-39 click three of six old hits (p0-p5) on days 1-3; users 0-19 click a new hit
    // (p10-p14) on day 9; after the cutoff (day 9.5) each of users 20-39 clicks either a new hit
    // or an old hit they have not seen. No decay in the config: all-time popularity ranks the old hits first.
    const data = (targets: 'new' | 'old'): MarketplaceData => {
      const events: Event[] = [];
      const at = (day: number, u: number) => T0 + day * DAY_MS + u * 60_000;
      for (let u = 0; u < 40; u++) for (let j = 0; j < 3; j++) events.push({ userId: `u${u}`, productId: `p${(u + j) % 6}`, type: 'click', timestamp: at(1 + j, u) });
      for (let u = 0; u < 20; u++) events.push({ userId: `u${u}`, productId: `p${10 + (u % 5)}`, type: 'click', timestamp: at(9, u) });
      for (let u = 20; u < 40; u++) events.push({ userId: `u${u}`, productId: `p${targets === 'new' ? 10 + (u % 5) : (u + 3) % 6}`, type: 'click', timestamp: at(10, u) });
      return { ...marketplace(), events };
    };
    const tune = (targets: 'new' | 'old', extra: Partial<TuneBlendOptions> = {}) =>
      tuneBlend({ data: data(targets), config: { signals: [{ type: 'popularity' }], weighting: { halfLifeDays: null } }, candidates: 'full', validation: { strategy: 'temporal', cutoff: T0 + 9.5 * DAY_MS }, grids: { halfLives: [] }, ...extra });

    it('is kept, with a weight, when the recent part predicts the next events', () => {
      const r = tune('new');
      const recent = r.config.signals.find((s) => s.name === 'popularity-recent');
      expect(recent).toMatchObject({ type: 'popularity', halfLifeDays: 'auto' });
      expect(recent!.weight).toBeGreaterThan(0);
      expect(r.weights).toEqual([{ signal: 'popularity', from: 1, to: 0 }, { signal: 'popularity-recent', from: 0, to: 1 }]);
      // All-time: three unseen old hits first, then the five new hits (ranks 4-8, by index: a
      // user's hit p10 + u % 5 at rank 4 + u % 5); recent: the new hits at ranks 1-5.
      const ndcgAt = (ranks: number[]) => ranks.reduce((a, r) => a + 1 / Math.log2(r + 1), 0) / ranks.length;
      expect(r.baseline.mean).toBeCloseTo(ndcgAt([4, 5, 6, 7, 8]), 12);
      expect(r.tuned.mean).toBeCloseTo(ndcgAt([1, 2, 3, 4, 5]), 12);
      expect(() => createRecommender(r.config)).not.toThrow();
      // Turned off: the config's own signals only, and nothing to gain.
      const off = tune('new', { recentPopularity: false });
      expect(off.config.signals.map((s) => s.type)).toEqual(['popularity']);
      expect(off.tuned.mean).toBe(off.baseline.mean);
    });

    it('is left out of the tuned config when it does not help', () => {
      const r = tune('old');
      expect(r.config.signals.map((s) => s.name ?? s.type)).toEqual(['popularity']);
      expect(r.weights.map((w) => w.signal)).toEqual(['popularity']);
      // The old hit a user has not seen is among the three all-time hits ranked first.
      expect(r.tuned.mean).toBeGreaterThanOrEqual(1 / Math.log2(4));
    });
  });
});
