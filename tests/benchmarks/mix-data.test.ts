import { describe, expect, it } from 'vitest';
import { fixedSplit, fixtureCuts, type MixDataset } from '../../benchmarks/_mix-data.js';
import { evaluate } from '../../src/evaluation/runner/evaluate.js';
import type { Event } from '../../src/schema/entities.js';

const ev = (userId: string, productId: string, type: string, timestamp: number): Event => ({ userId, productId, type, timestamp });

describe('fixedSplit (the mix datasets as the runner\'s split)', () => {
  it('keeps as test events only the relevant pairs of the kept users', () => {
    const train = [ev('u1', 'a', 'click', 1), ev('u2', 'a', 'click', 1)];
    const test = [
      ev('u1', 'b', 'click', 2), // relevant
      ev('u1', 'c', 'impression', 2), // not relevant (type)
      ev('u1', 'd', 'view', 2), // positive, but not of the dataset's relevant types
      ev('u1', 'b', 'purchase', 3), // relevant pair again: kept
      ev('u2', 'b', 'click', 2), // user not kept (sampled out)
    ];
    const d: MixDataset = {
      name: 'tiny',
      train: { products: [], merchants: [], events: train, topics: [] },
      test,
      relevant: new Map([['u1', new Set(['b'])]]),
      now: 1,
    };
    const split = fixedSplit(d);
    expect(split.train).toBe(train);
    expect(split.test).toEqual([test[0], test[3]]);
    expect(test).toHaveLength(5); // does not mutate its input
  });

  it('gives the runner the dataset\'s relevant sets: the same per-user recall as the runner\'s own rule for the same types', async () => {
    const d = (await fixtureCuts())[1]!;
    const run = (split: Parameters<typeof evaluate>[0]['split'], relevantTypes?: string[]): readonly number[] => {
      const report = evaluate({
        dataset: { name: d.name, data: d.train },
        split,
        models: [{ name: 'pop', config: { signals: [{ type: 'popularity' }] } }],
        metrics: ['recall'],
        k: 10,
        ...(relevantTypes === undefined ? {} : { relevantTypes }),
      });
      expect(report.users).toEqual([...d.relevant.keys()].sort());
      return report.runs[0]!.metrics['recall@10']!.perUser!;
    };
    const mix = run(fixedSplit(d));
    expect(mix.some((v) => v > 0)).toBe(true);
    expect(mix).toEqual(run({ strategy: 'all', train: d.train.events, test: d.test }, ['click', 'cart', 'purchase']));
  });
});
