import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { gate } from '../../src/evaluation/gate.js';
import { renderGateMarkdown } from '../../src/evaluation/gate-summary.js';
import type { EvalReport, MetricResult, ProtocolInfo } from '../../src/evaluation/report/types.js';
import { evaluate, type EvaluateOptions } from '../../src/evaluation/runner/index.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';

const PROTOCOL: ProtocolInfo = { k: 10, metrics: ['ndcg@10', 'small-share@10'], listLength: 10, candidates: 'full', ledger: 'sequential', relevantTypes: null, fairnessMerchants: 'all' };
const m = (mean: number): MetricResult => ({ mean, ci95: [mean, mean] });

/** A report of today's format: protocol, context fingerprint and fairness population. */
function report(over: { protocol?: Partial<ProtocolInfo>; context?: string; metrics?: Record<string, MetricResult> } = {}): EvalReport {
  const protocol = { ...PROTOCOL, ...over.protocol };
  return {
    version: 1,
    dataset: { name: 'toy', fingerprint: 'f', users: 4, items: 10, interactions: 40, contextFingerprint: over.context ?? 'crc32:0000000c', merchantTiers: { head: 1, mid: 1, small: 2 } },
    split: { strategy: 'temporal', trainEvents: 30, testEvents: 10, trainUsers: 4, testUsers: 4 },
    protocol,
    fairness: { merchants: protocol.fairnessMerchants, covered: protocol.fairnessMerchants === 'all' ? 4 : 3, total: 4 },
    runs: [{ name: 'ials', config: {}, metrics: over.metrics ?? { 'ndcg@10': m(0.3), 'small-share@10': m(0.2) }, timings: {} }],
  };
}

/** The same report as an earlier version wrote it: no protocol, no context fingerprint. */
function old(r: EvalReport, fairness = true): EvalReport {
  const { protocol: _p, fairness: f, ...rest } = r;
  const { contextFingerprint: _c, merchantTiers: _t, ...dataset } = r.dataset;
  return { ...rest, dataset, ...(fairness && f !== undefined ? { fairness: f } : {}) };
}

function refusal(baseline: EvalReport, current: EvalReport): string {
  try {
    gate(baseline, current);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as DataError).message;
  }
  throw new Error('the gate compared reports it should have refused');
}

describe('gate: fairness metrics over different merchant populations', () => {
  const all = report();
  const evidence = report({ protocol: { fairnessMerchants: 'evidence' }, metrics: { 'ndcg@10': m(0.3), 'small-share@10': m(0.25) } });
  it('are refused whichever way (it read as an improvement one way, a regression the other), naming the key', () => {
    expect(refusal(all, evidence)).toContain('the reports were made under different protocols (fairnessMerchants: baseline "all", current "evidence")');
    expect(refusal(evidence, all)).toContain('fairnessMerchants: baseline "evidence", current "all"');
    expect(refusal(all, evidence)).toContain('(compare them anyway with --allow-different-data)');
  });
  it('reports of the previous version (fairness section, no protocol) are refused on fairness.merchants', () => {
    expect(refusal(old(all), old(evidence))).toContain('the fairness metrics cover different merchants (baseline: all merchants, 4 of 4; current: evidence merchants, 3 of 4)');
    // Older still: no fairness section meant every merchant.
    expect(refusal(old(all, false), old(evidence))).toContain('(baseline: all merchants; current: evidence merchants, 3 of 4)');
  });
  it('--allow-different-data compares anyway and warns', () => {
    const r = gate(all, evidence, { allowDifferentData: true });
    expect(r.passed).toBe(true);
    expect(r.warnings).toEqual(['the reports were made under different protocols (fairnessMerchants: baseline "all", current "evidence"); compared anyway (--allow-different-data)']);
  });
});

