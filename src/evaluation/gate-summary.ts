import type { GateCheck, GateResult } from './gate.js';
import { _mdCell, _xml } from './report/_format.js';

function num(v: number | null): string {
  return v === null ? '-' : v.toFixed(4);
}

function deltaCell(check: GateCheck): string {
  if (check.delta === null) return '-';
  if (check.delta === 0) return '= 0';
  const arrow = check.delta > 0 ? '↑' : '↓';
  const better =
    check.target === undefined || check.current === null || check.baseline === null
      ? (check.delta > 0) === check.higherIsBetter
      : Math.abs(check.current - check.target) < Math.abs(check.baseline - check.target);
  return `${arrow} ${check.delta > 0 ? '+' : ''}${check.delta.toFixed(4)} (${better ? 'better' : 'worse'})`;
}

function toleranceCell(check: GateCheck): string {
  return check.tolerance.kind === 'relative' ? `${(check.tolerance.value * 100).toFixed(2)}% (${check.allowed.toFixed(4)})` : check.allowed.toFixed(4);
}

const STATUS: Record<GateCheck['status'], string> = { pass: '✅ pass', fail: '❌ **FAIL**', missing: '⚠️ missing' };

/**
 * A Markdown summary of the gate: verdict, counts, and a diff table (run, metric, baseline,
 * current, delta with an arrow and better/worse, allowed worsening, status), failures first.
 */
export function renderGateMarkdown(result: GateResult): string {
  const { pass, fail, missing } = result.counts;
  const lines = [
    `## Regression gate: ${result.passed ? 'PASSED ✅' : 'FAILED ❌'}`,
    '',
    `${pass} passed, ${fail} failed, ${missing} missing${result.requireSignificance === undefined ? '' : `; failures need a paired test with p < ${result.requireSignificance}`}.`,
    '',
    ...(result.warnings ?? []).flatMap((w) => [`> **Warning**: ${_mdCell(w)}.`, '']),
    '| run | metric | baseline | current | change | allowed worsening | status |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  const order: Record<GateCheck['status'], number> = { fail: 0, missing: 1, pass: 2 };
  const sorted = [...result.checks].sort((a, b) => order[a.status] - order[b.status]);
  for (const c of sorted) {
    lines.push(
      `| ${_mdCell(c.run)} | ${_mdCell(c.metric)} | ${num(c.baseline)} | ${num(c.current)} | ${deltaCell(c)} | ${toleranceCell(c)} | ${STATUS[c.status]} |`,
    );
  }
  const notes = sorted.filter((c) => c.status !== 'pass');
  if (notes.length > 0) {
    lines.push('', '### Details', '');
    for (const c of notes) lines.push(`- **${_mdCell(c.run)} / ${_mdCell(c.metric)}**: ${_mdCell(c.message)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * JUnit XML of the gate: one `testsuite` per run, one `testcase` per (run, metric); failures
 * carry a `failure` element with the message; missing metrics are `skipped` (or failures with
 * `failOnMissing`).
 */
export function renderGateJUnit(result: GateResult, suiteName = 'gfp gate'): string {
  const runs = new Map<string, GateCheck[]>();
  for (const c of result.checks) {
    let list = runs.get(c.run);
    if (list === undefined) runs.set(c.run, (list = []));
    list.push(c);
  }
  const isFailure = (c: GateCheck): boolean => c.status === 'fail' || (c.status === 'missing' && result.failOnMissing);
  const totalFailures = result.checks.filter(isFailure).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${_xml(suiteName)}" tests="${result.checks.length}" failures="${totalFailures}">`,
  ];
  for (const [run, checks] of runs) {
    const failures = checks.filter(isFailure).length;
    const skipped = checks.filter((c) => c.status === 'missing' && !result.failOnMissing).length;
    out.push(`  <testsuite name="${_xml(run)}" tests="${checks.length}" failures="${failures}" skipped="${skipped}">`);
    for (const c of checks) {
      const open = `    <testcase classname="${_xml(`gate.${run}`)}" name="${_xml(c.metric)}"`;
      const detail = `baseline ${num(c.baseline)}, current ${num(c.current)}, allowed worsening ${c.allowed.toFixed(4)}: ${c.message}`;
      if (isFailure(c)) {
        out.push(`${open}>`, `      <failure message="${_xml(c.message)}" type="${c.status === 'fail' ? 'regression' : 'missing'}">${_xml(detail)}</failure>`, '    </testcase>');
      } else if (c.status === 'missing') {
        out.push(`${open}>`, `      <skipped message="${_xml(c.message)}"/>`, '    </testcase>');
      } else {
        out.push(`${open}/>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** The reports a gate was asked to compare, for the summary of a gate that could not. */
export interface GateInputs {
  readonly baseline?: string;
  readonly current?: string;
}

/**
 * The Markdown summary of a gate that could not compare the reports (bad input, reports that are
 * not like for like, nothing to compare: exit 2 in the CLI): the verdict and why, one line per
 * entry of `reason` (a message, then any further issues).
 */
export function renderGateErrorMarkdown(reason: readonly string[], inputs: GateInputs = {}): string {
  const files =
    inputs.baseline === undefined && inputs.current === undefined
      ? []
      : [`Baseline \`${_mdCell(inputs.baseline ?? '-')}\`, current \`${_mdCell(inputs.current ?? '-')}\`.`, ''];
  return [
    '## Regression gate: NOT COMPARED ⚠️',
    '',
    'The gate could not compare the reports, so it did not pass:',
    '',
    ...reason.map((line) => `- ${_mdCell(line)}`),
    '',
    ...files,
  ].join('\n');
}

/**
 * JUnit XML of a gate that could not compare the reports: one test case, `compare reports`, with
 * an `error` element carrying the reason (so CI test reports show the gate as broken, not green).
 */
export function renderGateErrorJUnit(reason: readonly string[], suiteName = 'gfp gate'): string {
  const message = reason[0] ?? 'the gate could not compare the reports';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${_xml(suiteName)}" tests="1" failures="0" errors="1">`,
    `  <testsuite name="${_xml(suiteName)}" tests="1" failures="0" errors="1" skipped="0">`,
    '    <testcase classname="gate" name="compare reports">',
    `      <error message="${_xml(message)}" type="not-compared">${_xml(reason.join('\n'))}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
