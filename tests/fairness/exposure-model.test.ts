import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createExposureModel, exposureAt, exposureTable } from '../../src/fairness/index.js';

describe('exposure models', () => {
  it('log model is 1/log2(i+1)', () => {
    const log = createExposureModel();
    expect(log).toEqual({ kind: 'log' });
    expect(exposureAt(log, 1)).toBe(1);
    expect(exposureAt(log, 3)).toBe(0.5);
    expect(exposureAt(log, 7)).toBeCloseTo(1 / 3, 15);
    expect(exposureAt(log, 2)).toBeCloseTo(0.6309297535714575, 15);
  });

  it('geometric model is gamma^(i-1), default gamma 0.8', () => {
    expect(createExposureModel({ kind: 'geometric' })).toEqual({ kind: 'geometric', gamma: 0.8 });
    const g = createExposureModel({ kind: 'geometric', gamma: 0.5 });
    expect(Array.from(exposureTable(g, 4))).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it("custom model reads the caller's array and is 0 past its end", () => {
    const c = createExposureModel({ kind: 'custom', weights: [1, 0.7, 0.2] });
    expect(Array.from(exposureTable(c, 5))).toEqual([1, 0.7, 0.2, 0, 0]);
  });

  it('table matches exposureAt rank by rank', () => {
    const log = createExposureModel();
    const t = exposureTable(log, 20);
    expect(t).toBeInstanceOf(Float64Array);
    expect(t.length).toBe(20);
    for (let i = 1; i <= 20; i++) expect(t[i - 1]).toBe(exposureAt(log, i));
    expect(exposureTable(log, 0).length).toBe(0);
  });

  it('rejects bad ranks and bad configs', () => {
    const log = createExposureModel();
    expect(() => exposureAt(log, 0)).toThrow(RangeError);
    expect(() => exposureAt(log, 1.5)).toThrow(RangeError);
    expect(() => createExposureModel({ kind: 'geometric', gamma: 0 })).toThrow(ConfigError);
    expect(() => createExposureModel({ kind: 'geometric', gamma: 0 })).toThrow(/^exposure model config: gamma: Too small: expected number to be >0$/);
    expect(() => createExposureModel({ kind: 'custom', weights: [-1] })).toThrow(ConfigError);
    expect(() => createExposureModel({ kind: 'custom', weights: [] })).toThrow(/^exposure model config: weights: Too small: expected array to have >=1 items$/);
  });
});
