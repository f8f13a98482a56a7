import { describe, expect, it } from 'vitest';
import { csrGet } from '../../src/dataset/csr.js';
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import type { Event, Product } from '../../src/schema/entities.js';
import { createItemKnn } from '../../src/signals/item-knn.js';
import type { UserContext } from '../../src/signals/signal.js';

// Hand case, users x items (weights):
//        i0  i1  i2
//   a     1   1   .
//   b     1   .   2
//   c     .   1   1
// Columns i0 = (1,1,0), i1 = (1,0,1), i2 = (0,2,1); norms sqrt2, sqrt2, sqrt5.
// cos(i0,i1) = 1/2, cos(i0,i2) = 2/sqrt10, cos(i1,i2) = 1/sqrt10, cos(i,i) = 1.
function handDataset(): Dataset {
  const products: Product[] = ['i0', 'i1', 'i2'].map((id) => ({ id, merchantId: 'm', title: id, description: '', tags: [], category: '', inStock: true }));
  const ev = (userId: string, productId: string, weight: number): Event => ({ userId, productId, type: 'view', timestamp: 0, weight });
  const events = [ev('a', 'i0', 1), ev('a', 'i1', 1), ev('b', 'i0', 1), ev('b', 'i2', 2), ev('c', 'i1', 1), ev('c', 'i2', 1)];
  return buildDataset({ products, events }, { weighting: { halfLifeDays: null } });
}

const SQRT10 = Math.sqrt(10);

function ctx(items: number[], weights: number[]): UserContext {
  return { userId: 'x', user: -1, items: Int32Array.from(items), weights: Float32Array.from(weights), now: 0, topics: [] };
}

describe('item-kNN', () => {
  it('computes cosine similarities on a 3x3 hand case', () => {
    const s = createItemKnn();
    s.fit(handDataset());
    const S = s.similarity;
    const expected = [
      [1, 0.5, 2 / SQRT10],
      [0.5, 1, 1 / SQRT10],
      [2 / SQRT10, 1 / SQRT10, 1],
    ];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(csrGet(S, i, j)).toBeCloseTo(expected[i]![j]!, 6);
    // Rows are sorted by column.
    for (let i = 0; i < 3; i++) expect(Array.from(S.indices.subarray(S.indptr[i]!, S.indptr[i + 1]!))).toEqual([0, 1, 2]);
  });

  it('shrinks by dot / (|a||b| + s)', () => {
    const s = createItemKnn({ shrinkage: 1 });
    s.fit(handDataset());
    const S = s.similarity;
    expect(csrGet(S, 0, 0)).toBeCloseTo(2 / 3, 6);
    expect(csrGet(S, 0, 1)).toBeCloseTo(1 / 3, 6);
    expect(csrGet(S, 0, 2)).toBeCloseTo(2 / (SQRT10 + 1), 6);
    expect(csrGet(S, 1, 2)).toBeCloseTo(1 / (SQRT10 + 1), 6);
    expect(csrGet(S, 2, 2)).toBeCloseTo(5 / 6, 6);
  });

  it('binary: uses 1 per cell instead of the weights', () => {
    const s = createItemKnn({ binary: true });
    s.fit(handDataset());
    // i2 = (0,1,1): every pair shares one user, every norm is sqrt2.
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) expect(csrGet(s.similarity, i, j)).toBeCloseTo(0.5, 6);
  });

  it('keeps the K best neighbours per item (itself included)', () => {
    const s = createItemKnn({ neighbours: 2 });
    s.fit(handDataset());
    const S = s.similarity;
    const row = (i: number): number[] => Array.from(S.indices.subarray(S.indptr[i]!, S.indptr[i + 1]!));
    expect(row(0)).toEqual([0, 2]); // 1, 0.632 > 0.5
    expect(row(1)).toEqual([0, 1]); // 1, 0.5 > 0.316
    expect(row(2)).toEqual([0, 2]); // 1, 0.632 > 0.316
    expect(csrGet(S, 0, 1)).toBe(0);
  });

  it('scores sum over the history of weight x similarity', () => {
    const s = createItemKnn();
    s.fit(handDataset());
    const scores = s.score(ctx([0, 1], [1, 2]), Int32Array.from([0, 1, 2]));
    expect(scores[0]).toBeCloseTo(1 + 2 * 0.5, 6);
    expect(scores[1]).toBeCloseTo(0.5 + 2 * 1, 6);
    expect(scores[2]).toBeCloseTo(2 / SQRT10 + 2 / SQRT10, 6);
    const top = s.topN(ctx([0, 1], [1, 2]), 3, (p) => p !== 2);
    expect(Array.from(top.ids)).toEqual([2]);
    expect(top.scores[0]).toBeCloseTo(4 / SQRT10, 6);
  });

  it('similarTo ranks neighbours by cosine, the product left out', () => {
    const s = createItemKnn();
    s.fit(handDataset());
    const sim = s.similarTo(0, 5);
    expect(Array.from(sim.ids)).toEqual([2, 1]);
    expect(sim.scores[0]).toBeCloseTo(2 / SQRT10, 6);
    expect(sim.scores[1]).toBeCloseTo(0.5, 6);
  });

  it('topN leaves out products no neighbour list reaches', () => {
    const products: Product[] = ['i0', 'i1', 'i2'].map((id) => ({ id, merchantId: 'm', title: id, description: '', tags: [], category: '', inStock: true }));
    const ds = buildDataset({ products, events: [{ userId: 'a', productId: 'i0', type: 'view', timestamp: 0 }, { userId: 'a', productId: 'i1', type: 'view', timestamp: 0 }] });
    const s = createItemKnn();
    s.fit(ds);
    const top = s.topN(ctx([0], [1]), 10);
    expect(Array.from(top.ids)).toEqual([0, 1]);
  });
});
