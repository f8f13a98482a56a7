/**
 * Popularity: time-decayed interaction mass per product, computed by hand (DESIGN.md 3: weight
 * typeWeight * 2^(-(now - t) / halfLife), half-life 14 days), and the distinct-user count.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset, type Dataset } from '../../src/dataset/dataset.js';
import { DAY_MS } from '../../src/dataset/event-weighting.js';
import { ConfigError, NotFittedError } from '../../src/errors.js';
import type { Event, Product } from '../../src/schema/entities.js';
import { createPopularity } from '../../src/signals/popularity.js';
import type { UserContext } from '../../src/signals/signal.js';

const T = Date.UTC(2026, 5, 1);

function handDataset(now = T): Dataset {
  const products: Product[] = ['p0', 'p1', 'p2', 'p3', 'p4'].map((id) => ({ id, merchantId: 'm', title: id, description: '', tags: [], category: '', inStock: true }));
  const ev = (userId: string, productId: string, type: string, daysAgo: number, weight?: number): Event => ({
    userId,
    productId,
    type,
    timestamp: T - daysAgo * DAY_MS,
    ...(weight === undefined ? {} : { weight }),
  });
  const events: Event[] = [
    ev('a', 'p0', 'view', 0), // 1
    ev('a', 'p0', 'purchase', 14), // 6 * 1/2 = 3
    ev('b', 'p0', 'view', 7), // 2^-0.5
    ev('b', 'p1', 'click', 28), // 2 * 1/4 = 0.5
    ev('c', 'p1', 'cart', 7), // 4 * 2^-0.5
    ev('e', 'p1', 'view', 0), // 1
    ev('c', 'p2', 'impression', 0), // 0: not in the matrix
    ev('a', 'p3', 'like', 42), // 3 * 1/8 = 0.375
    ev('d', 'p3', 'view', 0, 10), // explicit weight 10
    ev('f', 'p4', 'view', -1), // one day after now: not amplified, 1
  ];
  return buildDataset({ products, events }, { now, weighting: { halfLifeDays: 14 } });
}

const H = Math.SQRT1_2; // 2^-0.5
const MASS = [1 + 3 + H, 0.5 + 4 * H + 1, 0, 0.375 + 10, 1];

function anyone(userId: string): UserContext {
  return { userId, user: -1, items: new Int32Array(0), weights: new Float32Array(0), now: T, topics: [] };
}

describe('popularity', () => {
  it('mass is the sum of decayed event weights per product', () => {
    const s = createPopularity();
    s.fit(handDataset());
    const mass = Array.from(s.mass);
    MASS.forEach((m, p) => expect(mass[p], `p${p}`).toBeCloseTo(m, 5));
    expect(mass[0]).toBeCloseTo(4.707107, 5);
    expect(mass[1]).toBeCloseTo(4.328427, 5);
  });

  it('ranks by mass, ties by index, excluded products skipped, the same for every user', () => {
    const s = createPopularity();
    s.fit(handDataset());
    const top = s.topN(anyone('x'), 3);
    expect(Array.from(top.ids)).toEqual([3, 0, 1]);
    expect(top.scores[0]).toBeCloseTo(10.375, 5);
    expect(Array.from(s.topN(anyone('y'), 3, (p) => p === 3).ids)).toEqual([0, 1, 4]);
    // Zero mass is an opinion (the least popular), not absence.
    expect(Array.from(s.topN(anyone('z'), 10).ids)).toEqual([3, 0, 1, 4, 2]);
    const a = s.score(anyone('a'), Int32Array.from([4, 2, 0, 99]));
    expect(a[0]).toBeCloseTo(1, 6);
    expect(a[1]).toBe(0);
    expect(a[2]).toBeCloseTo(MASS[0]!, 5);
    expect(a[3]).toBeNaN();
    expect(Array.from(s.score(anyone('b'), Int32Array.from([4, 2, 0])))).toEqual(Array.from(a.subarray(0, 3)));
  });

  it('measure users counts distinct users with a positive-weight interaction', () => {
    const s = createPopularity({ measure: 'users' });
    s.fit(handDataset());
    expect(Array.from(s.mass)).toEqual([2, 3, 0, 2, 1]);
    expect(Array.from(s.topN(anyone('x'), 5).ids)).toEqual([1, 0, 3, 4, 2]);
  });

  it('a later reference time decays every mass by the same factor', () => {
    const s = createPopularity();
    s.fit(handDataset(T + 14 * DAY_MS));
    // p4's event is now in the past (13 days): 2^(-13/14); the rest halve.
    expect(s.mass[0]).toBeCloseTo(MASS[0]! / 2, 5);
    expect(s.mass[3]).toBeCloseTo(MASS[3]! / 2, 5);
    expect(s.mass[4]).toBeCloseTo(Math.pow(2, -13 / 14), 5);
  });

  it('config: round trip, strict keys, not fitted', () => {
    const s = createPopularity({ measure: 'users' });
    expect(s.toJSON()).toEqual({ type: 'popularity', measure: 'users' });
    expect(createPopularity(s.toJSON()).toJSON()).toEqual(s.toJSON());
    expect(() => createPopularity({ measure: 'clicks' } as never)).toThrow(ConfigError);
    expect(() => createPopularity({ measure: 'clicks' } as never)).toThrow(/measure/);
    expect(() => createPopularity().mass).toThrow(NotFittedError);
  });
});

