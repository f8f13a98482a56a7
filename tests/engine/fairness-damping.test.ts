/**
 * The fairness lift's popularity damping through the engine: it reads the popularity signal's
 * percentiles (whatever that signal's weight), does nothing without a popularity signal, and the
 * percentiles are read only when there is a lift to damp.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecommender, type RecommenderConfigInput } from '../../src/index.js';
import { createRerankConfig, rerankReadsPopularity } from '../../src/fairness/rerank-config.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

const DIR = join(import.meta.dirname, '../../fixtures/marketplace');
const HOUR = 3_600_000;

let data: MarketplaceData;

beforeAll(async () => {
  data = (await loadMarketplace(DIR)).data;
});

/** Every user's slate of 10, three rounds an hour apart, recorded in the ledger (so the lift grows). */
function servedSlates(signals: RecommenderConfigInput['signals'], rerank: NonNullable<NonNullable<RecommenderConfigInput['fairness']>['rerank']>): string[] {
  const rec = createRecommender({ signals, n: 10, fairness: { rerank } }).fitRecords(data);
  const users = rec.dataset.users.ids();
  const now = rec.dataset.referenceTime + HOUR;
  return [0, 1, 2].flatMap((round) => users.map((u) => rec.recommend(u, { now: now + round * HOUR }).items.map((i) => i.productId).join()));
}

const differing = (a: string[], b: string[]): number => a.filter((s, i) => s !== b[i]).length;

describe('popularity damping through the engine', () => {
  it('changes the slates when a popularity signal is there, and the scope matters', () => {
    const signals = [{ type: 'ials' as const, weight: 1 }, { type: 'item-knn' as const, weight: 1 }, { type: 'popularity' as const, weight: 0.1 }];
    const undamped = servedSlates(signals, { popularityDamping: 0 });
    const outside = servedSlates(signals, {});
    const all = servedSlates(signals, { popularityDampingScope: 'all' });
    expect(differing(undamped, outside)).toBeGreaterThan(0);
    expect(differing(outside, all)).toBeGreaterThan(0);
    // A popularity signal at weight 0 still gives its percentiles to the damping.
    const weightless = signals.map((s) => (s.type === 'popularity' ? { ...s, weight: 0 } : s));
    expect(differing(servedSlates(weightless, { popularityDamping: 0 }), servedSlates(weightless, {}))).toBeGreaterThan(0);
  });

  it('does nothing without a popularity signal', () => {
    const signals = [{ type: 'ials' as const, weight: 1 }, { type: 'item-knn' as const, weight: 1 }];
    expect(servedSlates(signals, {})).toEqual(servedSlates(signals, { popularityDamping: 0 }));
  });

  it('reads the percentiles only when there is a lift to damp', () => {
    expect(rerankReadsPopularity(createRerankConfig())).toBe(true);
    expect(rerankReadsPopularity(createRerankConfig({ lambda: 0 }))).toBe(false);
    expect(rerankReadsPopularity(createRerankConfig({ popularityDamping: 0 }))).toBe(false);
  });
});
