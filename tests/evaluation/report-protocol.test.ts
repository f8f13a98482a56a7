import { describe, expect, it } from 'vitest';
import { parseEvalReport } from '../../src/evaluation/report/schema.js';
import { evaluate, type EvaluateOptions, type FixedSplit } from '../../src/evaluation/runner/index.js';
import type { Event } from '../../src/schema/entities.js';
import { validateMarketplace, type MarketplaceData } from '../../src/schema/marketplace-data.js';

// The tiny case of runner.test.ts: merchant m1 sells a, b, c; m2 sells d, e.
const TRAIN: Array<[string, string]> = [['u1', 'a'], ['u1', 'b'], ['u2', 'a'], ['u2', 'c'], ['u3', 'a'], ['u3', 'd'], ['u4', 'b']];
const TEST: Array<[string, string]> = [['u1', 'c'], ['u2', 'b'], ['u2', 'e'], ['u3', 'b'], ['u4', 'e']];
function marketplace(merchants: { id: string; tier?: 'head' | 'mid' | 'small' }[]): MarketplaceData {
  return validateMarketplace({
    products: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, merchantId: id < 'd' ? 'm1' : 'm2', title: id })),
    merchants,
  }).data;
}
const pairs = (list: Array<[string, string]>): Event[] => list.map(([userId, productId]) => ({ userId, productId, type: 'click', timestamp: 0, weight: 1 }));
const fixed: FixedSplit = { strategy: 'files', train: pairs(TRAIN), test: pairs(TEST) };
const popularity = { name: 'pop', config: { signals: [{ type: 'popularity' }], weighting: { halfLifeDays: null }, fairness: { rerank: { lambda: 0 } } } };
const tiny = marketplace([{ id: 'm1', tier: 'head' }, { id: 'm2', tier: 'small' }]);
const base: EvaluateOptions = { dataset: { name: 'tiny', data: tiny }, split: fixed, models: [popularity], metrics: ['ndcg', 'small-share', 'recall@5'], k: 3 };

describe('the report records the protocol behind its numbers', () => {
  it('k, metric labels, list length, candidates, ledger, relevant types and fairness population, with their defaults', () => {
    const report = evaluate(base);
    expect(report.protocol).toEqual({
      k: 3,
      metrics: ['ndcg@3', 'small-share@3', 'recall@5'],
      listLength: 5,
      candidates: 'full',
      ledger: 'sequential',
      relevantTypes: null,
      fairnessMerchants: 'all',
    });
    expect(parseEvalReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
  it('as given', () => {
    const report = evaluate({ ...base, k: 2, candidates: 'engine', ledger: 'frozen', relevantTypes: ['click', 'purchase'], fairnessMerchants: 'evidence' });
    expect(report.protocol).toEqual({
      k: 2,
      metrics: ['ndcg@2', 'small-share@2', 'recall@5'],
      listLength: 5,
      candidates: 'engine',
      ledger: 'frozen',
      relevantTypes: ['click', 'purchase'],
      fairnessMerchants: 'evidence',
    });
  });
  it('the schema checks the section', () => {
    const json = JSON.parse(JSON.stringify(evaluate(base))) as { protocol: Record<string, unknown> };
    expect(() => parseEvalReport({ ...json, protocol: { ...json.protocol, ledger: 'lazy' } })).toThrow(/protocol\.ledger/);
    expect(() => parseEvalReport({ ...json, protocol: { ...json.protocol, extra: 1 } })).toThrow(/protocol/);
  });
});

describe('the report fingerprints the metric context', () => {
  it("a merchant's tier changes the context fingerprint, not the data fingerprint", () => {
    const report = evaluate(base);
    const retiered = evaluate({ ...base, dataset: { name: 'tiny', data: marketplace([{ id: 'm1', tier: 'head' }, { id: 'm2', tier: 'head' }]) } });
    expect(report.dataset.contextFingerprint).toMatch(/^crc32:[0-9a-f]{8}$/);
    expect(retiered.dataset.fingerprint).toBe(report.dataset.fingerprint);
    expect(retiered.dataset.contextFingerprint).not.toBe(report.dataset.contextFingerprint);
    expect(report.dataset.merchantTiers).toEqual({ head: 1, mid: 0, small: 1 });
    expect(retiered.dataset.merchantTiers).toEqual({ head: 2, mid: 0, small: 0 });
    // The small-tier metric moved with the tiers although nothing else did: what the gate must catch.
    expect(retiered.runs[0]!.metrics['small-share@3']!.mean).not.toBe(report.runs[0]!.metrics['small-share@3']!.mean);
  });
  it('covers the tiers as used, given or derived; the order of the merchant records does not matter', () => {
    // Derived from the training mass (m1 6 of 7 pairs): head and small, the given tiers: same context.
    const derived = evaluate({ ...base, dataset: { name: 'tiny', data: marketplace([{ id: 'm1' }, { id: 'm2' }]) } });
    expect(derived.dataset.merchantTiers).toEqual({ head: 1, mid: 0, small: 1 });
    expect(derived.dataset.contextFingerprint).toBe(evaluate(base).dataset.contextFingerprint);
    const mid = evaluate({ ...base, dataset: { name: 'tiny', data: marketplace([{ id: 'm1' }, { id: 'm2', tier: 'mid' }]) } });
    expect(mid.dataset.contextFingerprint).not.toBe(derived.dataset.contextFingerprint);
    const swapped = evaluate({ ...base, dataset: { name: 'tiny', data: marketplace([{ id: 'm2', tier: 'small' }, { id: 'm1', tier: 'head' }]) } });
    expect(swapped.dataset.contextFingerprint).toBe(evaluate(base).dataset.contextFingerprint);
  });
  it('the short-head share is part of the context', () => {
    expect(evaluate({ ...base, metricContext: { headShare: 0.5 } }).dataset.contextFingerprint).not.toBe(evaluate(base).dataset.contextFingerprint);
  });
});
