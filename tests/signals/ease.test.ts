/**
 * EASE (Steck 2019) on hand-checked cases: B = I - P diagMat(1 / diag P), diag(B) = 0 with
 * P = (XtX + lambda I)^-1, worked out by hand for 2 and 3 items, checked against a dense
 * Gauss-Jordan inverse on a larger case, and the maxItems refusal.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import { ConfigError, NotFittedError } from '../../src/errors.js';
import { createRecommender } from '../../src/engine/recommender.js';
import type { Event, Product } from '../../src/schema/entities.js';
import { createEase, EaseConfigSchema, fitEaseWeights } from '../../src/signals/ease.js';
import type { UserContext } from '../../src/signals/signal.js';
import { gaussJordanInverse } from '../internal/_matrix.js';

function dataset(items: number, cells: Array<[string, number, number]>): Dataset {
  const products: Product[] = Array.from({ length: items }, (_, i) => ({ id: `i${i}`, merchantId: 'm', title: `i${i}`, description: '', tags: [], category: '', inStock: true }));
  const events: Event[] = cells.map(([userId, i, weight]) => ({ userId, productId: `i${i}`, type: 'view', timestamp: 0, weight }));
  return buildDataset({ products, events }, { weighting: { halfLifeDays: null } });
}

// X (users x items) = [[1,1,0],[1,0,2],[0,1,1]]; XtX + I = [[3,1,2],[1,3,1],[2,1,6]], det 37,
// P = [[17,-4,-5],[-4,14,-1],[-5,-1,8]] / 37, so B_ij = -P_ij / P_jj:
// B = [[0, 4/14, 5/8], [4/17, 0, 1/8], [5/17, 1/14, 0]].
const THREE = (): Dataset => dataset(3, [['a', 0, 1], ['a', 1, 1], ['b', 0, 1], ['b', 2, 2], ['c', 1, 1], ['c', 2, 1]]);
const B3 = [
  [0, 4 / 14, 5 / 8],
  [4 / 17, 0, 1 / 8],
  [5 / 17, 1 / 14, 0],
];

function ctx(items: number[], weights: number[]): UserContext {
  return { userId: 'x', user: -1, items: Int32Array.from(items), weights: Float32Array.from(weights), now: 0, topics: [] };
}

function cfg(input: Record<string, unknown>) {
  return EaseConfigSchema.parse(input);
}

describe('EASE weights', () => {
  it('2 items: B01 = G01 / (G00 + lambda), B10 = G01 / (G11 + lambda)', () => {
    // a: i0 1, i1 1; b: i0 2; c: i1 3 -> G00 = 5, G01 = 1, G11 = 10.
    const ds = dataset(2, [['a', 0, 1], ['a', 1, 1], ['b', 0, 2], ['c', 1, 3]]);
    const B = fitEaseWeights(ds.interactions, cfg({ regularization: 1 }));
    expect(B[0]).toBe(0);
    expect(B[3]).toBe(0);
    expect(B[1]).toBeCloseTo(1 / 6, 7);
    expect(B[2]).toBeCloseTo(1 / 11, 7);
  });

  it('3 items by hand: the adjugate of XtX + I', () => {
    const B = fitEaseWeights(THREE().interactions, cfg({ regularization: 1 }));
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(B[i * 3 + j], `B${i}${j}`).toBeCloseTo(B3[i]![j]!, 6);
  });

  it('binary: 1 per cell, so XtX + I = 2I + J and every off-diagonal weight is 1/4', () => {
    const B = fitEaseWeights(THREE().interactions, cfg({ regularization: 1, binary: true }));
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(B[i * 3 + j]).toBeCloseTo(i === j ? 0 : 0.25, 6);
  });

  it('matches the closed form with a dense Gauss-Jordan inverse on 6 items', () => {
    const cells: Array<[string, number, number]> = [];
    for (let u = 0; u < 9; u++) for (let i = 0; i < 6; i++) if ((u * 7 + i * 3) % 4 !== 0) cells.push([`u${u}`, i, 1 + ((u + 2 * i) % 5) / 2]);
    const ds = dataset(6, cells);
    const n = 6;
    const lambda = 2.5;
    const G = new Float64Array(n * n);
    const m = ds.interactions;
    for (let u = 0; u < m.rows; u++)
      for (let a = m.indptr[u]!; a < m.indptr[u + 1]!; a++)
        for (let b = m.indptr[u]!; b < m.indptr[u + 1]!; b++) G[m.indices[a]! * n + m.indices[b]!]! += m.values[a]! * m.values[b]!;
    for (let i = 0; i < n; i++) G[i * n + i]! += lambda;
    const P = gaussJordanInverse(G, n);
    const B = fitEaseWeights(m, cfg({ regularization: lambda }));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const expected = (i === j ? 1 : 0) - P[i * n + j]! / P[j * n + j]!;
        expect(B[i * n + j], `B${i}${j}`).toBeCloseTo(i === j ? 0 : expected, 5);
      }
    }
  });
});

describe('EASE signal', () => {
  it('scores x B: the weighted sum of the rows of the user items', () => {
    const s = createEase({ regularization: 1 });
    s.fit(THREE());
    // items 0 (w 1) and 2 (w 2): p0 = 2 * 5/17, p1 = 4/14 + 2/14 = 3/7, p2 = 5/8.
    const scores = s.score(ctx([0, 2], [1, 2]), Int32Array.from([0, 1, 2, 7]));
    expect(scores[0]).toBeCloseTo(10 / 17, 6);
    expect(scores[1]).toBeCloseTo(3 / 7, 6);
    expect(scores[2]).toBeCloseTo(5 / 8, 6);
    expect(scores[3]).toBeNaN();
    const top = s.topN(ctx([0, 2], [1, 2]), 3, (p) => p === 0 || p === 2);
    expect(Array.from(top.ids)).toEqual([1]);
    expect(top.scores[0]).toBeCloseTo(3 / 7, 6);
    // No history: no opinion.
    expect(Array.from(s.score(ctx([], []), Int32Array.from([0, 1])))).toEqual([Number.NaN, Number.NaN]);
  });

  it('binary scoring ignores the history weights', () => {
    const s = createEase({ regularization: 1, binary: true });
    s.fit(THREE());
    const scores = s.score(ctx([0, 2], [1, 2]), Int32Array.from([1]));
    expect(scores[0]).toBeCloseTo(0.5, 6);
  });

  it('similarTo ranks the row B[product] best first, the product left out', () => {
    const s = createEase({ regularization: 1 });
    s.fit(THREE());
    const sim = s.similarTo(0, 5);
    expect(Array.from(sim.ids)).toEqual([2, 1]);
    expect(sim.scores[0]).toBeCloseTo(5 / 8, 6);
    expect(sim.scores[1]).toBeCloseTo(2 / 7, 6);
    expect(Array.from(s.similarTo(1, 5, (p) => p === 0).ids)).toEqual([2]);
  });

  it('refuses a catalogue above maxItems with a ConfigError naming the limit', () => {
    const s = createEase({ maxItems: 2 });
    expect(() => s.fit(THREE())).toThrow(ConfigError);
    try {
      s.fit(THREE());
    } catch (error) {
      expect((error as ConfigError).path).toBe('maxItems');
      expect((error as Error).message).toBe(
        'ease: the catalogue has 3 items, above maxItems 2 (EASE needs 3x3 dense memory and O(n^3) time); raise ease.maxItems or use ials / item-knn',
      );
    }
    expect(s.fitted).toBe(false);
    expect(() => s.weights).toThrow(NotFittedError);
    // At the limit it fits.
    const ok = createEase({ maxItems: 3 });
    ok.fit(THREE());
    expect(ok.fitted).toBe(true);
  });

  it('the default limit is 10000 items, and the recommender passes the refusal on at fit', () => {
    expect(createEase().config.maxItems).toBe(10_000);
    const rec = createRecommender({ signals: [{ type: 'ease', maxItems: 2 }] });
    expect(() =>
      rec.fit({
        products: ['i0', 'i1', 'i2'].map((id) => ({ id, merchantId: 'm', title: id })),
        events: [{ userId: 'a', productId: 'i0', type: 'view', timestamp: 1_700_000_000_000 }],
      }),
    ).toThrow(/above maxItems 2/);
  });

  it('config round trip and validation', () => {
    const s = createEase({ regularization: 3, binary: true });
    expect(s.toJSON()).toEqual({ type: 'ease', regularization: 3, maxItems: 10_000, binary: true });
    expect(createEase(s.toJSON()).toJSON()).toEqual(s.toJSON());
    expect(() => createEase({ regularization: 0 })).toThrow(/regularization/);
    expect(() => createEase({ maxItems: 0 })).toThrow(ConfigError);
  });
});
