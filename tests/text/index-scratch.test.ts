import { describe, expect, it } from 'vitest';
import { SparseSums } from '../../src/text/sparse-sums.js';
import { StampedValues } from '../../src/text/stamped-values.js';
import { WeightedTermCounter } from '../../src/text/weighted-term-counter.js';

describe('SparseSums', () => {
  it('sums by id and drains ids ascending, then starts empty', () => {
    const s = new SparseSums();
    s.reserve(100);
    s.add(42, 1.5);
    s.add(3, 2);
    s.add(42, 0.25);
    const first = s.take(Float64Array);
    expect(Array.from(first.ids)).toEqual([3, 42]);
    expect(Array.from(first.sums)).toEqual([2, 1.75]);
    s.add(3, 1);
    const second = s.take(Float64Array);
    expect(Array.from(second.ids)).toEqual([3]);
    expect(Array.from(second.sums)).toEqual([1]);
    expect(s.take(Float64Array).ids).toHaveLength(0);
  });

  it('writes float32 sums rounded when asked', () => {
    const s = new SparseSums();
    s.reserve(4);
    s.add(1, 0.1);
    s.add(1, 0.2);
    const { sums } = s.take(Float32Array);
    expect(sums).toBeInstanceOf(Float32Array);
    expect(sums[0]).toBe(Math.fround(0.1 + 0.2));
  });

  it('grows its touched list past the first capacity', () => {
    const s = new SparseSums();
    s.reserve(1000);
    for (let i = 999; i >= 0; i -= 3) s.add(i, i);
    const { ids, sums } = s.take(Float64Array);
    expect(ids).toHaveLength(334);
    expect(ids[0]).toBe(0);
    expect(sums[333]).toBe(999);
  });
});

describe('WeightedTermCounter', () => {
  it('tf = sum of field weight x count, terms ascending, length their sum', () => {
    const c = new WeightedTermCounter();
    c.add(Int32Array.of(5, 2, 5), 2, 6); // title: 5 twice, 2 once
    c.add(Int32Array.of(2, 0), 0.5, 6); // description
    const d = c.take();
    expect(Array.from(d.terms)).toEqual([0, 2, 5]);
    expect(Array.from(d.tf)).toEqual([0.5, 2.5, 4]);
    expect(d.length).toBe(7);
    const next = c.take();
    expect(next.terms).toHaveLength(0);
    expect(next.length).toBe(0);
  });

  it('rounds frequencies to float32 before summing the length', () => {
    const c = new WeightedTermCounter();
    c.add(Int32Array.of(0), 0.1, 1);
    const d = c.take();
    expect(d.tf[0]).toBe(Math.fround(0.1));
    expect(d.length).toBe(Math.fround(0.1));
  });
});

describe('StampedValues', () => {
  it('computes a value once per version', () => {
    let calls = 0;
    let base = 10;
    const v = new StampedValues((i) => {
      calls++;
      return base + i;
    });
    expect(v.get(3, 1)).toBe(13);
    base = 20;
    expect(v.get(3, 1)).toBe(13); // same version: kept
    expect(calls).toBe(1);
    expect(v.get(3, 2)).toBe(23);
    expect(v.get(100, 2)).toBe(120); // grows past its first capacity
    expect(calls).toBe(3);
  });
});
