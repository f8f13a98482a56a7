/**
 * The blend with real "no opinion" (docs/design.md, "Blend"): a signal without an opinion on a
 * candidate is absent from its blend, and the evidence prior shrinks a candidate few signals have
 * an opinion on toward the prior value.
 *
 * Hand-built marketplace: pA, pB, pC have purchases, pD has none and the same text as pA. User u1
 * bought pA only, so the candidates are pB, pC, pD. Blend: item-kNN 1, content 0.5, popularity 0.25,
 * percentile normalisation over the candidates each signal has an opinion on.
 * - item-kNN: pB (co-bought with pA by 2 users) > pC (by 1); no opinion on pD (nobody bought it): 1, 0.
 * - content: pD 1 (same text as pA), pB = pC = 0 (no shared terms): pD 1, pB and pC tie at 0.25.
 * - popularity: pB 12 > pC 6 > pD 0: 1, 0.5, 0.
 * Without a prior: pB (1 + 0.125 + 0.25) / 1.75 = 11/14, pC (0 + 0.125 + 0.125) / 1.75 = 1/7,
 * pD (0.5 * 1 + 0.25 * 0) / 0.75 = 2/3.
 * Prior weight 1, value 0 (strength k = 1 x 1.75): shrunk means pB 1.375 / 3.5 = 11/28, pC 0.25 / 3.5
 * = 1/14, pD 0.5 / 2.5 = 1/5, reported as b = (s (1.75 + k) - k * 0) / 1.75 = 2 s: pB 11/14 and pC 1/7
 * (every signal has an opinion: their plain means), pD 2/5 (a third of the evidence: shrunk).
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

/** The hand-built recommender: mean-rank ties and no prior unless the test says otherwise. */
function tiny(config: RecommenderConfigInput = {}): Recommender {
  return createRecommender({ signals: BLEND, fairness: NO_FAIRNESS, normalisation: 'percentile', ...config, blend: { ties: 'mean-rank', prior: { weight: 0 }, ...config.blend } }).fit(TINY);
}

/** Blended score per product id of u1's slate of 3. */
function blendOf(slate: Slate): Map<string, number> {
  return new Map(slate.trace.items.map((t) => [t.productId, t.blended] as const));
}

describe('absence of opinion', () => {
  it('blends each candidate over the signals with an opinion on it (hand-computed)', () => {
    const slate = tiny().recommend('u1', { n: 3 });
    expect(slate.items.map((i) => i.productId)).toEqual(['pB', 'pD', 'pC']);
    const b = blendOf(slate);
    expect(b.get('pB')).toBeCloseTo(11 / 14, 6);
    expect(b.get('pD')).toBeCloseTo(2 / 3, 6);
    expect(b.get('pC')).toBeCloseTo(1 / 7, 6);
    // The trace says item-kNN had no opinion on pD (a product nobody bought), and ranked pB and pC alone.
    const d = slate.trace.items[1]!;
    expect(d.raw[0]).toBeNull();
    expect(d.raw[1]).toBeCloseTo(1, 6);
    expect(slate.trace.items[2]!.normalised[0]).toBe(0);
  });

  it('explain: an absent signal is left out of the item\'s total, and the shares add up to its blend', () => {
    const rec = tiny();
    const slate = rec.recommend('u1', { n: 3 });
    const [b, d, c] = rec.explain(slate).items;
    expect(d!.lines[0]).toBe('item-knn: no opinion (its weight 1.0 left out of the total)');
    expect(d!.lines[1]).toBe('content: raw 1.000, normalised 1.000 x weight 0.5 / 0.75 = 0.667 of the blend');
    expect(b!.lines[0]).toBe('item-knn: raw 4.899, normalised 1.000 x weight 1.0 / 1.75 = 0.571 of the blend');
    for (const item of [b!, d!, c!]) {
      const sum = item.signals.reduce((acc, p) => acc + p.contribution, 0);
      expect(sum).toBeCloseTo(item.blended, 6);
    }
    // With the prior (weight 1, value 0) the shares still add up; pD's total says how it was shrunk.
    const shrunk = tiny({ blend: { prior: { weight: 1, value: 0 } } });
    const explained = shrunk.explain(shrunk.recommend('u1', { n: 3 })).items;
    for (const item of explained) expect(item.signals.reduce((acc, p) => acc + p.contribution, 0)).toBeCloseTo(item.blended, 6);
    // pD: total = W (active + k) / (W + k) = 1.75 x 2.5 / 3.5 = 1.25; content 0.5 x 1 / 1.25 = 0.4.
    expect(explained[1]!.lines).toContain('content: raw 1.000, normalised 1.000 x weight 0.5 / 1.25 = 0.400 of the blend');
    expect(explained[1]!.lines).toContain('evidence: signals with 0.75 of the weight 1.75 have an opinion; the prior (strength 1.75) makes the total 1.25');
  });

  it('gives 0, never NaN, to a candidate no signal has an opinion on, whatever the normalisation', () => {
    for (const normalisation of ['percentile-log', 'percentile', 'log-rank', 'min-max', 'z-score', 'reciprocal-rank'] as const) {
      const rec = tiny({ normalisation, signals: [{ type: 'item-knn' }, { type: 'ials', factors: 2, iterations: 3 }] });
      const slate = rec.recommend('u1', { n: 3 });
      const d = slate.trace.items.find((t) => t.productId === 'pD')!;
      expect(d.raw).toEqual([null, null]);
      for (const t of slate.trace.items) expect(Number.isFinite(t.blended)).toBe(true);
      for (const i of slate.items) expect(Number.isFinite(i.score)).toBe(true);
      if (normalisation !== 'z-score') expect(d.blended).toBe(0);
    }
  });
});

