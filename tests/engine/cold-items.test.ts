/**
 * The `coldItems` blend option (DESIGN.md 4, step 3). A cold item is a product with no training
 * interaction. `as-scored` (the default) counts the collaborative signals' scores for it like any
 * other; `renormalise` treats iALS, item-kNN and EASE as having no opinion on it and blends it over
 * the other signals, weights renormalised for that item.
 *
 * Hand-built marketplace: pA, pB, pC have purchases, pD has none and the same text as pA. User u1
 * bought pA only, so the candidates are pB, pC, pD. Blend: item-kNN 1, content 0.5, popularity 0.25,
 * percentile normalisation (3 scores: 1, 0.5, 0; a tie of ranks 2-3 gets 0.25).
 * - item-kNN: pB (co-bought with pA by 2 users) > pC (by 1) > pD (0, nobody bought it).
 * - content: pD 1 (same text as pA), pB = pC = 0 (no shared terms): pD 1, pB and pC 0.25.
 * - popularity: pB 12 > pC 6 > pD 0: 1, 0.5, 0.
 * as-scored, total weight 1.75: pB (1 + 0.125 + 0.25) / 1.75 = 11/14, pC (0.5 + 0.125 + 0.125) / 1.75 = 3/7,
 * pD (0 + 0.5 + 0) / 1.75 = 2/7.
 * renormalise: item-kNN ranks pB and pC only (1 and 0), pD has no item-kNN opinion:
 * pB 11/14, pC (0 + 0.125 + 0.125) / 1.75 = 1/7, pD (0.5 * 1 + 0.25 * 0) / 0.75 = 2/3.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRecommender } from '../../src/engine/model-file.js';
import { createRecommender, type Recommender } from '../../src/engine/recommender.js';
import type { RecommenderConfigInput } from '../../src/engine/config.js';
import type { Slate } from '../../src/engine/slate.js';
import { ConfigError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import type { MarketplaceData, MarketplaceInput } from '../../src/schema/marketplace-data.js';

const T = Date.UTC(2026, 5, 1);
const NO_FAIRNESS = { rerank: { lambda: 0 }, record: false };
const BLEND = [
  { type: 'item-knn', weight: 1 },
  { type: 'content', weight: 0.5 },
  { type: 'popularity', weight: 0.25 },
];

const TINY: MarketplaceInput = {
  products: [
    ['pA', 'm1', 'red wool scarf'],
    ['pB', 'm1', 'steel kettle'],
    ['pC', 'm2', 'garden hose'],
    ['pD', 'm3', 'red wool scarf'],
  ].map(([id, merchantId, title]) => ({ id: id!, merchantId: merchantId!, title: title! })),
  merchants: [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }],
  events: [
    ['u1', 'pA'],
    ['u2', 'pA'],
    ['u2', 'pB'],
    ['u3', 'pA'],
    ['u3', 'pB'],
    ['u3', 'pC'],
  ].map(([userId, productId]) => ({ userId: userId!, productId: productId!, type: 'purchase', timestamp: T })),
};

function tiny(config: RecommenderConfigInput): Recommender {
  return createRecommender({ signals: BLEND, fairness: NO_FAIRNESS, ...config }).fit(TINY);
}

/** Blended score per product id of u1's slate of 3. */
function blendOf(slate: Slate): Map<string, number> {
  return new Map(slate.trace.items.map((t) => [t.productId, t.blended] as const));
}

