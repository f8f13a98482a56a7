/**
 * fit / fitAsync report their progress through `onProgress` (issue 15: the CLI used to wrap each
 * signal's fit on the instance instead): the dataset, each signal by name as it starts, the end.
 */
import { describe, expect, it } from 'vitest';
import type { FitProgress } from '../../src/engine/fit-progress.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { sequentialRunner } from '../../src/parallel/run.js';

const products = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, merchantId: `m${i % 2}`, title: `thing ${i}` }));
const events = Array.from({ length: 12 }, (_, i) => ({ userId: `u${i % 3}`, productId: `p${(i * 5) % 6}`, type: 'view', timestamp: i * 1000 }));
const SIGNALS = [{ type: 'ials', factors: 2, iterations: 1 }, { type: 'popularity', name: 'pop' }, { type: 'item-knn' }] as const;

const EXPECTED: FitProgress[] = [
  { stage: 'dataset', signal: null, done: 0, total: 3 },
  { stage: 'signal', signal: 'ials', done: 0, total: 3 },
  { stage: 'signal', signal: 'pop', done: 1, total: 3 },
  { stage: 'signal', signal: 'item-knn', done: 2, total: 3 },
  { stage: 'done', signal: null, done: 3, total: 3 },
];

describe('fit progress', () => {
  it('fit: the dataset, each signal by its name as it starts, then done', () => {
    const seen: FitProgress[] = [];
    createRecommender({ signals: [...SIGNALS] }).fit({ products, events }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual(EXPECTED);
  });

  it('fitAsync reports the same sequence; a fit without onProgress reports nothing and fits the same model', async () => {
    const seen: FitProgress[] = [];
    const a = await createRecommender({ signals: [...SIGNALS] }).fitAsync({ products, events }, { runner: sequentialRunner, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual(EXPECTED);
    const b = createRecommender({ signals: [...SIGNALS] }).fit({ products, events });
    expect(a.recommend('u1', { n: 4 })).toEqual(b.recommend('u1', { n: 4 }));
  });

  it('a signal that throws stops the reports before done', () => {
    const seen: string[] = [];
    const rec = createRecommender({ signals: [{ type: 'popularity' }, { type: 'item-knn' }] });
    const knn = rec.signals[1]!;
    knn.fit = () => {
      throw new Error('boom');
    };
    expect(() => rec.fit({ products, events }, { onProgress: (p) => seen.push(`${p.stage}:${p.signal}`) })).toThrow('boom');
    expect(seen).toEqual(['dataset:null', 'signal:popularity', 'signal:item-knn']);
  });
});
