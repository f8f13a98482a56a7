import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/dataset/id-index.js';
import { ObservedItemEvents } from '../../src/signals/observed-item-events.js';
import { TimedPairs } from '../../src/signals/timed-pairs.js';

const pairs = (t: TimedPairs) => Array.from({ length: t.length }, (_, i) => [t.timeAt(i), t.valueAt(i)]);

describe('TimedPairs', () => {
  it('keeps pairs in time order, equal times in arrival order, across growth', () => {
    const t = new TimedPairs(1);
    expect([t.first, t.last, t.length]).toEqual([Infinity, -Infinity, 0]);
    for (const [time, value] of [[5, 1], [3, 2], [5, 3], [9, 4], [1, 5], [5, 6]] as const) t.insert(time, value);
    expect(pairs(t)).toEqual([[1, 5], [3, 2], [5, 1], [5, 3], [5, 6], [9, 4]]);
    expect([t.first, t.last]).toEqual([1, 9]);
    // upperBound: pairs with time <= x.
    expect([t.upperBound(0), t.upperBound(1), t.upperBound(4.9), t.upperBound(5), t.upperBound(100)]).toEqual([0, 1, 2, 5, 6]);
  });

  it('drops the pairs older than a time and keeps answering after it', () => {
    const t = new TimedPairs();
    for (let i = 0; i < 100; i++) t.insert(i, i);
    expect(t.dropBefore(90)).toBe(10 * 9);
    expect(t.dropBefore(90)).toBe(0);
    expect(pairs(t)[0]).toEqual([90, 90]);
    expect(t.length).toBe(10);
    expect(t.upperBound(94.5)).toBe(5);
    t.insert(91.5, -1);
    expect(pairs(t).slice(0, 4)).toEqual([[90, 90], [91, 91], [91.5, -1], [92, 92]]);
    expect(t.toArrays()).toEqual({ times: Float64Array.from([90, 91, 91.5, 92, 93, 94, 95, 96, 97, 98, 99]), values: Int32Array.from([90, 91, -1, 92, 93, 94, 95, 96, 97, 98, 99]) });
  });
});

describe('TimedPairs.insertSorted', () => {
  it('appends a batch newer than the held pairs and merges an older one in one pass, held pairs first at equal times', () => {
    const t = new TimedPairs();
    t.insertSorted([1, 3, 5], [10, 30, 50]);
    t.insertSorted([5, 7], [51, 70]);
    expect(pairs(t)).toEqual([[1, 10], [3, 30], [5, 50], [5, 51], [7, 70]]);
    t.insertSorted([0, 3, 6], [0, 31, 60]);
    expect(pairs(t)).toEqual([[0, 0], [1, 10], [3, 30], [3, 31], [5, 50], [5, 51], [6, 60], [7, 70]]);
    expect(t.upperBound(5)).toBe(6);
  });
});

describe('ObservedItemEvents', () => {
  it('a batch in any order gives the state of the same batch in time order', () => {
    const events = Array.from({ length: 200 }, (_, i) => ({ product: i % 7, userId: `u${i % 13}`, time: 1000 + ((i * 37) % 101) }));
    const ascending = new ObservedItemEvents(IdIndex.from(['u1', 'u2']), 1e6);
    ascending.add([...events].sort((a, b) => a.time - b.time));
    const shuffled = new ObservedItemEvents(IdIndex.from(['u1', 'u2']), 1e6);
    shuffled.add([...events].reverse());
    for (let p = 0; p < 7; p++) expect(pairs(shuffled.ofProduct(p)!).map(([t]) => t)).toEqual(pairs(ascending.ofProduct(p)!).map(([t]) => t));
    expect(pairs(shuffled.all).map(([t]) => t)).toEqual(pairs(ascending.all).map(([t]) => t));
  });

  it('forgets the users new since the fit whose events were dropped: the table stays near the live ones', () => {
    const o = new ObservedItemEvents(IdIndex.from(['fitted']), 10 * 86_400_000);
    // 100 days of 200 one-off visitors a day, 10 days kept.
    for (let day = 0; day < 100; day++) {
      o.add(Array.from({ length: 200 }, (_, i) => ({ product: i % 5, userId: `d${day}-v${i}`, time: day * 86_400_000 + i * 1000 })));
    }
    // Live: at most 10 + 10/8 days of visitors (the pruning slack) plus the 8-event clock; bound: twice that plus 64.
    expect(o.length).toBeLessThanOrEqual(12 * 200);
    expect(o.userKeys - 1).toBeLessThanOrEqual(2 * 12 * 200 + 64);
    // The users still held keep counting once: the last day's visitors are all there.
    const last = o.ofProduct(0)!;
    expect(last.timeAt(last.length - 1)).toBe(99 * 86_400_000 + 195 * 1000);
  });

  it('keys fitted users by their index and new users after them', () => {
    const o = new ObservedItemEvents(IdIndex.from(['a', 'b']), 1000);
    o.add([{ product: 0, userId: 'x', time: 5 }, { product: 0, userId: 'b', time: 6 }, { product: 1, userId: 'x', time: 4 }]);
    expect(o.userKeys).toBe(3);
    expect(pairs(o.ofProduct(0)!)).toEqual([[5, 2], [6, 1]]);
    expect(pairs(o.all)).toEqual([[4, 1], [5, 0], [6, 0]]);
    expect(o.ofProduct(7)).toBeUndefined();
  });

  it('drops events once the oldest is more than an eighth of the retention before the 8th newest', () => {
    const o = new ObservedItemEvents(IdIndex.from([]), 800);
    const at = (product: number, time: number) => ({ product, userId: `u${time}`, time });
    o.add([at(0, 0), at(1, 100), ...Array.from({ length: 7 }, (_, i) => at(2, 800 + i))]);
    // 8th newest 100: nothing to drop.
    o.add([at(2, 900)]);
    // 8th newest 800: horizon 0, the oldest (0) is not before it.
    expect(o.length).toBe(10);
    // 8th newest 801 (901, 900, 806 .. 801): horizon 1, the oldest (0) only 1 before it.
    o.add([at(2, 901)]);
    expect(o.length).toBe(11);
    // Eight more at 1000..1007: the 8th newest 1000, horizon 200, the oldest 200 past it (> 100): 0 and 100 go.
    o.add(Array.from({ length: 8 }, (_, i) => at(3, 1000 + i)));
    expect(o.length).toBe(17);
    expect([o.ofProduct(0), o.ofProduct(1)]).toEqual([undefined, undefined]);
    expect(o.first).toBe(800);
  });

  it('a few events dated far ahead do not move the clock: the present stays', () => {
    const o = new ObservedItemEvents(IdIndex.from([]), 800);
    o.add(Array.from({ length: 20 }, (_, i) => ({ product: 0, userId: `u${i}`, time: 1000 + i })));
    o.add(Array.from({ length: 7 }, (_, i) => ({ product: 1, userId: `w${i}`, time: 1e15 + i })));
    expect(o.length).toBe(27);
    expect(o.ofProduct(0)!.length).toBe(20);
  });
});
