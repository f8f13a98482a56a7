/**
 * The tuner's noise guard defaults to two standard errors: on the fixtures' temporal split (51
 * validation users) the one-standard-error rule keeps changes that two do not (and that lost on
 * the test split: benchmarks/out/tune.md, docs/tuning.md).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporalSplit } from '../../src/evaluation/split/temporal.js';
import { DEFAULT_MIN_GAIN_STANDARD_ERRORS, tuneBlend, type TuneBlendOptions } from '../../src/evaluation/tune/tune-blend.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

let train: MarketplaceData;

beforeAll(async () => {
  const { data } = await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'));
  train = { ...data, events: temporalSplit(data.events, { quantile: 0.8, dropUsersWithoutTrain: true }).train };
});

describe('the noise guard of tuneBlend', () => {
  const tune = (extra: Partial<TuneBlendOptions>) => tuneBlend({ data: train, validation: { strategy: 'temporal', quantile: 0.8 }, grids: { halfLives: [] }, ...extra });

  it('defaults to 2 standard errors: the default keeps what 2 keeps, and 1 keeps more', () => {
    expect(DEFAULT_MIN_GAIN_STANDARD_ERRORS).toBe(2);
    const byDefault = tune({});
    const two = tune({ minGainStandardErrors: 2 });
    const one = tune({ minGainStandardErrors: 1 });
    expect(byDefault.steps).toEqual(two.steps);
    expect(byDefault.config).toEqual(two.config);
    expect(one.steps.length).toBeGreaterThan(two.steps.length);
    // Every change the default kept clears two standard errors of the per-user gains.
    for (const s of byDefault.steps) expect(s.gain).toBeGreaterThan(2 * s.standardError);
    // One the 1-SE rule kept does not.
    expect(one.steps.some((s) => s.gain <= 2 * s.standardError)).toBe(true);
  });
});
