/**
 * The re-blender ranks exactly as the engine does: a blend setting scored on captured requests
 * gives each user the NDCG@10 the evaluation runner measures for a recommender with that config
 * (fairness off, same candidates), user by user.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/dataset/dataset.js';
import { createEventWeighting } from '../../src/dataset/event-weighting.js';
import { parseRecommenderConfig, type RecommenderConfigInput } from '../../src/engine/config.js';
import { evaluate } from '../../src/evaluation/runner/evaluate.js';
import { _relevantSets, _trainingItems } from '../../src/evaluation/runner/relevance.js';
import { captureRequests } from '../../src/evaluation/tune/capture.js';
import { ndcgOfTop, Reblender, type BlendSetting } from '../../src/evaluation/tune/reblend.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

const DAY = 86_400_000;
let data: MarketplaceData;
beforeAll(async () => {
  data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
});

function settingOf(config: RecommenderConfigInput): BlendSetting {
  const c = parseRecommenderConfig(config);
  return {
    normalisation: c.normalisation,
    weights: c.signals.map((s) => s.weight),
    ties: c.blend.ties,
    priorWeight: c.blend.prior.weight,
    priorValue: c.blend.prior.value,
    boostWeight: c.boost.weight,
    boostHalfSaturation: c.boost.halfSaturation,
  };
}

/** Per-user NDCG@10 from the runner and from the re-blender, for `configs` on the fixtures cut at `cut` (a week after it held out). */
function both(cutDate: string, configs: readonly RecommenderConfigInput[], candidates: 'full' | 'engine'): Array<{ runner: number[]; reblend: number[]; users: string[] }> {
  const cut = Date.parse(`${cutDate}T00:00:00Z`);
  const train = data.events.filter((e) => e.timestamp <= cut);
  const test = data.events.filter((e) => e.timestamp > cut && e.timestamp <= cut + 7 * DAY);
  const topics = data.topics.map((t) => ({ ...t, heat: t.heat.filter((h) => h.timestamp <= cut) }));
  const d: MarketplaceData = { ...data, topics };
  const catalogue = new Set(data.products.map((p) => p.id));
  const seen = _trainingItems(train);
  const relevant = _relevantSets(train, test, catalogue, undefined, seen);
  return configs.map((raw) => {
    const config = { ...raw, fairness: { rerank: { lambda: 0 } } };
    const report = evaluate({ dataset: { name: 'fixtures', data: d }, split: { strategy: 'cut', train, test }, models: [{ name: 'm', config }], metrics: ['ndcg@10'], candidates, ledger: 'frozen' });
    const parsed = parseRecommenderConfig(config);
    const dataset = buildDataset({ ...d, events: train }, { weighting: createEventWeighting(parsed.weighting) });
    const { captured } = captureRequests(parsed, dataset, relevant, { candidates, exclude: seen });
    const scores = new Reblender(captured).ndcg(settingOf(config), 10);
    const byUser = new Map(captured.requests.map((r, i) => [r.userId, scores[i]!] as const));
    const perUser = report.runs[0]!.metrics['ndcg@10']!.perUser!;
    const users = report.users!.filter((u) => byUser.has(u));
    return { users, runner: users.map((u) => perUser[report.users!.indexOf(u)]!), reblend: users.map((u) => byUser.get(u)!) };
  });
}

describe('Reblender', () => {
  it('matches the runner user by user on the whole catalogue, for the default blend and for other weights, tie rule and prior', () => {
    const results = both('2026-06-18', [{}, { signals: [{ type: 'ials', weight: 0 }, { type: 'item-knn', weight: 2 }, { type: 'content', weight: 0.5 }, { type: 'popularity', weight: 0.1 }], blend: { ties: 'mean-rank', prior: { weight: 0.5 } } }], 'full');
    for (const r of results) {
      expect(r.users.length).toBeGreaterThan(30);
      expect(r.reblend).toEqual(r.runner);
    }
    // The two settings rank differently: the comparison is not of one list with itself.
    expect(results[0]!.reblend).not.toEqual(results[1]!.reblend);
  });

  it('matches the runner with the engine candidates, at a cut where a topic boosts products, and with z-score and min-max normalisation', () => {
    const results = both('2026-06-22', [{}, { boost: { weight: 0.5 } }, { normalisation: 'z-score' }, { normalisation: 'min-max' }], 'engine');
    for (const r of results) {
      expect(r.users.length).toBeGreaterThan(30);
      expect(r.reblend).toEqual(r.runner);
    }
    expect(results[0]!.reblend).not.toEqual(results[1]!.reblend);
  });
});

describe('ndcgOfTop', () => {
  it('is binary NDCG@k with ties ranked by position (hand-computed)', () => {
    // Ranking by score: c2 (0.9), c0 and c3 tied at 0.5 (c0 first), c1 (0.1); relevant c0 and c1.
    const score = Float32Array.of(0.5, 0.1, 0.9, 0.5);
    const relevant = Uint8Array.of(1, 1, 0, 0);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    expect(ndcgOfTop(score, relevant, 2, 10)).toBeCloseTo(dcg / (1 + 1 / Math.log2(3)), 12);
    // At k = 2 only c0 (rank 2) counts; a third relevant item outside the candidates lowers the ideal only up to k.
    expect(ndcgOfTop(score, relevant, 3, 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgOfTop(score, relevant, 0, 10)).toBe(0);
  });
});
