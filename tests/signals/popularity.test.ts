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
    expect(s.toJSON()).toEqual({ type: 'popularity', measure: 'users', halfLifeDays: 'interest', recentShare: 0.1 });
    expect(createPopularity(s.toJSON()).toJSON()).toEqual(s.toJSON());
    expect(() => createPopularity({ measure: 'clicks' } as never)).toThrow(ConfigError);
    expect(() => createPopularity({ measure: 'clicks' } as never)).toThrow(/measure/);
    expect(() => createPopularity().mass).toThrow(NotFittedError);
    expect(createPopularity().halfLifeDays).toBeUndefined();
  });
});

describe('popularity with its own half-life', () => {
  // Ages in days at T of the events with a positive weight: 0 0 0 0 (p4's future event counts 0) 7 7 14 28 42.
  it('a half-life in days decays the events themselves, not the matrix (whose half-life is 14 days)', () => {
    const s = createPopularity({ halfLifeDays: 7 });
    s.fit(handDataset());
    // p0: 1 + 6/4 + 1/2; p1: 2/16 + 4/2 + 1; p3: 3/64 + 10; p4: a future event counts 1.
    [3, 3.125, 0, 10.046875, 1].forEach((m, p) => expect(s.mass[p], `p${p}`).toBeCloseTo(m, 6));
    expect(s.halfLifeDays).toBe(7);
  });

  it("'interest' is the matrix's decay (the behaviour without the option), null no decay at all", () => {
    const interest = createPopularity({ halfLifeDays: 'interest' });
    interest.fit(handDataset());
    MASS.forEach((m, p) => expect(interest.mass[p], `p${p}`).toBeCloseTo(m, 5));
    expect(interest.halfLifeDays).toBe('interest');
    const none = createPopularity({ halfLifeDays: null });
    none.fit(handDataset());
    expect(Array.from(none.mass)).toEqual([8, 7, 0, 13, 1]);
    expect(none.halfLifeDays).toBeNull();
  });

  it("'auto' takes the age below which recentShare of the events lie; an age of 0 means no decay", () => {
    const half = createPopularity({ halfLifeDays: 'auto', recentShare: 0.5 });
    half.fit(handDataset());
    // The 5th of the 9 ages (index floor(8 * 0.5) = 4) is 7 days: the same masses as halfLifeDays 7.
    expect(half.halfLifeDays).toBe(7);
    [3, 3.125, 0, 10.046875, 1].forEach((m, p) => expect(half.mass[p], `p${p}`).toBeCloseTo(m, 6));
    const all = createPopularity({ halfLifeDays: 'auto', recentShare: 1 });
    all.fit(handDataset());
    expect(all.halfLifeDays).toBe(42);
    // Index floor(8 * 0.1) = 0: the youngest events are at the reference time, so nothing decays.
    const tenth = createPopularity({ halfLifeDays: 'auto', recentShare: 0.1 });
    tenth.fit(handDataset());
    expect(tenth.halfLifeDays).toBeNull();
    expect(Array.from(tenth.mass)).toEqual([8, 7, 0, 13, 1]);
  });

  it('measure users sums each user\'s decay factor at their latest event on the product', () => {
    const s = createPopularity({ measure: 'users', halfLifeDays: 7 });
    s.fit(handDataset());
    // p0: a (0 days) 1 + b (7) 1/2; p1: b (28) 1/16 + c (7) 1/2 + e (0) 1; p3: a (42) 1/64 + d 1; p4: f 1.
    expect(Array.from(s.mass)).toEqual([1.5, 1.5625, 0, 1.015625, 1]);
  });

  it('bad input: a share outside (0, 1], a half-life not positive or unknown', () => {
    for (const bad of [{ recentShare: 0 }, { recentShare: 1.5 }, { recentShare: Number.NaN }, { halfLifeDays: 0 }, { halfLifeDays: -3 }, { halfLifeDays: 'weekly' }]) {
      expect(() => createPopularity(bad as never), JSON.stringify(bad)).toThrow(ConfigError);
    }
    expect(() => createPopularity({ recentShare: 2 })).toThrow(/recentShare/);
  });
});

