import { describe, expect, it } from 'vitest';
import { gate, parseTolerance, parseToleranceSpec, type Tolerance } from '../../src/evaluation/gate.js';
import { renderGateErrorJUnit, renderGateErrorMarkdown, renderGateJUnit, renderGateMarkdown } from '../../src/evaluation/gate-summary.js';
import type { EvalReport, MetricResult, ProtocolInfo } from '../../src/evaluation/report/types.js';
import { ConfigError, DataError } from '../../src/errors.js';
import { expectWellFormed } from './_xml.js';

const PROTOCOL: ProtocolInfo = { k: 10, metrics: [], listLength: 10, candidates: 'full', ledger: 'sequential', relevantTypes: null, fairnessMerchants: 'all' };

function report(metrics: Record<string, MetricResult>, name = 'ials', users?: string[]): EvalReport {
  return {
    version: 1,
    dataset: { name: 'toy', fingerprint: 'f', users: 4, items: 10, interactions: 40, contextFingerprint: 'crc32:0000000c', merchantTiers: { head: 1, mid: 1, small: 2 } },
    split: { strategy: 'temporal', trainEvents: 30, testEvents: 10, trainUsers: 4, testUsers: 4 },
    protocol: { ...PROTOCOL, metrics: Object.keys(metrics) },
    ...(users === undefined ? {} : { users }),
    runs: [{ name, config: { lambda: 0 }, metrics, timings: { fit: 0.1 } }],
  };
}
const m = (mean: number, perUser?: number[]): MetricResult => (perUser === undefined ? { mean, ci95: [mean, mean] } : { mean, ci95: [mean, mean], perUser });
const tol = (entries: [string, Tolerance][]) => new Map(entries);

describe('tolerances', () => {
  it('parses absolute and relative tolerances', () => {
    expect(parseTolerance('0.01')).toEqual({ kind: 'absolute', value: 0.01 });
    expect(parseTolerance('2%')).toEqual({ kind: 'relative', value: 0.02 });
    expect(parseToleranceSpec('ndcg@10=2%')).toEqual(['ndcg@10', { kind: 'relative', value: 0.02 }]);
    expect(() => parseTolerance('abc')).toThrow(ConfigError);
    expect(() => parseTolerance('-1')).toThrow(ConfigError);
    expect(() => parseToleranceSpec('ndcg@10')).toThrow(/label=value/);
  });
});

