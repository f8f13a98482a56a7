import { describe, expect, it } from 'vitest';
import { SparseAccumulator } from '../../src/_internal/sparse-accumulator.js';

describe('SparseAccumulator', () => {
  it('sums by index and drains indices ascending, then starts empty', () => {
    const s = new SparseAccumulator();
    s.reserve(100);
    s.add(42, 1.5);
    s.add(3, 2);
    s.add(42, 0.25);
    const first = s.take(Float64Array);
    expect(Array.from(first.ids)).toEqual([3, 42]);
    expect(Array.from(first.sums)).toEqual([2, 1.75]);
    expect(s.count).toBe(0);
    expect(s.values[42]).toBe(0);
    s.add(3, 1);
    const second = s.take(Float64Array);
    expect(Array.from(second.ids)).toEqual([3]);
    expect(Array.from(second.sums)).toEqual([1]);
    expect(s.take(Float64Array).ids).toHaveLength(0);
  });

  it('writes float32 sums rounded when asked', () => {
    const s = new SparseAccumulator();
    s.reserve(4);
    s.add(1, 0.1);
    s.add(1, 0.2);
    const { sums } = s.take(Float32Array);
    expect(sums).toBeInstanceOf(Float32Array);
    expect(sums[0]).toBe(Math.fround(0.1 + 0.2));
  });

  it('grows its touched list past the first capacity', () => {
    const s = new SparseAccumulator();
    s.reserve(1000);
    for (let i = 999; i >= 0; i -= 3) s.add(i, i);
    const { ids, sums } = s.take(Float64Array);
    expect(ids).toHaveLength(334);
    expect(ids[0]).toBe(0);
    expect(sums[333]).toBe(999);
  });

  it('adds once per occurrence of each index of a list; a touched entry summing to 0 is still drained', () => {
    const s = new SparseAccumulator(8);
    s.addEach(Int32Array.of(5, 2, 5), 2);
    s.add(7, 1);
    s.add(7, -1);
    const { ids, sums } = s.take(Float64Array);
    expect(Array.from(ids)).toEqual([2, 5, 7]);
    expect(Array.from(sums)).toEqual([2, 4, 0]);
  });

  it('keeps the first-touch order and the dense values until reset, which zeroes only what was touched', () => {
    const s = new SparseAccumulator(6);
    s.add(4, 1);
    s.raise(1, 3);
    s.raise(4, 0.5); // lower than 1: kept
    s.raise(4, 2.5);
    expect(s.count).toBe(2);
    expect([s.touchedAt(0), s.touchedAt(1)]).toEqual([4, 1]);
    expect(Array.from(s.values)).toEqual([0, 3, 0, 0, 2.5, 0]);
    s.reset();
    expect(s.count).toBe(0);
    expect(Array.from(s.values)).toEqual([0, 0, 0, 0, 0, 0]);
    s.add(1, 1);
    expect(s.take(Float64Array).sums[0]).toBe(1);
  });

  it('reserve keeps the entries added so far', () => {
    const s = new SparseAccumulator(2);
    s.add(1, 5);
    s.reserve(50);
    expect(s.size).toBeGreaterThanOrEqual(50);
    s.add(40, 1);
    const { ids, sums } = s.take(Float64Array);
    expect(Array.from(ids)).toEqual([1, 40]);
    expect(Array.from(sums)).toEqual([5, 1]);
  });
});
