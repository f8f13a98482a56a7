import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createRunResult,
  niceTicks,
  parseEvalReport,
  readEvalReportJson,
  renderConsoleTable,
  renderCsv,
  renderJson,
  renderMarkdown,
  renderSweepTable,
  renderTradeoffSvg,
  runMetrics,
  sweepFromReport,
  type EvalReport,
} from '../../src/evaluation/report/index.js';
import { ValidationError } from '../../src/errors.js';
import { expectWellFormed } from './_xml.js';

const run = (name: string, lambda: number, ndcg: number, gini: number) =>
  createRunResult({
    name,
    config: { fairness: { lambda } },
    metrics: new Map([
      ['ndcg@10', { mean: ndcg, ci95: [ndcg - 0.01, ndcg + 0.01] as const, perUser: [ndcg - 0.1, ndcg + 0.1] }],
      ['merchant-gini@10', { mean: gini, ci95: [gini, gini] as const }],
    ]),
    timings: new Map([['fit', 1.5]]),
  });

const report: EvalReport = {
  version: 1,
  dataset: { name: 'toy', fingerprint: 'abc', users: 2, items: 5, interactions: 9 },
  split: { strategy: 'leave-last-n', trainEvents: 7, testEvents: 2, trainUsers: 2, testUsers: 2, params: { n: 1 } },
  users: ['u1', 'u2'],
  runs: [run('lambda=0', 0, 0.3, 0.6), run('lambda=0.5', 0.5, 0.29, 0.45), run('lambda=1', 1, 0.27, 0.3)],
};

describe('EvalReport JSON', () => {
  it('round-trips through renderJson and readEvalReportJson', () => {
    const back = readEvalReportJson(renderJson(report), 'r.json');
    expect(back).toEqual(JSON.parse(JSON.stringify(report)));
    expect(runMetrics(back.runs[1]!).get('ndcg@10')!.mean).toBe(0.29);
  });
  it('a bad file throws ValidationError naming the JSON path', () => {
    const bad = JSON.parse(renderJson(report));
    bad.runs[1].metrics['ndcg@10'].mean = 'high';
    bad.dataset.users = -1;
    try {
      parseEvalReport(bad, 'bad.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const fields = (error as ValidationError).issues.map((i) => i.field);
      expect(fields).toContain('runs.1.metrics.ndcg@10.mean');
      expect(fields).toContain('dataset.users');
      expect((error as ValidationError).message).toContain('bad.json');
    }
  });
  it('invalid JSON throws ValidationError', () => {
    expect(() => readEvalReportJson('{"version": 1,', 'x.json')).toThrow(ValidationError);
    expect(() => readEvalReportJson('{"version": 2}', 'x.json')).toThrow(/version/);
  });
  it('the invalid fixture names its bad field', () => {
    const text = readFileSync(new URL('../../fixtures/gate/invalid-report.json', import.meta.url), 'utf8');
    expect(() => readEvalReportJson(text, 'invalid-report.json')).toThrow(/runs\.1\.metrics\.ndcg@10\.mean/);
  });
});

describe('renderers', () => {
  it('console table has aligned columns', () => {
    const text = renderConsoleTable(report, { ci: false, timings: false });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toContain('toy: 2 users, 5 items, 9 interactions; split leave-last-n');
    expect(lines[1]).toMatch(/^run {8,}ndcg@10 {2}merchant-gini@10$/);
    expect(lines.slice(3).map((l) => l.length)).toEqual([lines[1]!.length, lines[1]!.length, lines[1]!.length]);
    expect(lines[3]).toMatch(/^lambda=0 +0\.3000 +0\.6000$/);
  });
  it('Markdown table with CI half-widths', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| run | ndcg@10 | merchant-gini@10 | fit s |');
    expect(md).toContain('| lambda=0.5 | 0.2900 ±0.0100 | 0.4500 | 1.500 |');
    expect(renderConsoleTable(report).split('\n')[3]).toMatch(/^lambda=0 +0\.3000 ±0\.0100 +0\.6000 +1\.500$/);
  });
  it('a report with the evaluated section says who was evaluated and why the others were not', () => {
    const full: EvalReport = {
      ...report,
      dataset: { ...report.dataset, users: 283, items: 400, interactions: 5840, loadedUsers: 300, loadedEvents: 5995 },
      split: { strategy: 'temporal', trainEvents: 4796, testEvents: 1044, trainUsers: 283, testUsers: 109, trainCells: 564, droppedTestEvents: 155, droppedUsers: 17 },
      evaluated: { testUsers: 109, evaluated: 63, notEvaluated: { noRelevantTestEvents: 40, onlyTrainingItems: 6, offCatalogue: 0 } },
    };
    const head = [
      'toy: 400 items; 300 users and 5995 events loaded',
      'split temporal: train 4796 events of 283 users -> 564 stored user-product cells; test 1044 events of 109 users; dropped 155 test events of 17 users without training events',
      '109 test users; 63 evaluated; 46 without relevant test items (40 only impressions/zero-weight events in test, 6 relevant test items all already in their training events)',
    ];
    expect(renderConsoleTable(full).split('\n').slice(0, 3)).toEqual(head);
    expect(renderMarkdown(full).split('\n').slice(0, 6)).toEqual([`**${head[0]}**`, '', head[1], '', head[2], '']);
    expect(parseEvalReport(JSON.parse(renderJson(full)))).toEqual(full);
    // A report of an older version (no evaluated section) keeps its one-line summary.
    expect(renderConsoleTable(report).split('\n')[0]).toBe('toy: 2 users, 5 items, 9 interactions; split leave-last-n (7 train / 2 test events)');
  });
  it('an interval clipped to the metric range shows its ends instead of a misleading ±', () => {
    const clipped: EvalReport = {
      ...report,
      runs: [createRunResult({ name: 'pop', metrics: new Map([['ndcg@3', { mean: 0.7299, ci95: [0, 1] as const }]]) })],
    };
    expect(renderConsoleTable(clipped).split('\n')[3]).toMatch(/^pop +0\.7299 \[0\.0000, 1\.0000\]$/);
  });
  it('CSV in long format', () => {
    const csv = renderCsv(report).trimEnd().split('\n');
    expect(csv[0]).toBe('run,metric,mean,ci95_lo,ci95_hi');
    expect(csv).toContain('lambda=1,merchant-gini@10,0.3,0.3,0.3');
    expect(csv.length).toBe(7);
  });
  it('CSV quotes fields that need it', () => {
    const r = { ...report, runs: [{ ...report.runs[0]!, name: 'a,"b"' }] };
    expect(renderCsv(r).split('\n')[1]).toBe('"a,""b""",ndcg@10,0.3,0.29,0.31');
  });
});

