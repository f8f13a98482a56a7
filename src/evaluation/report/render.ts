import { _alignRows, _csvField, _mdCell, _num } from './_format.js';
import type { EvalReport } from './types.js';

/** Metric labels of a report in order of first appearance over its runs. */
export function reportLabels(report: EvalReport): string[] {
  const labels = new Set<string>();
  for (const run of report.runs) for (const label of Object.keys(run.metrics)) labels.add(label);
  return [...labels];
}

function cell(report: EvalReport, runIndex: number, label: string, digits: number, withCi: boolean): string {
  const m = report.runs[runIndex]!.metrics[label];
  if (m === undefined || !Object.prototype.hasOwnProperty.call(report.runs[runIndex]!.metrics, label)) return '-';
  const half = (m.ci95[1] - m.ci95[0]) / 2;
  return withCi && half > 0 ? `${_num(m.mean, digits)} ±${_num(half, digits)}` : _num(m.mean, digits);
}

/** Timing phases of a report in order of first appearance over its runs. */
export function reportPhases(report: EvalReport): string[] {
  const phases = new Set<string>();
  for (const run of report.runs) for (const phase of Object.keys(run.timings)) phases.add(phase);
  return [...phases];
}

function timing(report: EvalReport, runIndex: number, phase: string): string {
  const timings = report.runs[runIndex]!.timings;
  return Object.prototype.hasOwnProperty.call(timings, phase) ? timings[phase]!.toFixed(3) : '-';
}

function header(report: EvalReport): string {
  const d = report.dataset;
  return `${d.name}: ${d.users} users, ${d.items} items, ${d.interactions} interactions; split ${report.split.strategy} (${report.split.trainEvents} train / ${report.split.testEvents} test events)`;
}

/** Options of the table renderers. */
export interface TableOptions {
  /** Decimals. @default 4 */
  readonly digits?: number;
  /** Show `±` half-width of the 95% interval. @default true */
  readonly ci?: boolean;
  /** Add a column per timing phase (`fit s`, seconds). @default true */
  readonly timings?: boolean;
}

/** A plain-text table (runs x metrics, then seconds per phase) with aligned columns, for a terminal. */
export function renderConsoleTable(report: EvalReport, options: TableOptions = {}): string {
  const labels = reportLabels(report);
  const phases = options.timings === false ? [] : reportPhases(report);
  const rows: string[][] = [['run', ...labels, ...phases.map((p) => `${p} s`)]];
  report.runs.forEach((run, r) =>
    rows.push([
      run.name,
      ...labels.map((l) => cell(report, r, l, options.digits ?? 4, options.ci ?? true)),
      ...phases.map((p) => timing(report, r, p)),
    ]),
  );
  const lines = _alignRows(rows);
  const rule = '-'.repeat(Math.max(...lines.map((l) => l.length)));
  return [header(report), lines[0]!, rule, ...lines.slice(1)].join('\n') + '\n';
}

/** A Markdown table (runs x metrics, then seconds per phase) under a line describing data and split. */
export function renderMarkdown(report: EvalReport, options: TableOptions = {}): string {
  const labels = reportLabels(report);
  const phases = options.timings === false ? [] : reportPhases(report);
  const columns = [...labels, ...phases.map((p) => `${p} s`)];
  const out = [`**${_mdCell(header(report))}**`, '', `| run | ${columns.map(_mdCell).join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`];
  report.runs.forEach((run, r) => {
    const cells = [...labels.map((l) => cell(report, r, l, options.digits ?? 4, options.ci ?? true)), ...phases.map((p) => timing(report, r, p))];
    out.push(`| ${_mdCell(run.name)} | ${cells.join(' | ')} |`);
  });
  return out.join('\n') + '\n';
}

/** The report as pretty JSON (the file format `parseEvalReport` reads back). */
export function renderJson(report: EvalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Long-format CSV: `run,metric,mean,ci95_lo,ci95_hi`, one row per run and metric, full precision. */
export function renderCsv(report: EvalReport): string {
  const lines = ['run,metric,mean,ci95_lo,ci95_hi'];
  for (const run of report.runs) {
    for (const [label, m] of Object.entries(run.metrics)) {
      lines.push([run.name, label, String(m.mean), String(m.ci95[0]), String(m.ci95[1])].map(_csvField).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
