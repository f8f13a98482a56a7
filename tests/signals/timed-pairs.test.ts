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

describe('ObservedItemEvents', () => {
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