describe('sweeps', () => {
  const sweep = sweepFromReport(report, 'fairness.lambda');
  it('collects one point per grid value', () => {
    expect(sweep.points.map((p) => p.value)).toEqual([0, 0.5, 1]);
    expect(sweep.points[2]!.metrics.get('merchant-gini@10')).toBe(0.3);
  });
  it('table of (value, metrics)', () => {
    const md = renderSweepTable(sweep);
    expect(md.split('\n')[0]).toBe('| fairness.lambda | ndcg@10 | merchant-gini@10 |');
    expect(md).toContain('| 0.5 | 0.2900 | 0.4500 |');
    expect(renderSweepTable(sweep, { format: 'console' }).split('\n')[0]).toMatch(/^fairness\.lambda {2}ndcg@10/);
  });
  it('nice ticks', () => {
    expect(niceTicks(0.27, 0.3)).toEqual([0.27, 0.28, 0.29, 0.3]);
    expect(niceTicks(0.271, 0.2995)).toEqual([0.27, 0.28, 0.29, 0.3]);
    expect(niceTicks(0.5, 0.5)).toEqual([0.46, 0.48, 0.5, 0.52, 0.54]);
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.3, 0.6)).toEqual([0.3, 0.4, 0.5, 0.6]);
  });
  it('SVG trade-off chart: valid XML, labelled axes, ticks and points', () => {
    const svg = renderTradeoffSvg(sweep, { x: 'merchant-gini@10', y: 'ndcg@10' });
    expectWellFormed(svg);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('class="x-label"');
    expect(svg).toMatch(/class="x-label"[^>]*>merchant-gini@10<\/text>/);
    expect(svg).toMatch(/class="y-label"[^>]*>ndcg@10<\/text>/);
    expect(svg.match(/<circle /g)!.length).toBe(3);
    // Points carry the grid value only; the parameter is named once, under the x axis.
    expect(svg).toMatch(/<g class="point-labels"[^>]*>[^]*>0\.5<\/text>/);
    expect(svg).toContain('points labelled with fairness.lambda');
    expect(svg).not.toContain('fairness.lambda=0.5</text>');
    expect(svg).toContain('>0.3</text>'); // an x tick label (step 0.1)
    expect(svg).toContain('>0.6</text>');
    expect(svg).toContain('>0.28</text>'); // a y tick label (step 0.01)
    expect(svg).not.toContain('NaN');
  });
  it('SVG escapes labels and handles a single point', () => {
    const one = { parameter: 'a<b', points: [{ value: 'x&y', metrics: new Map([['ndcg@10', 0.3], ['merchant-gini@10', 0.5]]) }] };
    const svg = renderTradeoffSvg(one, { x: 'merchant-gini@10', y: 'ndcg@10' });
    expectWellFormed(svg);
    expect(svg).toContain('points labelled with a&lt;b');
    expect(svg).toContain('>x&amp;y</text>');
    expect(svg).not.toContain('NaN');
  });
});
