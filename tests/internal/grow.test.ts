import { describe, expect, it } from 'vitest';
import { grow } from '../../src/_internal/grow.js';

describe('grow', () => {
  it('returns the array itself when it is long enough', () => {
    const a = Int32Array.of(1, 2, 3);
    expect(grow(a, 3)).toBe(a);
    expect(grow(a, 0)).toBe(a);
  });

  it('copies into a new array of the same kind: max(min, 2 x length, 8) elements, zeros after', () => {
    expect(Array.from(grow(Int32Array.of(4, 5), 3))).toEqual([4, 5, 0, 0, 0, 0, 0, 0]);
    const f = grow(new Float64Array(10).fill(0.5), 11);
    expect(f).toBeInstanceOf(Float64Array);
    expect(f.length).toBe(20);
    expect(f[9]).toBe(0.5);
    expect(f[10]).toBe(0);
    const u = grow(new Uint8Array(2), 50);
    expect(u).toBeInstanceOf(Uint8Array);
    expect(u.length).toBe(50);
    expect(grow(new Float32Array(0), 1)).toBeInstanceOf(Float32Array);
  });

  it('does not mutate its input', () => {
    const a = Float32Array.of(1.5, 2.5);
    const b = grow(a, 5);
    b[0] = 9;
    expect(Array.from(a)).toEqual([1.5, 2.5]);
  });
});
