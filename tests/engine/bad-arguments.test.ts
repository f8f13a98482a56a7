/**
 * Regression tests of fuzz findings 4 and 9 of issue 15: a huge slate length, arguments of the
 * wrong type, and infinite signal scores under min-max and z-score normalisation. Each of these
 * crashed (RangeError, raw TypeError) or produced NaN before its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.js';
import type { Normalisation } from '../../src/engine/normalise.js';
import { normaliseScores } from '../../src/engine/normalise.js';
import { createRecommender, type Recommender } from '../../src/engine/recommender.js';
import type { Slate } from '../../src/engine/slate.js';
import { registerSignal, unregisterSignal } from '../../src/engine/signal-registry.js';
import { DataError } from '../../src/errors.js';
import type { ScoredItems, Signal, SignalCapabilities, UserContext } from '../../src/signals/signal.js';
import { FIXTURES, gfp } from '../cli/_gfp.js';

const PRODUCTS = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, merchantId: `m${i % 3}`, title: `thing ${i}` }));
const EVENTS = Array.from({ length: 60 }, (_, i) => ({ userId: `u${i % 6}`, productId: `p${(i * 5) % 12}`, type: 'view', timestamp: i * 60_000 }));

function fitted(): Recommender {
  return createRecommender({ signals: [{ type: 'popularity' }, { type: 'item-knn' }] }).fit({ products: PRODUCTS, events: EVENTS });
}

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('finding 4: n = 1e9 gives every eligible product, not an allocation failure', () => {
  it('recommend and similarItems with n = 1e9 return what there is', () => {
    const rec = fitted();
    const slate = rec.recommend('u1', { n: 1e9 });
    // u1 saw some products (excluded by default); every other product is in the slate, once.
    const seen = new Set(EVENTS.filter((e) => e.userId === 'u1').map((e) => e.productId));
    expect(slate.items.map((i) => i.productId).sort()).toEqual(PRODUCTS.map((p) => p.id).filter((id) => !seen.has(id)).sort());
    const similar = rec.similarItems('p0', { n: 1e9 });
    expect(similar.length).toBeLessThanOrEqual(PRODUCTS.length - 1);
    expect(new Set(similar.map((s) => s.productId)).size).toBe(similar.length);
  });

  it('gfp recommend --n 1e9 exits 0 with the catalogue-sized slate', async () => {
    const r = await gfp('recommend', '--data', FIXTURES, '--user', 'u0001', '--n', '1e9', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Array<{ items: unknown[] }> | { items: unknown[] };
    const items = Array.isArray(out) ? out[0]!.items : out.items;
    expect(items.length).toBeGreaterThan(20);
  });
});

describe('finding 9: arguments of the wrong type are DataErrors naming the argument', () => {
  const rec = fitted();
  /** A slate of `rec` edited by `edit` (what a caller's code or a JSON round trip may do to it). */
  const mangled = (edit: (s: Slate) => unknown): Slate => edit(rec.recommend('u1', { n: 2, record: false })) as Slate;
  it.each([
    ['exclude: null', () => rec.recommend('u1', { exclude: null as never }), 'recommend: exclude must be an iterable of product ids, got null'],
    ['exclude: a string', () => rec.recommend('u1', { exclude: 'p1' as never }), 'recommend: exclude must be an iterable of product ids, got string "p1"'],
    ['filter: 42', () => rec.recommend('u1', { filter: 42 as never }), 'recommend: filter must be a function, got 42'],
    ['options: null', () => rec.recommend('u1', null as never), 'recommend: options must be an object, got null'],
    ['userId: 7', () => rec.recommend(7 as never), 'recommend: userId must be a non-empty string, got 7'],
    ['userId: empty', () => rec.recommend('  '), 'recommend: userId must be a non-empty string, got string "  "'],
    ['observe(null)', () => rec.observe(null as never), 'observe: expected { events, topics, products } or an array of events, got null'],
    ['explain(null)', () => rec.explain(null as never), 'explain: expected a slate returned by recommend() (not an object)'],
    ['explain: trace items emptied', () => rec.explain(mangled((s) => ({ ...s, trace: { ...s.trace, items: [] } }))), 'explain: expected a slate returned by recommend() (trace.items does not match items)'],
    ['explain: trace {}', () => rec.explain(mangled((s) => ({ ...s, trace: {} }))), 'explain: expected a slate returned by recommend() (trace.items does not match items)'],
    ['explain: a trace item without raw', () => rec.explain(mangled((s) => ({ ...s, trace: { ...s.trace, items: s.trace.items.map((t) => ({ ...t, raw: undefined })) } }))), 'explain: expected a slate returned by recommend() (trace.items[0] is incomplete)'],
    ['explain: blend without weights', () => rec.explain(mangled((s) => ({ ...s, trace: { ...s.trace, blend: { ...s.trace.blend, weights: undefined } } }))), 'explain: expected a slate returned by recommend() (trace.blend is incomplete)'],
  ])('%s', (_label, call, message) => {
    const error = thrown(call);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(message);
  });
});

