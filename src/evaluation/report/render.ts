import { _alignRows, _csvField, _mdCell, _num } from './_format.js';
import { propensityLines } from './propensity-lines.js';
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
  const [lo, hi] = m.ci95;
  if (!withCi || !(hi > lo)) return _num(m.mean, digits);
  const below = m.mean - lo;
  const above = hi - m.mean;
  // A clipped interval is asymmetric about the mean: show its ends rather than a misleading ±.
  if (Math.abs(below - above) > 1e-9 * Math.max(1, Math.abs(m.mean))) return `${_num(m.mean, digits)} [${_num(lo, digits)}, ${_num(hi, digits)}]`;
  return `${_num(m.mean, digits)} ±${_num((hi - lo) / 2, digits)}`;
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

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Lines describing the data, the split and who was evaluated. A report without the `evaluated`
 * section (older versions) gets its one-line summary of the folds.
 */
export function reportHeader(report: EvalReport): string[] {
  const d = report.dataset;
  const sp = report.split;
  const e = report.evaluated;
  if (e === undefined) {
    return [
      `${d.name}: ${d.users} users, ${d.items} items, ${d.interactions} interactions; split ${sp.strategy} (${sp.trainEvents} train / ${sp.testEvents} test events)`,
      ...propensityLines(report),
    ];
  }
  const loaded = d.loadedUsers !== undefined && d.loadedEvents !== undefined ? `; ${plural(d.loadedUsers, 'user')} and ${plural(d.loadedEvents, 'event')} loaded` : '';
  const cells = sp.trainCells === undefined ? '' : ` -> ${plural(sp.trainCells, 'stored user-product cell')}`;
  const dropped =
    sp.droppedTestEvents === undefined ? '' : `; dropped ${plural(sp.droppedTestEvents, 'test event')} of ${plural(sp.droppedUsers ?? 0, 'user')} without training events`;
  const n = e.notEvaluated;
  const reasons = [
    [n.noRelevantTestEvents, 'only impressions/zero-weight events in test'],
    [n.onlyTrainingItems, 'relevant test items all already in their training events'],
    [n.offCatalogue, 'relevant test items all outside the catalogue'],
  ] as const;
  const missing = e.testUsers - e.evaluated;
  const why = reasons.filter(([count]) => count > 0).map(([count, text]) => `${count} ${text}`);
  return [
    `${d.name}: ${plural(d.items, 'item')}${loaded}`,
    `split ${sp.strategy}: train ${plural(sp.trainEvents, 'event')} of ${plural(sp.trainUsers, 'user')}${cells}; test ${plural(sp.testEvents, 'event')} of ${plural(sp.testUsers, 'user')}${dropped}`,
    `${plural(e.testUsers, 'test user')}; ${e.evaluated} evaluated${missing > 0 ? `; ${missing} without relevant test items (${why.join(', ')})` : ''}`,
    ...propensityLines(report),
  ];
}

/** Options of the table renderers. */
export interface TableOptions {
  /** Decimals. @default 4 */
  readonly digits?: number;
  /** Show the 95% interval: `± half-width`, or `[lo, hi]` when clipping made it asymmetric. @default true */
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
  return [...reportHeader(report), lines[0]!, rule, ...lines.slice(1)].join('\n') + '\n';
}

/** A Markdown table (runs x metrics, then seconds per phase) under lines describing data, split and evaluated users. */
export function renderMarkdown(report: EvalReport, options: TableOptions = {}): string {
  const labels = reportLabels(report);
  const phases = options.timings === false ? [] : reportPhases(report);
  const columns = [...labels, ...phases.map((p) => `${p} s`)];
  const [first, ...header] = reportHeader(report);
  const rest = [...header, ...(report.warnings ?? []).map((w) => `WARNING: ${w}`)];
  const line = (text: string): string => (text.startsWith('WARNING: ') ? `> **Warning**: ${_mdCell(text.slice(9))}` : _mdCell(text));
  const out = [`**${_mdCell(first!)}**`, ...rest.flatMap((text) => ['', line(text)]), '', `| run | ${columns.map(_mdCell).join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`];
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
