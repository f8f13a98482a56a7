import { describe, expect, it } from 'vitest';
import { StampedValues } from '../../src/text/stamped-values.js';
import { WeightedTermCounter } from '../../src/text/weighted-term-counter.js';

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