describe('coldItems on a hand-built marketplace', () => {
  it('as-scored (the default) counts item-kNN 0 for the cold product', () => {
    for (const rec of [tiny({}), tiny({ coldItems: 'as-scored' })]) {
      expect(rec.config.coldItems).toBe('as-scored');
      const slate = rec.recommend('u1', { n: 3 });
      expect(slate.items.map((i) => i.productId)).toEqual(['pB', 'pC', 'pD']);
      const b = blendOf(slate);
      expect(b.get('pB')).toBeCloseTo(11 / 14, 6);
      expect(b.get('pC')).toBeCloseTo(3 / 7, 6);
      expect(b.get('pD')).toBeCloseTo(2 / 7, 6);
      expect(slate.trace.items[2]!.raw[0]).toBe(0);
    }
  });

  it('renormalise blends the cold product over content and popularity only', () => {
    const rec = tiny({ coldItems: 'renormalise' });
    const slate = rec.recommend('u1', { n: 3 });
    expect(slate.items.map((i) => i.productId)).toEqual(['pB', 'pD', 'pC']);
    const b = blendOf(slate);
    expect(b.get('pB')).toBeCloseTo(11 / 14, 6);
    expect(b.get('pD')).toBeCloseTo(2 / 3, 6);
    expect(b.get('pC')).toBeCloseTo(1 / 7, 6);
    // The trace says item-kNN had no opinion on pD, and ranked pB and pC alone.
    const d = slate.trace.items[1]!;
    expect(d.raw[0]).toBeNull();
    expect(d.raw[1]).toBeCloseTo(1, 6);
    expect(slate.trace.items[2]!.normalised[0]).toBe(0);
  });

  it('explain shares use the cold item their own total and add up to its blend', () => {
    const rec = tiny({ coldItems: 'renormalise' });
    const slate = rec.recommend('u1', { n: 3 });
    const [b, d, c] = rec.explain(slate).items;
    expect(d!.lines[0]).toBe('item-knn: no opinion (its weight 1.0 left out of the total)');
    expect(d!.lines[1]).toBe('content: raw 1.000, normalised 1.000 x weight 0.5 / 0.75 = 0.667 of the blend');
    expect(b!.lines[0]).toBe('item-knn: raw 4.899, normalised 1.000 x weight 1.0 / 1.75 = 0.571 of the blend');
    for (const item of [b!, d!, c!]) {
      const sum = item.signals.reduce((acc, p) => acc + p.contribution, 0);
      expect(sum).toBeCloseTo(item.blended, 6);
    }
  });

  it('gives 0, never NaN, to a cold product when only collaborative signals are blended', () => {
    for (const normalisation of ['percentile', 'min-max', 'z-score'] as const) {
      const rec = tiny({ coldItems: 'renormalise', normalisation, signals: [{ type: 'item-knn' }, { type: 'ials', factors: 2, iterations: 3 }] });
      const slate = rec.recommend('u1', { n: 3 });
      const d = slate.trace.items.find((t) => t.productId === 'pD')!;
      expect(d.raw).toEqual([null, null]);
      for (const t of slate.trace.items) expect(Number.isFinite(t.blended)).toBe(true);
      for (const i of slate.items) expect(Number.isFinite(i.score)).toBe(true);
      // pD's weighted sum is 0 over a total of 0: blend 0 (z-score then rescales the blend to [0, 1]).
      if (normalisation === 'z-score') expect(d.blended).toBeGreaterThanOrEqual(0);
      else expect(d.blended).toBe(0);
    }
  });

  it('rejects an unknown value, naming the key', () => {
    expect(() => createRecommender({ coldItems: 'drop' as 'renormalise' })).toThrow(ConfigError);
    try {
      createRecommender({ coldItems: 'drop' as 'renormalise' });
    } catch (e) {
      expect((e as ConfigError).path).toBe('coldItems');
    }
  });
});

describe('coldItems on fixtures/marketplace', () => {
  let data: MarketplaceData;
  let cold: Set<string>;
  const FIXTURE_SIGNALS = [{ type: 'ials', factors: 8, iterations: 5 }, { type: 'item-knn' }, { type: 'content' }, { type: 'popularity', weight: 0.1 }];
  const COLLAB = [0, 1];

  beforeAll(async () => {
    ({ data } = await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace')));
    const withEvents = new Set(data.events.map((e) => e.productId));
    cold = new Set(data.products.filter((p) => !withEvents.has(p.id)).map((p) => p.id));
  });

  function fitted(config: RecommenderConfigInput): Recommender {
    return createRecommender({ signals: FIXTURE_SIGNALS, fairness: NO_FAIRNESS, ...config }).fitRecords(data);
  }

  it('the default serves the same slates and traces as an explicit as-scored, collaborative scores kept for cold items', () => {
    const byDefault = fitted({});
    const explicit = fitted({ coldItems: 'as-scored' });
    const ds = byDefault.dataset;
    const ip = ds.itemUsers().indptr;
    let coldCount = 0;
    for (let p = 0; p < ds.products.size; p++) if (ip[p + 1] === ip[p]) coldCount++;
    // 128 of the 400 products have no event with a positive weight.
    expect(coldCount).toBe(128);
    let coldShown = 0;
    for (const user of ds.users.ids()) {
      const a = byDefault.recommend(user, { n: 100 });
      expect(a).toEqual(explicit.recommend(user, { n: 100 }));
      for (const t of a.trace.items) {
        if (!cold.has(t.productId)) continue;
        coldShown++;
        for (const s of COLLAB) expect(t.raw[s]).not.toBeNull();
      }
    }
    expect(coldShown).toBeGreaterThan(0);
  });

  it('renormalise: no NaN, collaborative opinions dropped for cold items only, more cold items shown, same after a model-file round trip', () => {
    const asScored = fitted({});
    const rec = fitted({ coldItems: 'renormalise' });
    const loaded = loadRecommender(JSON.stringify(rec));
    let coldBefore = 0;
    let coldAfter = 0;
    for (const user of rec.dataset.users.ids()) {
      const slate = rec.recommend(user, { n: 20 });
      expect(loaded.recommend(user, { n: 20 })).toEqual(slate);
      for (const [r, t] of slate.trace.items.entries()) {
        expect(Number.isFinite(t.blended)).toBe(true);
        expect(Number.isFinite(slate.items[r]!.score)).toBe(true);
        const isCold = cold.has(t.productId);
        if (isCold) coldAfter++;
        for (const s of COLLAB) if (isCold) expect(t.raw[s]).toBeNull();
      }
      coldBefore += asScored.recommend(user, { n: 20 }).items.filter((i) => cold.has(i.productId)).length;
    }
    expect(coldAfter).toBeGreaterThan(coldBefore);
  });
});
