/**
 * A signal type added by a user through registerSignal: it passes the same contract suite as the
 * built-ins, a config can name it, and explanations and reasons show its own name and reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { registerSignal, signalTypes, unregisterSignal } from '../../src/engine/signal-registry.js';
import { ConfigError, NotFittedError } from '../../src/errors.js';
import type { ScoredItems, Signal, SignalCapabilities, SignalConfigJson, UserContext } from '../../src/signals/signal.js';
import { blockFixture, runSignalContract } from './signal-contract.js';

/**
 * Category share: a product scores the share of the user's history weight that lies in its
 * category (0..1); no opinion for a user without history. `boost` scales the score.
 */
class CategoryShareSignal implements Signal {
  readonly type = 'category-share';
  readonly capabilities: SignalCapabilities = { coldProducts: true, coldUsers: false, baseline: false, foldIn: false, topics: false, similarity: false, explains: false, boosts: false, catalogue: false, interactions: false };
  readonly reason = 'from a category you shop in';
  readonly #boost: number;
  #categoryOf: Int32Array | undefined;
  #categories = 0;

  constructor(config: Record<string, unknown>) {
    for (const key of Object.keys(config)) if (key !== 'boost' && key !== 'type') throw new ConfigError(`category-share: unknown key ${key}`, key);
    const boost = config['boost'] ?? 1;
    if (typeof boost !== 'number' || !(boost > 0)) throw new ConfigError('category-share: boost must be a positive number', 'boost');
    this.#boost = boost;
  }

  get fitted(): boolean {
    return this.#categoryOf !== undefined;
  }

  fit(dataset: Dataset): void {
    const codes = new Map<string, number>();
    this.#categoryOf = Int32Array.from(dataset.productRecords, (p) => {
      const key = p.category ?? '';
      if (!codes.has(key)) codes.set(key, codes.size);
      return codes.get(key)!;
    });
    this.#categories = codes.size;
  }

  #shares(user: UserContext): Float64Array | undefined {
    const of = this.#categoryOf;
    if (of === undefined) throw new NotFittedError('category-share');
    const share = new Float64Array(this.#categories);
    let total = 0;
    user.items.forEach((p, k) => {
      // A product added to the catalogue after fit is not this signal's to judge (the contract).
      if (p >= of.length) return;
      share[of[p]!]! += user.weights[k]!;
      total += user.weights[k]!;
    });
    if (total === 0) return undefined;
    for (let c = 0; c < share.length; c++) share[c] = share[c]! / total;
    return share;
  }

  score(user: UserContext, candidates: Int32Array): Float32Array {
    const share = this.#shares(user);
    return Float32Array.from(candidates, (p) => (share === undefined ? Number.NaN : this.#boost * share[this.#categoryOf![p]!]!));
  }

  topN(user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    const share = this.#shares(user);
    if (share === undefined || n <= 0) return { ids: new Int32Array(0), scores: new Float64Array(0) };
    const ranked = Array.from(this.#categoryOf!.keys())
      .filter((p) => exclude === undefined || !exclude(p))
      .map((p) => [p, Math.fround(this.#boost * share[this.#categoryOf![p]!]!)] as const)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, n);
    return { ids: Int32Array.from(ranked, (r) => r[0]), scores: Float64Array.from(ranked, (r) => r[1]) };
  }

  toJSON(): SignalConfigJson {
    return { type: 'category-share', boost: this.#boost };
  }
}

const factory = (config: Record<string, unknown>): Signal => new CategoryShareSignal(config);
registerSignal('category-share', factory);
afterAll(() => unregisterSignal('category-share'));

runSignalContract('category-share', factory, {});

describe('registerSignal', () => {
  it('adds the type to the registry, after the built-ins', () => {
    expect(signalTypes().slice(-1)).toEqual(['category-share']);
  });

  it('refuses a built-in type, a taken type without replace, a malformed type and a non-function', () => {
    expect(() => registerSignal('ials', factory)).toThrow(/built-in signal type and cannot be replaced/);
    expect(() => registerSignal('category-share', factory)).toThrow(/already registered \(pass \{ replace: true \}/);
    expect(() => registerSignal('category-share', factory, { replace: true })).not.toThrow();
    expect(() => registerSignal('Bad Type', factory)).toThrow(ConfigError);
    expect(() => registerSignal('ok-type', 42 as unknown as typeof factory)).toThrow(/must be a function/);
  });

  it('refuses a factory that builds a signal of another type, naming the config position', () => {
    registerSignal('liar', () => new CategoryShareSignal({}));
    try {
      expect(() => createRecommender({ signals: [{ type: 'liar' }] })).toThrow(/signals\.0: the factory of "liar" returned a signal of type "category-share"/);
    } finally {
      unregisterSignal('liar');
    }
  });

  it('a config names the registered type; unknown types list it among the known ones', () => {
    expect(() => createRecommender({ signals: [{ type: 'nope' }] })).toThrow(/known: .*category-share/);
    expect(() => createRecommender({ signals: [{ type: 'category-share', boost: -1 }] })).toThrow(/signals\.0: category-share: boost must be a positive number/);
  });

  it('the registered signal carries slates with its own name and reason in traces, reasons and explanations', () => {
    const raw = blockFixture();
    const rec = createRecommender({
      signals: [
        { type: 'category-share', name: 'shop-category', weight: 2 },
        { type: 'popularity', weight: 0.1 },
      ],
      fairness: { rerank: { lambda: 0 } },
    }).fit(raw as Parameters<ReturnType<typeof createRecommender>['fit']>[0]);
    const slate = rec.recommend('g1-user3', { n: 3 });
    // The only unseen product of the user's category comes first; its reason is the signal's own.
    expect(slate.items[0]!.productId).toBe('g1-item3');
    expect(slate.items[0]!.reasons[0]).toBe('from a category you shop in');
    expect(slate.trace.blend.signals).toEqual(['shop-category', 'popularity']);
    expect(slate.trace.blend.types).toEqual(['category-share', 'popularity']);
    expect(slate.trace.items[0]!.sources).toContain('shop-category');
    const lines = rec.explain(slate).items[0]!.lines;
    expect(lines[0]).toMatch(/^shop-category: raw 1\.000, normalised 1\.000 x weight 2\.0 \/ 2\.1 = 0\.952 of the blend$/);
  });
});
