import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecommender } from '../../src/engine/recommender.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';

describe('explain under z-score normalisation', () => {
  it('says the weighted z-scores were rescaled to the blended score', async () => {
    const { data } = await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'));
    const rec = createRecommender({
      signals: [{ type: 'item-knn' }, { type: 'popularity', weight: 0.5 }],
      normalisation: 'z-score',
      fairness: { rerank: { lambda: 0 }, record: false },
    }).fitRecords(data);
    const slate = rec.recommend('u-0001', { n: 5 });
    const explanation = rec.explain(slate);
    for (const [i, item] of explanation.items.entries()) {
      const sum = item.signals.reduce((acc, p) => acc + p.contribution, 0);
      const line = item.lines.find((l) => l.startsWith('weighted z-scores'));
      expect(line).toBe(`weighted z-scores ${sum.toFixed(3)}, rescaled over the candidates to [0, 1]`);
      // The rescaled blend is what ranked the slate (the best candidate gets 1).
      expect(slate.trace.items[i]!.blended).toBeLessThanOrEqual(1);
    }
    expect(slate.trace.items[0]!.blended).toBe(1);
  });
});
