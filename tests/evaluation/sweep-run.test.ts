import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { renderSweepTable, renderTradeoffSvg } from '../../src/evaluation/report/sweep.js';
import { evaluate, type EvaluateOptions, type ModelSpec } from '../../src/evaluation/runner/index.js';
import { parseMetric } from '../../src/evaluation/metrics/registry.js';
import { defaultTradeoffAxes, expandSweep, runSweep, type SweepRunResult } from '../../src/evaluation/sweep-run.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { expectWellFormed } from './_xml.js';

const models: ModelSpec[] = [
  { name: 'a', config: { signals: [{ type: 'popularity' }] } },
  { name: 'b', config: { signals: [{ type: 'popularity' }, { type: 'item-knn', weight: 2 }] } },
];

describe('expandSweep', () => {
  it('one copy per value with the key set, named after the last key; other models left out', () => {
    const { models: out, groups } = expandSweep(models, { parameter: 'models.1.fairness.rerank.lambda', values: [0, 0.5] });
    expect(out.map((m) => m.name)).toEqual(['b lambda=0', 'b lambda=0.5']);
    expect(out[1]!.config).toEqual({ ...models[1]!.config, fairness: { rerank: { lambda: 0.5 } } });
    expect(groups).toEqual([{ model: 'b', path: 'fairness.rerank.lambda', runs: ['b lambda=0', 'b lambda=0.5'] }]);
    expect(models[1]!.config).not.toHaveProperty('fairness');
  });
  it('models.* sweeps every model; array indices reach into signals', () => {
    const { models: out } = expandSweep(models, { parameter: 'models.*.signals.0.weight', values: [1, 3] });
    expect(out.map((m) => m.name)).toEqual(['a weight=1', 'a weight=3', 'b weight=1', 'b weight=3']);
    expect(out[3]!.config.signals).toEqual([{ type: 'popularity', weight: 3 }, { type: 'item-knn', weight: 2 }]);
  });
  it('refuses bad parameters and repeated values', () => {
    expect(() => expandSweep(models, { parameter: 'k', values: [5] })).toThrow(ConfigError);
    expect(() => expandSweep(models, { parameter: 'models.2.n', values: [5] })).toThrow(/outside 0\.\.1/);
    expect(() => expandSweep(models, { parameter: 'models.0.__proto__.x', values: [1] })).toThrow(ConfigError);
    expect(() => expandSweep(models, { parameter: 'models.0.signals.5.weight', values: [1] })).toThrow(/not an element/);
    expect(() => expandSweep(models, { parameter: 'models.0.signals.0.type.x', values: [1] })).toThrow(/not an object/);
    expect(() => expandSweep(models, { parameter: 'models.0.n', values: [5, 5] })).toThrow(/distinct/);
  });
  it('default chart axes: merchant-gini against ndcg', () => {
    expect(defaultTradeoffAxes(['recall@10', 'item-gini@10', 'ndcg@10', 'merchant-gini@10'].map(parseMetric))).toEqual({ x: 'merchant-gini@10', y: 'ndcg@10' });
    expect(defaultTradeoffAxes(['recall@5', 'item-coverage@5'].map(parseMetric))).toEqual({ x: 'item-coverage@5', y: 'recall@5' });
    expect(defaultTradeoffAxes([parseMetric('recall@5')])).toEqual({ y: 'recall@5' });
  });
});

describe('runSweep on the fixtures marketplace', () => {
  let options: EvaluateOptions;
  let result: SweepRunResult;
  beforeAll(async () => {
    const { data } = await loadDataset(fileURLToPath(new URL('../../fixtures/marketplace', import.meta.url)));
    options = {
      dataset: { name: 'marketplace', data },
      split: { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true },
      models: [{ name: 'blend', config: { signals: [{ type: 'ials', factors: 8, iterations: 3, cgSteps: 2 }, { type: 'popularity', weight: 0.2 }] } }],
      metrics: ['ndcg', 'merchant-gini'],
    };
    result = runSweep(options, { parameter: 'models.0.fairness.rerank.lambda', values: [0, 0.2, 1] });
  });
  it('one run per value in one report; the lambda 0 point equals a plain evaluation with lambda 0', () => {
    expect(result.report.runs.map((r) => r.name)).toEqual(['blend lambda=0', 'blend lambda=0.2', 'blend lambda=1']);
    const [sweep] = result.sweeps;
    expect(sweep!.sweep.parameter).toBe('fairness.rerank.lambda');
    expect(sweep!.sweep.points.map((p) => p.value)).toEqual([0, 0.2, 1]);
    const plain = evaluate({ ...options, models: [{ name: 'x', config: { ...options.models[0]!.config, fairness: { rerank: { lambda: 0 } } } }] });
    expect(sweep!.sweep.points[0]!.metrics.get('ndcg@10')).toBe(plain.runs[0]!.metrics['ndcg@10']!.mean);
    expect(sweep!.sweep.points[0]!.metrics.get('merchant-gini@10')).toBe(plain.runs[0]!.metrics['merchant-gini@10']!.mean);
  });
  it('raising lambda lowers the merchant exposure Gini (the trade-off the chart shows)', () => {
    const gini = result.sweeps[0]!.sweep.points.map((p) => p.metrics.get('merchant-gini@10')!);
    expect(gini[2]!).toBeLessThan(gini[0]! - 0.05);
    const table = renderSweepTable(result.sweeps[0]!.sweep);
    expect(table.split('\n')[0]).toBe('| fairness.rerank.lambda | ndcg@10 | merchant-gini@10 |');
    expect(table).toContain(`| 1 | ${result.sweeps[0]!.sweep.points[2]!.metrics.get('ndcg@10')!.toFixed(4)} | ${gini[2]!.toFixed(4)} |`);
    const svg = renderTradeoffSvg(result.sweeps[0]!.sweep, { x: 'merchant-gini@10', y: 'ndcg@10' });
    expectWellFormed(svg);
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });
  it('a value the model config rejects names the key', () => {
    expect(() => runSweep(options, { parameter: 'models.0.fairness.rerank.lambda', values: [0, 'high'] })).toThrow(/^sweep value "high": model "blend" \(models\.0\.fairness\.rerank\.lambda\)/);
  });
});