describe('gate', () => {
  const base = report({ 'ndcg@10': m(0.3), 'merchant-gini@10': m(0.5), 'recall@10': m(0.2) });

  it('passes identical reports', () => {
    const r = gate(base, base);
    expect(r.passed).toBe(true);
    expect(r.counts).toEqual({ pass: 3, fail: 0, missing: 0 });
  });
  it('absolute tolerance: 0.009 drop passes under 0.01, 0.011 fails', () => {
    const t = { tolerances: tol([['ndcg@10', { kind: 'absolute', value: 0.01 }]]) };
    expect(gate(base, report({ 'ndcg@10': m(0.291), 'merchant-gini@10': m(0.5), 'recall@10': m(0.2) }), t).passed).toBe(true);
    const r = gate(base, report({ 'ndcg@10': m(0.289), 'merchant-gini@10': m(0.5), 'recall@10': m(0.2) }), t);
    expect(r.passed).toBe(false);
    const c = r.checks.find((x) => x.metric === 'ndcg@10')!;
    expect(c.status).toBe('fail');
    expect(c.delta).toBeCloseTo(-0.011, 12);
    expect(c.allowed).toBe(0.01);
  });
  it('relative tolerance scales with the baseline: 2% of 0.3 = 0.006', () => {
    const t = { tolerances: tol([['ndcg@10', { kind: 'relative', value: 0.02 }]]) };
    const pass = gate(base, report({ 'ndcg@10': m(0.295), 'merchant-gini@10': m(0.5), 'recall@10': m(0.2) }), t);
    expect(pass.passed).toBe(true);
    expect(pass.checks[0]!.allowed).toBeCloseTo(0.006, 12);
    expect(gate(base, report({ 'ndcg@10': m(0.293), 'merchant-gini@10': m(0.5), 'recall@10': m(0.2) }), t).passed).toBe(false);
  });
  it('is direction-aware: merchant-gini fails when it rises, passes when it falls', () => {
    const up = gate(base, report({ 'ndcg@10': m(0.3), 'merchant-gini@10': m(0.55), 'recall@10': m(0.2) }));
    expect(up.passed).toBe(false);
    expect(up.checks.find((c) => c.metric === 'merchant-gini@10')!.higherIsBetter).toBe(false);
    expect(gate(base, report({ 'ndcg@10': m(0.3), 'merchant-gini@10': m(0.3), 'recall@10': m(0.2) })).passed).toBe(true);
    expect(gate(base, report({ 'ndcg@10': m(0.4), 'merchant-gini@10': m(0.5), 'recall@10': m(0.25) })).passed).toBe(true);
  });
  it('directions can be overridden; unknown labels count as higher-is-better', () => {
    const b = report({ 'latency-ms': m(100), custom: m(1) });
    const c = report({ 'latency-ms': m(120), custom: m(0.9) });
    const r = gate(b, c, { directions: new Map([['latency-ms', 'lower']]) });
    expect(r.checks.map((x) => [x.metric, x.higherIsBetter, x.status])).toEqual([
      ['latency-ms', false, 'fail'],
      ['custom', true, 'fail'],
    ]);
  });
  it('a default tolerance covers labels without their own', () => {
    const cur = report({ 'ndcg@10': m(0.29), 'merchant-gini@10': m(0.51), 'recall@10': m(0.19) });
    expect(gate(base, cur).passed).toBe(false);
    expect(gate(base, cur, { defaultTolerance: { kind: 'absolute', value: 0.02 } }).passed).toBe(true);
  });
  it('reports missing metrics and runs; they fail only with failOnMissing', () => {
    const cur = report({ 'ndcg@10': m(0.3) });
    const r = gate(base, cur);
    expect(r.counts).toEqual({ pass: 1, fail: 0, missing: 2 });
    expect(r.passed).toBe(true);
    expect(gate(base, cur, { failOnMissing: true }).passed).toBe(false);
    const twoRuns: EvalReport = { ...base, runs: [...base.runs, { ...base.runs[0]!, name: 'ease' }] };
    const otherRun = gate(twoRuns, report({ 'ndcg@10': m(0.3), 'merchant-gini@10': m(0.5), 'recall@10': m(0.2) }, 'ease'));
    expect(otherRun.counts).toEqual({ pass: 3, fail: 0, missing: 3 });
    expect(otherRun.checks.filter((c) => c.status === 'missing').every((c) => c.message === 'run "ials" is missing from the current report')).toBe(true);
  });
  it('nothing to compare (every baseline metric missing, or none at all) is bad input, whatever failOnMissing says', () => {
    const otherK = report({ 'ndcg@5': m(0.3), 'merchant-gini@5': m(0.5), 'recall@5': m(0.2) });
    for (const failOnMissing of [false, true]) {
      expect(() => gate(base, otherK, { failOnMissing })).toThrow(DataError);
    }
    expect(() => gate(base, otherK)).toThrow(
      'nothing to compare: none of the baseline\'s 3 metric labels is in a run of the same name in the current report: the runs match but no metric label does (the same metrics at other cut-offs, baseline @10 and current @5: another k?); baseline: runs "ials" with ndcg@10, merchant-gini@10, recall@10; current: runs "ials" with ndcg@5, merchant-gini@5, recall@5',
    );
    expect(() => gate(base, report({ 'mrr@10': m(0.3) }))).toThrow(/the runs match but no metric label does \(other metrics\?\); baseline/);
    expect(() => gate(base, report({ 'ndcg@10': m(0.3) }, 'ease'))).toThrow(/: no run of the baseline is in the current report \(renamed runs\?\); baseline: runs "ials"/);
    expect(() => gate({ ...base, runs: [] }, base)).toThrow('nothing to compare: the baseline has no metrics (no runs)');
    expect(() => gate(report({}), base)).toThrow('nothing to compare: the baseline has no metrics (runs "ials" without metrics)');
  });
  it('requireSignificance: a drop that is noise passes, a consistent drop fails', () => {
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const b = report({ 'ndcg@10': m(0.5, [0.9, 0.1, 0.8, 0.2, 0.7, 0.3]) }, 'ials', users);
    const noisy = report({ 'ndcg@10': m(0.4833, [0.1, 0.9, 0.2, 0.8, 0.3, 0.6]) }, 'ials', users);
    const r1 = gate(b, noisy, { requireSignificance: 0.05 });
    expect(r1.passed).toBe(true);
    expect(r1.checks[0]!.pValue).toBeGreaterThan(0.05);
    expect(gate(b, noisy).passed).toBe(false);
    const consistent = report({ 'ndcg@10': m(0.44, [0.85, 0.04, 0.74, 0.15, 0.63, 0.23]) }, 'ials', users);
    const r2 = gate(b, consistent, { requireSignificance: 0.05 });
    expect(r2.passed).toBe(false);
    expect(r2.checks[0]!.pValue).toBeLessThan(0.05);
  });
  it('significance pairs users by id, not position', () => {
    const b = report({ 'ndcg@10': m(0.5, [1, 0]) }, 'ials', ['a', 'b']);
    const c = report({ 'ndcg@10': m(0.5 - 1e-3, [0, 1 - 2e-3]) }, 'ials', ['b', 'a']);
    // aligned by id: a 1 -> 0.998, b 0 -> 0: differences -0.002 and 0
    const r = gate(b, c, { requireSignificance: 0.5, test: 'paired-t' });
    expect(r.checks[0]!.pValue).toBeCloseTo(0.5, 6);
  });
  it('renders a Markdown summary with arrows and a failing verdict', () => {
    const r = gate(base, report({ 'ndcg@10': m(0.25), 'merchant-gini@10': m(0.45), 'recall@10': m(0.2) }));
    const md = renderGateMarkdown(r);
    expect(md).toContain('## Regression gate: FAILED');
    expect(md).toMatch(/\| ials \| ndcg@10 \| 0\.3000 \| 0\.2500 \| ↓ -0\.0500 \(worse\) \| 0\.0000 \| ❌ \*\*FAIL\*\* \|/);
    expect(md).toMatch(/\| ials \| merchant-gini@10 \| 0\.5000 \| 0\.4500 \| ↓ -0\.0500 \(better\) \|/);
    expect(md).toContain('1 failed');
  });
  it('writes JUnit XML: one testcase per run x metric, failures with messages', () => {
    const r = gate(base, report({ 'ndcg@10': m(0.25), 'merchant-gini@10': m(0.5) }));
    const xml = renderGateJUnit(r);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toMatch(/<testsuites name="gfp gate" tests="3" failures="1">/);
    expect(xml).toMatch(/<testsuite name="ials" tests="3" failures="1" skipped="1">/);
    expect(xml.match(/<testcase /g)!.length).toBe(3);
    expect(xml).toMatch(/<testcase classname="gate\.ials" name="ndcg@10">\s*<failure message="worsened by 0\.05 &gt; allowed 0/);
    expect(xml).toMatch(/<testcase classname="gate\.ials" name="recall@10">\s*<skipped /);
    expectWellFormed(xml);
  });
  it('the XML checker itself rejects malformed XML', () => {
    expect(() => expectWellFormed('<a><b></a>')).toThrow();
    expect(() => expectWellFormed('<a>x & y</a>')).toThrow();
    expect(() => expectWellFormed('<a x=1/>')).toThrow();
  });
  it('escapes XML in run names', () => {
    const odd = report({ 'ndcg@10': m(0.3) }, 'a<b & "c"');
    const xml = renderGateJUnit(gate(odd, report({ 'ndcg@10': m(0.1) }, 'a<b & "c"')));
    expect(xml).toContain('name="a&lt;b &amp; &quot;c&quot;"');
    expectWellFormed(xml);
  });
});

describe('tolerance labels', () => {
  const base = report({ 'ndcg@10': m(0.3), 'recall@10': m(0.2) });
  it('a tolerance naming no metric of the baseline is bad input that names it and lists the known labels', () => {
    const error = (() => {
      try {
        gate(base, base, { tolerances: tol([['foo@10', { kind: 'absolute', value: 0.01 }], ['ndcg@10', { kind: 'absolute', value: 0.01 }]]) });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('tolerance for "foo@10" names no metric of the baseline; its metrics are: ndcg@10, recall@10');
    expect((error as ConfigError).path).toBe('tolerance');
  });
  it('tolerances naming baseline metrics are accepted', () => {
    expect(gate(base, base, { tolerances: tol([['recall@10', { kind: 'relative', value: 0.02 }]]) }).passed).toBe(true);
  });
});

describe('metrics with a target value', () => {
  // exposure-merit ratios are ideal at 1: the distance from 1 is what may not grow.
  const label = 'exposure-merit-small@10';
  const base = report({ [label]: m(0.8) });
  it('moving towards 1 from either side passes, moving away fails, whichever way', () => {
    expect(gate(base, report({ [label]: m(0.95) })).passed).toBe(true);
    expect(gate(base, report({ [label]: m(1.15) })).passed).toBe(true); // |1.15 - 1| = 0.15 < 0.2
    const over = gate(base, report({ [label]: m(1.25) })); // 0.25 > 0.2: worse although higher
    expect(over.passed).toBe(false);
    expect(over.checks[0]!.target).toBe(1);
    expect(over.checks[0]!.message).toBe('worsened by 0.05 > allowed 0 (closer to 1 is better)');
    expect(gate(base, report({ [label]: m(0.7) })).passed).toBe(false);
    const head = report({ 'exposure-merit-head@10': m(1.2) });
    expect(gate(head, report({ 'exposure-merit-head@10': m(0.9) })).passed).toBe(true); // lower was "better" before, and still passes
    expect(gate(head, report({ 'exposure-merit-head@10': m(0.7) })).passed).toBe(false); // 0.3 > 0.2 from 1: registered as lower-is-better, this passed before
  });
  it('the tolerance applies to the growth of the distance; the summary says better or worse by distance', () => {
    const r = gate(base, report({ [label]: m(1.25) }), { defaultTolerance: { kind: 'absolute', value: 0.05 } });
    expect(r.passed).toBe(true);
    expect(renderGateMarkdown(gate(base, report({ [label]: m(1.25) })))).toContain('↑ +0.4500 (worse)');
    expect(renderGateMarkdown(gate(base, report({ [label]: m(1.1) })))).toContain('↑ +0.3000 (better)');
  });
  it('a direction override can set a target too', () => {
    const b = report({ calibration: m(0.5) });
    const directions = new Map([['calibration', { target: 0.4 }]]);
    const r = gate(b, report({ calibration: m(0.25) }), { directions }); // 0.15 from 0.4 > 0.1
    expect([r.passed, r.checks[0]!.higherIsBetter, r.checks[0]!.target]).toEqual([false, false, 0.4]);
    expect(gate(b, report({ calibration: m(0.35) }), { directions }).passed).toBe(true); // 0.05 < 0.1
  });
});

describe('gate: reports of different data or propensity models', () => {
  const base = report({ 'ndcg@10': m(0.3), 'snips-ndcg@10': m(0.4) });
  const withData = (r: EvalReport, fingerprint: string): EvalReport => ({ ...r, dataset: { ...r.dataset, fingerprint } });
  const propensity = (description: string) => ({
    model: 'impressions' as const,
    description,
    estimators: ['snips'],
    clip: 100,
    heldOutInteractions: 10,
    effectiveSampleSize: 8,
    meanWeight: 1.5,
    maxWeight: 3,
    clipped: 0,
    details: {},
    warnings: [],
  });

  it('refuses different fingerprints, naming the parts that differ', () => {
    const a = withData(base, 'crc32:00000001:00000002:00000003');
    const b = withData(base, 'crc32:00000001:0000000f:00000003');
    expect(() => gate(a, b)).toThrow(DataError);
    expect(() => gate(a, b)).toThrow(/different data \(training fold differ: dataset "toy" fingerprint crc32:00000001:00000002:00000003/);
    expect(() => gate(a, withData(base, 'crc32:ffffffff:0000000f:00000003'))).toThrow(/catalogue, training fold differ/);
    expect(() => gate(a, withData(base, 'something-else'))).toThrow(/\(data differ/);
  });

  it('compares a baseline with an earlier (crc32) fingerprint, with a note that the data was not checked', () => {
    const old = withData(base, 'crc32:00000001:00000002:00000003');
    const r = gate(old, withData(base, 'set64:0000000000000001:0000000000000002:0000000000000003'));
    expect(r.passed).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('the data fingerprints are of different versions (baseline crc32:00000001:00000002:00000003'))).toBe(true);
    // Within one scheme a difference is still refused.
    expect(() => gate(withData(base, 'set64:01:02:03'), withData(base, 'set64:01:0f:03'))).toThrow(/training fold differ/);
  });

  it('allowDifferentData compares anyway and carries the reason as a warning (also in the Markdown)', () => {
    const r = gate(base, withData(base, 'g'), { allowDifferentData: true });
    expect(r.passed).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(renderGateMarkdown(r)).toContain('> **Warning**: baseline and current come from different data');
    expect(gate(base, base).warnings).toEqual([]);
  });

  it('refuses corrected metrics from different propensity models', () => {
    const a = { ...base, propensity: propensity('impressions: EM, examination 1, 0.6') };
    const b = { ...base, propensity: propensity('impressions: EM, examination 1, 0.5') };
    expect(() => gate(a, b)).toThrow(/different propensity models/);
    expect(gate(a, a).passed).toBe(true);
    expect(gate(a, { ...b, propensity: { ...a.propensity } }).passed).toBe(true);
  });

  it('gates on corrected metrics like any other: a falling snips-ndcg fails', () => {
    const r = gate(base, report({ 'ndcg@10': m(0.3), 'snips-ndcg@10': m(0.35) }));
    expect(r.passed).toBe(false);
    expect(r.checks.find((c) => c.metric === 'snips-ndcg@10')!.status).toBe('fail');
  });
});

describe('summaries of a gate that could not compare', () => {
  const reason = ['the reports are not comparable: run "a<b & c" | differs', 'and a second issue'];
  it('Markdown: the verdict, one list item per line (pipes escaped), the files', () => {
    const md = renderGateErrorMarkdown(reason, { baseline: 'base.json', current: 'run.json' });
    expect(md).toBe(
      '## Regression gate: NOT COMPARED ⚠️\n\nThe gate could not compare the reports, so it did not pass:\n\n' +
        '- the reports are not comparable: run "a<b & c" \\| differs\n- and a second issue\n\nBaseline `base.json`, current `run.json`.\n',
    );
  });
  it('JUnit: one errored test case with the reason, escaped', () => {
    const xml = renderGateErrorJUnit(reason);
    expectWellFormed(xml);
    expect(xml).toContain('<error message="the reports are not comparable: run &quot;a&lt;b &amp; c&quot; | differs" type="not-compared">');
    expect(xml).toContain('differs\nand a second issue</error>');
    expect(xml).toMatch(/<testsuites name="gfp gate" tests="1" failures="0" errors="1">/);
  });
});