describe('the evidence prior', () => {
  it('shrinks each blend toward the prior value by its evidence (hand-computed, weight 1, value 0)', () => {
    const slate = tiny({ blend: { prior: { weight: 1, value: 0 } } }).recommend('u1', { n: 3 });
    const b = blendOf(slate);
    expect(b.get('pB')).toBeCloseTo(11 / 14, 6);
    expect(b.get('pC')).toBeCloseTo(1 / 7, 6);
    expect(b.get('pD')).toBeCloseTo(2 / 5, 6);
    expect(slate.items.map((i) => i.productId)).toEqual(['pB', 'pD', 'pC']);
    // A stronger prior shrinks pD further (weight 3: s = 0.5 / 6, b = s * 7 / 1.75 = 1/3); pB and pC stay.
    const strong = blendOf(tiny({ blend: { prior: { weight: 3, value: 0 } } }).recommend('u1', { n: 3 }));
    expect(strong.get('pD')).toBeCloseTo(1 / 3, 6);
    expect(strong.get('pB')).toBeCloseTo(11 / 14, 6);
  });

  it('a prior value m: full-evidence candidates keep their mean, one with less evidence moves toward m', () => {
    // Weight 1, value 0.5: k = 1.75, b = 2 s - 0.5. pD: s = (0.5 + 0.875) / 2.5 = 0.55, b = 0.6 (from 2/3 toward 0.5).
    const b = blendOf(tiny({ blend: { prior: { weight: 1, value: 0.5 } } }).recommend('u1', { n: 3 }));
    expect(b.get('pC')).toBeCloseTo(1 / 7, 6);
    expect(b.get('pB')).toBeCloseTo(11 / 14, 6);
    expect(b.get('pD')).toBeCloseTo(0.6, 6);
  });

  it('refuses a negative weight or a value outside [0, 1], naming the key', () => {
    for (const prior of [{ weight: -1 }, { value: 2 }]) {
      try {
        createRecommender({ blend: { prior } });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).path).toBe(`blend.prior.${Object.keys(prior)[0]}`);
      }
    }
  });
});

describe('the tie rule', () => {
  it('below: a tie group gets the share of candidates strictly below it (content\'s tie at the bottom gets 0)', () => {
    const slate = tiny({ blend: { ties: 'below' } }).recommend('u1', { n: 3 });
    const b = blendOf(slate);
    // content: pD 1, pB = pC = 0 (strictly below: none); pB (1 + 0 + 0.25) / 1.75, pC (0 + 0 + 0.125) / 1.75.
    expect(b.get('pB')).toBeCloseTo(1.25 / 1.75, 6);
    expect(b.get('pC')).toBeCloseTo(0.125 / 1.75, 6);
    expect(b.get('pD')).toBeCloseTo(2 / 3, 6);
  });
});

describe('absence on fixtures/marketplace', () => {
  let data: MarketplaceData;
  let cold: Set<string>;
  const FIXTURE_SIGNALS = [{ type: 'ials', factors: 8, iterations: 5 }, { type: 'item-knn' }, { type: 'content' }, { type: 'popularity', weight: 0.1 }];
  const COLLAB = [0, 1];

  beforeAll(async () => {
    ({ data } = await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace')));
    const withEvents = new Set(data.events.filter((e) => e.type !== 'impression').map((e) => e.productId));
    cold = new Set(data.products.filter((p) => !withEvents.has(p.id)).map((p) => p.id));
  });

  it('collaborative signals have no opinion on the 128 products without interactions; no NaN reaches a score; same after a model-file round trip', () => {
    const rec = createRecommender({ signals: FIXTURE_SIGNALS, fairness: NO_FAIRNESS, normalisation: 'percentile', weighting: { halfLifeDays: 14 }, blend: { prior: { weight: 0 } } }).fitRecords(data);
    const ds = rec.dataset;
    const ip = ds.itemUsers().indptr;
    let coldCount = 0;
    for (let p = 0; p < ds.products.size; p++) if (ip[p + 1] === ip[p]) coldCount++;
    expect(coldCount).toBe(128);
    expect(cold.size).toBe(128);
    const loaded = loadRecommender(JSON.stringify(rec));
    let coldShown = 0;
    for (const user of ds.users.ids().slice(0, 120)) {
      const slate = rec.recommend(user, { n: 20 });
      expect(loaded.recommend(user, { n: 20 })).toEqual(slate);
      for (const [r, t] of slate.trace.items.entries()) {
        expect(Number.isFinite(t.blended)).toBe(true);
        expect(Number.isFinite(slate.items[r]!.score)).toBe(true);
        const isCold = cold.has(t.productId);
        if (isCold) coldShown++;
        for (const s of COLLAB) if (isCold) expect(t.raw[s]).toBeNull();
      }
    }
    expect(coldShown).toBeGreaterThan(0);
  });
});