/** Hand-checked: min-max and z-score over raw scores in which ±Infinity means "no opinion" (as NaN). */
function normalised(method: Normalisation, raw: readonly number[]): number[] {
  const r = Float32Array.from(raw);
  const out = new Float32Array(r.length);
  normaliseScores(r, method, out, new Int32Array(r.length));
  return Array.from(out);
}

describe('finding 9: an infinite score does not turn every candidate into NaN', () => {
  it('min-max and z-score scale the finite scores and give ±Infinity the minimum, as NaN', () => {
    // Finite scores 1, 3, 5: min-max 0, 0.5, 1; z-score (s - 3) / sqrt(8 / 3).
    const sd = Math.sqrt(8 / 3);
    const raw = [1, Infinity, 3, -Infinity, 5, Number.NaN];
    const minMax = normalised('min-max', raw);
    [0, 0, 0.5, 0, 1, 0].forEach((v, i) => expect(minMax[i]).toBeCloseTo(v, 6));
    const z = normalised('z-score', raw);
    [-2 / sd, -2 / sd, 0, -2 / sd, 2 / sd, -2 / sd].forEach((v, i) => expect(z[i]).toBeCloseTo(v, 6));
    for (const v of [...minMax, ...z]) expect(Number.isFinite(v)).toBe(true);
  });

  describe('through a recommender whose signal scores some products +Infinity', () => {
    /** Scores product p as p, except every third product: +Infinity. */
    class InfiniteSignal implements Signal {
      readonly type = 'infinite-test';
      readonly capabilities: SignalCapabilities = { coldProducts: true, coldUsers: true, baseline: false, foldIn: false, topics: false, similarity: false, explains: false, boosts: false, catalogue: false, interactions: false };
      readonly reason = 'test';
      #products = 0;
      get fitted(): boolean {
        return this.#products > 0;
      }
      fit(dataset: Dataset): void {
        this.#products = dataset.productRecords.length;
      }
      score(_user: UserContext, candidates: Int32Array): Float32Array {
        return Float32Array.from(candidates, (p) => (p % 3 === 0 ? Infinity : p));
      }
      topN(_user: UserContext, n: number): ScoredItems {
        const ids = Int32Array.from({ length: Math.min(n, this.#products) }, (_, i) => i);
        return { ids, scores: Float64Array.from(ids, (p) => (p % 3 === 0 ? Infinity : p)) };
      }
      toJSON() {
        return { type: this.type };
      }
    }
    beforeAll(() => registerSignal('infinite-test', () => new InfiniteSignal()));
    afterAll(() => unregisterSignal('infinite-test'));

    it.each(['min-max', 'z-score'] as const)('%s: every slate score is finite', (normalisation) => {
      const rec = createRecommender({ normalisation, signals: [{ type: 'infinite-test' }, { type: 'popularity', weight: 0.5 }] }).fit({ products: PRODUCTS, events: EVENTS });
      const slate = rec.recommend('u1', { n: 8 });
      expect(slate.items.length).toBe(8);
      for (const item of slate.items) expect(Number.isFinite(item.score), `${item.productId} ${item.score}`).toBe(true);
    });
  });
});
