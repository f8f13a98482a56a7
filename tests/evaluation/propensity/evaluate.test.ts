import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../../src/errors.js';
import { parseEvalReport } from '../../../src/evaluation/report/schema.js';
import { renderMarkdown } from '../../../src/evaluation/report/render.js';
import type { EvalReport } from '../../../src/evaluation/report/types.js';
import { evaluate, type EvaluateOptions } from '../../../src/evaluation/runner/index.js';
import { loadDataset } from '../../../src/io/load-dataset.js';
import type { MarketplaceData } from '../../../src/schema/marketplace-data.js';
import { validateMarketplace } from '../../../src/schema/marketplace-data.js';

const signals = [
  { type: 'ials', weight: 1, factors: 8, iterations: 4, cgSteps: 2 },
  { type: 'popularity', weight: 0.2 },
];

let data: MarketplaceData;
let base: EvaluateOptions;
beforeAll(async () => {
  data = (await loadDataset(fileURLToPath(new URL('../../../fixtures/marketplace', import.meta.url)))).data;
  base = {
    dataset: { name: 'fixtures', data },
    split: { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true },
    models: [
      { name: 'lambda 0', config: { signals, fairness: { rerank: { lambda: 0 } } } },
      { name: 'lambda 0.3', config: { signals, fairness: { rerank: { lambda: 0.3 } } } },
    ],
    metrics: ['ndcg', 'recall', 'merchant-gini'],
    k: 10,
    clock: () => 0,
  };
});

