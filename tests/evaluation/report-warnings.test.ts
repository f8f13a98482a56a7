/**
 * A report keeps the warnings its evaluation gave (split and decay), so a data team reading the
 * JSON or Markdown later sees what the console showed (a probe found them on stderr only).
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/evaluation/report/render.js';
import { parseEvalReport } from '../../src/evaluation/report/schema.js';
import { evaluate } from '../../src/evaluation/runner/index.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 1, 1);
const data = validateMarketplace({
  products: ['a', 'b', 'c', 'd'].map((id) => ({ id, merchantId: 'm1', title: id })),
  events: [
    ...['a', 'b', 'c'].map((p, i) => ({ userId: 'u1', productId: p, type: 'click', timestamp: T0 + i * DAY })),
    ...['b', 'c', 'd'].map((p, i) => ({ userId: 'u2', productId: p, type: 'click', timestamp: T0 + i * DAY })),
  ],
}).data;
const popularity = { name: 'pop', config: { signals: [{ type: 'popularity' }], weighting: { halfLifeDays: null }, fairness: { rerank: { lambda: 0 } } } };

describe('report warnings', () => {
  it('carries the split warnings it gave the caller, in order, through JSON and into the Markdown', () => {
    const told: string[] = [];
    const report = evaluate({ dataset: { name: 'six', data }, split: { strategy: 'temporal', quantile: 0.6 }, models: [popularity], metrics: ['ndcg'], k: 3 }, (w) => told.push(w));
    expect(told.length).toBeGreaterThan(0);
    expect(told).toContain('temporal: tiny train fold: 4 events (fewer than 10)');
    expect(report.warnings).toEqual(told);
    expect(parseEvalReport(JSON.parse(JSON.stringify(report))).warnings).toEqual(told);
    expect(renderMarkdown(report)).toContain('> **Warning**: temporal: tiny train fold: 4 events (fewer than 10)');
  });

  it('has no warnings key when nothing was warned', () => {
    // 4 users with 10 distinct products each (of 12), one event a day.
    const many = validateMarketplace({
      products: Array.from({ length: 12 }, (_, p) => ({ id: `p${p}`, merchantId: 'm1', title: `p${p}` })),
      events: Array.from({ length: 40 }, (_, i) => ({ userId: `u${i % 4}`, productId: `p${((i % 4) * 3 + Math.floor(i / 4)) % 12}`, type: 'click', timestamp: T0 + i * DAY })),
    }).data;
    const told: string[] = [];
    const report = evaluate({ dataset: { name: 'forty', data: many }, split: { strategy: 'random-holdout', fraction: 0.25, seed: 1 }, models: [popularity], metrics: ['ndcg'], k: 3 }, (w) => told.push(w));
    expect(told).toEqual([]);
    expect('warnings' in report).toBe(false);
  });
});
