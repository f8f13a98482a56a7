import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { datasetLoadOptions } from '../../src/cli/eval-input.js';
import { ConfigError } from '../../src/errors.js';
import { evalConfigJsonSchema, evaluateOptionsFromConfig, parseEvalConfig } from '../../src/evaluation/config/index.js';

const path = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const readJson = (p: string): unknown => JSON.parse(readFileSync(path(p), 'utf8'));
const minimal = { dataset: { path: 'data' }, split: { strategy: 'leave-last-n' }, models: [{ name: 'pop', signals: [{ type: 'popularity' }] }] };

function configError(input: unknown): ConfigError {
  try {
    parseEvalConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEvalConfig', () => {
  it('reads the bundled configs and fills defaults', () => {
    const bundled = [
      'fixtures/eval/marketplace.json',
      'fixtures/eval/sweep-lambda.json',
      'fixtures/eval/tiny-popularity.json',
      ...readdirSync(path('benchmarks/configs'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.json'))
        .map((f) => `benchmarks/configs/${f}`),
    ];
    expect(bundled).toContain('benchmarks/configs/mllatest-genre-fairness.json');
    expect(bundled).toContain('benchmarks/configs/fairness-mix/gift-cards.json');
    for (const file of bundled) {
      expect(() => parseEvalConfig(readJson(file), file), file).not.toThrow();
    }
    const c = parseEvalConfig(minimal);
    expect(c.k).toBe(10);
    expect(c.seed).toBe(42);
    expect(c.metrics).toEqual(['ndcg', 'recall', 'precision', 'map']);
    expect(c.protocol).toEqual({ candidates: 'full', ledger: 'sequential', keepPerUser: true, fairnessMerchants: 'all' });
    expect(c.split).toEqual({ strategy: 'leave-last-n', n: 1 });
    expect(c.dataset.mode).toBe('fail');
    expect(c.dataset.unknownProducts).toBe('error');
  });
  it('dataset.unknownProducts: error or skip, passed to the loader; anything else names the key', () => {
    const skip = parseEvalConfig({ ...minimal, dataset: { path: 'data', unknownProducts: 'skip' } });
    expect(skip.dataset.unknownProducts).toBe('skip');
    expect(datasetLoadOptions(skip.dataset)).toMatchObject({ mode: 'fail', unknownProducts: 'skip' });
    expect(datasetLoadOptions(parseEvalConfig(minimal).dataset)).toMatchObject({ unknownProducts: 'error' });
    const bad = configError({ ...minimal, dataset: { path: 'data', unknownProducts: 'drop' } });
    expect(bad.path).toBe('dataset.unknownProducts');
    expect(bad.message).toMatch(/dataset\.unknownProducts: .*"error".*"skip"/);
  });
  it('errors name the JSON path of the bad key', () => {
    const lambda = configError({ ...minimal, models: [{ name: 'pop', fairness: { rerank: { lambda: -1 } } }] });
    expect(lambda.path).toBe('models.0.fairness.rerank.lambda');
    expect(lambda.message).toContain('models.0.fairness.rerank.lambda');
    expect(configError({ ...minimal, models: [{ name: 'pop', bogus: 1 }] }).message).toMatch(/models\.0.*bogus/);
    expect(configError({ ...minimal, split: { strategy: 'temporal', quantile: 0.8, cutoff: 5 } }).message).toContain('exactly one of cutoff and quantile');
    expect(configError({ ...minimal, split: { strategy: 'weekly' } }).path).toBe('split.strategy');
    expect(configError({ ...minimal, k: 0 }).path).toBe('k');
  });
  it('checks what the schema cannot: signal configs, run names, metric labels', () => {
    expect(configError({ ...minimal, models: [{ name: 'x', signals: [{ type: 'ials', factors: 0 }] }] }).path).toBe('models.0.signals.0.factors');
    expect(configError({ ...minimal, models: [{ name: 'x', signals: [{ type: 'nope' }] }] }).path).toBe('models.0.signals.0.type');
    expect(configError({ ...minimal, models: [{ name: 'x' }, { name: 'x' }] }).path).toBe('models.1.name');
    expect(configError({ ...minimal, metrics: ['ndcg@10', 'ndgc'] }).path).toBe('metrics.1');
  });
  it('reports every problem with its JSON path: the first in the message head, the rest listed', () => {
    const three = configError({
      ...minimal,
      k: 0,
      models: [{ name: 'x', signals: [{ type: 'ials', factors: 0 }] }, { name: 'x' }],
      metrics: ['ndcg', 'ndgc'],
    });
    expect(three.issues.map((i) => i.path)).toEqual(['k', 'models.0.signals.0.factors', 'models.1.name', 'metrics.1']);
    expect(three.path).toBe('k');
    expect(three.message).toMatch(/^eval config: k: .+ \(and 3 more issues: model "x" \(models\.0\.signals\.0\.factors\): .+; models\.1\.name: duplicate run name "x" \(also models\.0\.name\); metrics\.1: unknown metric "ndgc"/);
    // Schema problems and the checks the schema cannot make are found in one pass.
    const mixed = configError({ ...minimal, split: { strategy: 'weekly' }, models: [{ name: 'p', fairness: { rerank: { lambda: -1 } } }, { name: 'q', signals: [{ type: 'nope' }] }], metrics: ['ndgc'] });
    expect(mixed.issues.map((i) => i.path)).toEqual(['split.strategy', 'models.0.fairness.rerank.lambda', 'models.1.signals.0.type', 'metrics.0']);
    // One problem: one issue, and the message has no list.
    const one = configError({ ...minimal, metrics: ['ndgc'] });
    expect(one.issues).toHaveLength(1);
    expect(one.message).not.toContain('more issue');
  });
  const empty = { name: 'd', data: { products: [], merchants: [], events: [], topics: [] } };
  it('turns a config into runner options; the random holdout takes the config seed unless it has its own', () => {
    const c = parseEvalConfig({ ...minimal, seed: 7, split: { strategy: 'random-holdout' }, protocol: { ledger: 'frozen' } });
    const o = evaluateOptionsFromConfig(c, empty);
    expect(o.split).toEqual({ strategy: 'random-holdout', fraction: 0.2, seed: 7 });
    expect(o.models.map((m) => m.name)).toEqual(['pop']);
    expect(o.models[0]!.config).not.toHaveProperty('name');
    expect(o.models[0]!.config.signals).toEqual([{ type: 'popularity', weight: 1 }]);
    expect(o.ledger).toBe('frozen');
    const own = parseEvalConfig({ ...minimal, split: { strategy: 'random-holdout', seed: 3 } });
    expect(evaluateOptionsFromConfig(own, empty).split).toMatchObject({ seed: 3 });
    expect(() => evaluateOptionsFromConfig(parseEvalConfig({ ...minimal, split: { strategy: 'files', train: 'a', test: 'b' } }), empty)).toThrow(ConfigError);
  });
});

describe('JSON Schema for editors', () => {
  const file = path('schemas/eval-config.schema.json');
  const current = `${JSON.stringify(evalConfigJsonSchema(), null, 2)}\n`;
  it('the committed schemas/eval-config.schema.json is current (UPDATE_SCHEMAS=1 rewrites it)', () => {
    if (process.env['UPDATE_SCHEMAS'] === '1') writeFileSync(file, current);
    expect(readFileSync(file, 'utf8'), 'schemas/eval-config.schema.json is stale: UPDATE_SCHEMAS=1 npx vitest run tests/evaluation/config.test.ts').toBe(current);
  });
  it('describes the keys, with defaults optional', () => {
    const schema = JSON.parse(current) as { required: string[]; properties: Record<string, { description?: string }> };
    expect(schema.required).toEqual(['dataset', 'split', 'models']);
    expect(schema.properties['k']!.description).toContain('Cut-off');
    expect(JSON.stringify(schema)).toContain('"lambda"');
  });
});