describe('evaluate with a propensity model (fixtures, impressions model)', () => {
  let report: EvalReport;
  beforeAll(() => {
    report = evaluate({ ...base, propensity: { model: 'impressions' } });
  });

  it('reports each corrected metric right after the logged one, with per-user vectors for paired tests', () => {
    expect(Object.keys(report.runs[0]!.metrics)).toEqual([
      'ndcg@10',
      'ips-ndcg@10',
      'snips-ndcg@10',
      'dr-ndcg@10',
      'recall@10',
      'ips-recall@10',
      'snips-recall@10',
      'dr-recall@10',
      'merchant-gini@10',
    ]);
    for (const run of report.runs) for (const label of ['ips-ndcg@10', 'dr-recall@10']) expect(run.metrics[label]!.perUser).toHaveLength(report.users!.length);
  });

  it('says which model was fitted, its weights and effective sample size, and each run\'s unsupported exposure', () => {
    const p = report.propensity!;
    expect(p.model).toBe('impressions');
    expect(p.description).toMatch(/^impressions: position-based click model by regression EM on \d+ training impressions/);
    expect(p.clip).toBe(100);
    expect(p.heldOutInteractions).toBeGreaterThan(0);
    // Kish's ESS never exceeds the number of weights; SNIPS is IPS over the mean weight.
    expect(p.effectiveSampleSize).toBeLessThanOrEqual(p.heldOutInteractions);
    const [ips, snips] = [report.runs[0]!.metrics['ips-ndcg@10']!.mean, report.runs[0]!.metrics['snips-ndcg@10']!.mean];
    expect(snips * p.meanWeight).toBeCloseTo(ips, 3);
    expect(p.details['examination']).toHaveLength(6);
    for (const run of report.runs) expect(run.propensity!.unsupportedExposure).toBeGreaterThanOrEqual(0);
    for (const run of report.runs) expect(run.propensity!.unsupportedExposure).toBeLessThanOrEqual(1);
    const md = renderMarkdown(report);
    expect(md).toContain('propensity model impressions: position-based click model');
    expect(md).toMatch(/exposure on items the log cannot value \(unsupported\): lambda 0 \d+\.\d%, lambda 0\.3 \d+\.\d%/);
  });

  it('the report reads back through the schema and is deterministic', () => {
    expect(parseEvalReport(JSON.parse(JSON.stringify(report)))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(JSON.stringify(evaluate({ ...base, propensity: { model: 'impressions' } }))).toBe(JSON.stringify(report));
  });

  it('the popularity model fits gamma on the first run and reports ips and snips only', () => {
    const pop = evaluate({ ...base, propensity: { model: 'popularity' } });
    expect(pop.propensity!.details).toMatchObject({ model: 'popularity', gammaFrom: 'lambda 0' });
    expect(Object.keys(pop.runs[0]!.metrics)).toContain('snips-recall@10');
    expect(Object.keys(pop.runs[0]!.metrics)).not.toContain('dr-ndcg@10');
    const given = evaluate({ ...base, propensity: { model: 'popularity', gamma: 1.5, estimators: ['snips'], metrics: ['ndcg'] } });
    expect(Object.keys(given.runs[0]!.metrics)).toEqual(['ndcg@10', 'snips-ndcg@10', 'recall@10', 'merchant-gini@10']);
    expect(given.propensity!.description).toContain('gamma 1.500 given');
  });

  it('small effective sample sizes are warned about in the report and on the warning channel', () => {
    const warnings: string[] = [];
    const r = evaluate({ ...base, models: [base.models[0]!], propensity: { model: 'impressions', minEffectiveSampleSize: 1e6 } }, (w) => warnings.push(w));
    expect(r.propensity!.warnings[0]).toMatch(/^effective sample size [\d.]+ of \d+ held-out interactions is small/);
    expect(warnings.some((w) => w.startsWith('propensity: effective sample size'))).toBe(true);
    expect(renderMarkdown(r)).toContain('> **Warning**: effective sample size');
  });
});

describe('bad propensity input: clear errors, never a silent fallback to logged metrics', () => {
  it('an impression without a position names the event and the field', () => {
    const events = data.events.map((e, i) => (i === 5 && e.type === 'impression' ? { ...e, position: undefined } : e));
    const bad = { ...data, events };
    expect(data.events[5]!.type).toBe('impression');
    expect(() => evaluate({ ...base, dataset: { name: 'x', data: bad }, propensity: { model: 'impressions' } })).toThrow(DataError);
    expect(() => evaluate({ ...base, dataset: { name: 'x', data: bad }, propensity: { model: 'impressions' } })).toThrow(/training events\[5\] \(impression of user .*\): field "position" is missing/);
  });

  it('the impressions model on data without impressions names propensity.model', () => {
    const clicks = validateMarketplace({ ...data, events: data.events.filter((e) => e.type !== 'impression') }).data;
    const run = () => evaluate({ ...base, dataset: { name: 'x', data: clicks }, propensity: { model: 'impressions' } });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/propensity\.model "impressions" needs impression events with positions in the training part/);
  });

  it('options out of range, dr without a reward model, corrected metrics without a model: errors naming the option', () => {
    const error = (options: Partial<EvaluateOptions>) => {
      try {
        evaluate({ ...base, ...options });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    };
    expect(error({ propensity: { model: 'impressions', clip: 0.5 } }).path).toBe('propensity.clip');
    expect(error({ propensity: { model: 'impressions', examination: [1, 0] } }).path).toBe('propensity.examination.1');
    expect(error({ propensity: { model: 'popularity', estimators: ['dr'] } }).path).toBe('propensity.estimators');
    expect(error({ propensity: { model: 'popularity', gammaFrom: 'nope' } }).path).toBe('propensity.gammaFrom');
    expect(error({ metrics: ['snips-ndcg@10'] }).message).toContain('metrics.0: snips-ndcg@10 needs a propensity model');
    expect(error({ propensity: { model: 'given', propensities: { items: new Map([['p-0001', 0]]) } } })).toBeInstanceOf(DataError);
  });
});

describe('fairness metrics over merchants with evidence', () => {
  it('cover only merchants with a product with training interactions, and the report says so', () => {
    const all = evaluate({ ...base, models: [base.models[1]!] });
    const evidence = evaluate({ ...base, models: [base.models[1]!], fairnessMerchants: 'evidence' });
    expect(all.fairness).toEqual({ merchants: 'all', covered: 40, total: 40 });
    expect(evidence.fairness!.merchants).toBe('evidence');
    expect(evidence.fairness!.covered).toBeLessThan(40);
    expect(evidence.fairness!.total).toBe(40);
    expect(evidence.runs[0]!.metrics['merchant-gini@10']!.mean).not.toBe(all.runs[0]!.metrics['merchant-gini@10']!.mean);
    expect(renderMarkdown(evidence)).toContain(`fairness metrics cover the ${evidence.fairness!.covered} merchants with evidence`);
  });
});
