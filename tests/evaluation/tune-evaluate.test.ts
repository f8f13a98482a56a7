/**
 * tuneAndEvaluate: the tuning sees the training part of the split only; the test part judges the
 * tuned config against the starting one, paired per user.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporalSplit } from '../../src/evaluation/split/temporal.js';
import { defaultValidation, tuneAndEvaluate, tunedRunName } from '../../src/evaluation/tune/tune-evaluate.js';
import { tuneBlend } from '../../src/evaluation/tune/tune-blend.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { Event } from '../../src/schema/entities.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

let data: MarketplaceData;
beforeAll(async () => {
  data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
});

const SPLIT = { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true } as const;
const MODEL = { name: 'default', config: { fairness: { rerank: { lambda: 0 } } } };
const run = (d: MarketplaceData) =>
  tuneAndEvaluate({
    evaluation: { dataset: { name: 'fixtures', data: d }, split: SPLIT, models: [], metrics: ['ndcg', 'recall'], k: 10 },
    model: MODEL,
    alsoEvaluate: [{ name: 'popularity', config: { signals: [{ type: 'popularity' }], fairness: { rerank: { lambda: 0 } } } }],
    tune: { grids: { halfLives: [] } },
  });

describe('tuneAndEvaluate', () => {
  it('tunes on the training part alone: changing the test events changes the test numbers, not the tuning', () => {
    const a = run(data);
    // The same events with every test-period event moved to another product.
    const { cutoff } = temporalSplit(data.events, { quantile: 0.8 }).report;
    const products = data.products.map((p) => p.id);
    const moved: Event[] = data.events.map((e, i) => (e.timestamp > cutoff! ? { ...e, productId: products[(i * 7) % products.length]! } : e));
    const b = run({ ...data, events: moved });
    expect(b.tune).toEqual(a.tune);
    expect(b.report.runs[0]!.metrics['ndcg@10']!.mean).not.toBe(a.report.runs[0]!.metrics['ndcg@10']!.mean);
    // ... and it is the tuning of the training part as tuneBlend does it.
    const train = temporalSplit(data.events, SPLIT).train;
    expect(tuneBlend({ data: { ...data, events: train }, config: MODEL.config, validation: { strategy: 'temporal', quantile: 0.8 }, candidates: 'full', grids: { halfLives: [] } })).toEqual(a.tune);
  });

  it('evaluates the starting config, the tuned one and the others, and pairs tuned against starting per user', () => {
    const r = run(data);
    expect(r.report.runs.map((x) => x.name)).toEqual(['default', tunedRunName('default'), 'popularity']);
    expect(r.report.runs[1]!.config).toMatchObject({ signals: r.config.signals });
    for (const c of r.comparisons) {
      const a = r.report.runs[0]!.metrics[c.label]!.perUser!;
      const b = r.report.runs[1]!.metrics[c.label]!.perUser!;
      const diffs = b.map((v, i) => v - a[i]!);
      expect(c.difference.n).toBe(a.length);
      expect(c.difference.mean).toBeCloseTo(diffs.reduce((s, x) => s + x, 0) / diffs.length, 14);
      expect(c.difference.ci95[0]).toBeLessThanOrEqual(c.difference.mean);
      expect(c.pairedT).toBeGreaterThan(0);
    }
    expect(r.comparisons.map((c) => c.label)).toEqual(['ndcg@10', 'recall@10']);
  });
});

describe('defaultValidation', () => {
  it('mirrors the split: same quantile, n, fraction and seed; files: temporal when timed, else a random 20%', () => {
    const timed: Event[] = [{ userId: 'u', productId: 'p', type: 'click', timestamp: 1 }, { userId: 'u', productId: 'q', type: 'click', timestamp: 2 }];
    const untimed = timed.map((e) => ({ ...e, timestamp: 0 }));
    expect(defaultValidation({ strategy: 'temporal', quantile: 0.9 }, timed)).toEqual({ strategy: 'temporal', quantile: 0.9 });
    expect(defaultValidation({ strategy: 'temporal', cutoff: '2026-01-01' }, timed)).toEqual({ strategy: 'temporal', quantile: 0.8 });
    expect(defaultValidation({ strategy: 'leave-last-n', n: 10 }, timed)).toEqual({ strategy: 'leave-last-n', n: 10 });
    expect(defaultValidation({ strategy: 'random-holdout', fraction: 0.3, seed: 5 }, timed)).toEqual({ strategy: 'random-holdout', fraction: 0.3, seed: 5 });
    expect(defaultValidation({ strategy: 'files', train: timed, test: [] }, timed)).toEqual({ strategy: 'temporal', quantile: 0.8 });
    expect(defaultValidation({ strategy: 'files', train: untimed, test: [] }, untimed)).toEqual({ strategy: 'random-holdout', fraction: 0.2, seed: 42 });
  });
});