describe('gate: reports made under different protocols', () => {
  it('names every differing key with both values', () => {
    const message = refusal(report(), report({ protocol: { ledger: 'frozen', relevantTypes: ['purchase'], candidates: 'engine' } }));
    expect(message).toContain(
      'the reports were made under different protocols (candidates: baseline "full", current "engine"; ledger: baseline "sequential", current "frozen"; relevantTypes: baseline every positive-weight event, current ["purchase"])',
    );
  });
  it('a different k or list length is refused', () => {
    expect(refusal(report(), report({ protocol: { k: 5, listLength: 5 } }))).toContain('(k: baseline 10, current 5; listLength: baseline 10, current 5)');
    expect(refusal(report(), report({ protocol: { listLength: 50 } }))).toContain('(listLength: baseline 10, current 50)');
  });
  it('relevant types compare as a set; the metric list is not compared (a metric only one report has is missing or ignored)', () => {
    expect(gate(report({ protocol: { relevantTypes: ['click', 'purchase'] } }), report({ protocol: { relevantTypes: ['purchase', 'click'] } })).passed).toBe(true);
    const more = report({ protocol: { metrics: ['ndcg@10', 'small-share@10', 'recall@10'] }, metrics: { 'ndcg@10': m(0.3), 'small-share@10': m(0.2), 'recall@10': m(0.1) } });
    expect(gate(report(), more).warnings).toEqual([]);
  });
  it('a baseline written before reports had a protocol is compared as before, with one warning saying so', () => {
    const r = gate(old(report()), report({ metrics: { 'ndcg@10': m(0.25), 'small-share@10': m(0.2) } }));
    expect(r.passed).toBe(false); // compared: ndcg fell
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^the baseline does not record its protocol \(k, list length, candidates, ledger, relevantTypes, fairnessMerchants\) or its metric context \(merchant tiers\): written by an earlier version, so compared as before/);
    expect(renderGateMarkdown(r)).toContain('> **Warning**: the baseline does not record its protocol');
    expect(gate(old(report()), old(report())).warnings).toEqual([expect.stringMatching(/^neither report records its protocol/)]);
  });
});

describe('gate: merchant tiers (metric context)', () => {
  it('a different context fingerprint is refused, with the tiers of each', () => {
    const retiered: EvalReport = { ...report({ context: 'crc32:000000ff' }) };
    const other = { ...retiered, dataset: { ...retiered.dataset, merchantTiers: { head: 2, mid: 1, small: 1 } } };
    expect(refusal(report(), other)).toContain(
      'the metric context differs: merchant tiers or the short-head share (baseline context fingerprint crc32:0000000c, head/mid/small merchants 1/1/2; current crc32:000000ff, head/mid/small merchants 2/1/1)',
    );
  });
});

describe('gate on evaluated reports (end to end)', () => {
  const data = (m2: 'small' | 'head') =>
    validateMarketplace({
      products: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, merchantId: id < 'd' ? 'm1' : 'm2', title: id })),
      merchants: [{ id: 'm1', tier: 'head' }, { id: 'm2', tier: m2 }],
      events: [
        ...[['u1', 'a'], ['u1', 'b'], ['u2', 'a'], ['u2', 'c'], ['u3', 'a'], ['u3', 'd'], ['u4', 'b']].map(([userId, productId]) => ({ userId: userId!, productId: productId!, type: 'click', timestamp: 1 })),
        ...[['u1', 'c'], ['u2', 'b'], ['u2', 'e'], ['u3', 'b'], ['u4', 'e']].map(([userId, productId]) => ({ userId: userId!, productId: productId!, type: 'purchase', timestamp: 3 })),
      ],
    }).data;
  const options: EvaluateOptions = {
    dataset: { name: 'tiny', data: data('small') },
    split: { strategy: 'temporal', cutoff: 2 },
    models: [{ name: 'pop', config: { signals: [{ type: 'popularity' }], weighting: { halfLifeDays: null }, fairness: { rerank: { lambda: 0 } } } }],
    metrics: ['ndcg', 'small-share', 'merchant-gini'],
    k: 3,
  };
  const base = evaluate(options);
  it('same data and protocol: compared', () => {
    expect(gate(base, evaluate(options)).warnings).toEqual([]);
  });
  it("a merchant's tier changed (same events, same data fingerprint): refused", () => {
    const retiered = evaluate({ ...options, dataset: { name: 'tiny', data: data('head') } });
    expect(retiered.dataset.fingerprint).toBe(base.dataset.fingerprint);
    expect(refusal(base, retiered)).toContain('the metric context differs: merchant tiers');
  });
  it('another ledger, relevance or fairness population: refused naming the keys', () => {
    expect(refusal(base, evaluate({ ...options, ledger: 'frozen' }))).toContain('ledger: baseline "sequential", current "frozen"');
    expect(refusal(base, evaluate({ ...options, relevantTypes: ['purchase'] }))).toContain('relevantTypes: baseline every positive-weight event, current ["purchase"]');
    expect(refusal(base, evaluate({ ...options, fairnessMerchants: 'evidence' }))).toContain('fairnessMerchants: baseline "all", current "evidence"');
  });
});
