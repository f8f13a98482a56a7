import { _alignRows, _mdCell, _num } from './_format.js';
import type { EvalReport, JsonValue } from './types.js';

/** One grid value of a sweep and the metrics measured there. */
export interface SweepPoint {
  readonly value: number | string;
  readonly metrics: ReadonlyMap<string, number>;
  /** 95% intervals by label, where the metric has one (per-user metrics). */
  readonly intervals?: ReadonlyMap<string, readonly [number, number]>;
}

/** A sweep of one configuration key over a grid. */
export interface Sweep {
  /** The swept key, e.g. `fairness.lambda`. */
  readonly parameter: string;
  readonly points: readonly SweepPoint[];
}

function lookup(config: { readonly [key: string]: JsonValue }, dotted: string): JsonValue | undefined {
  let node: JsonValue | undefined = config;
  for (const key of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as { [key: string]: JsonValue })[key];
  }
  return node;
}

/**
 * A sweep from a report whose runs differ in one config key (dotted path): one point per run that
 * has the key with a number or string value, in run order.
 */
export function sweepFromReport(report: EvalReport, parameter: string): Sweep {
  const points: SweepPoint[] = [];
  for (const run of report.runs) {
    const value = lookup(run.config, parameter);
    if (typeof value !== 'number' && typeof value !== 'string') continue;
    const entries = Object.entries(run.metrics);
    points.push({ value, metrics: new Map(entries.map(([label, m]) => [label, m.mean])), intervals: new Map(entries.map(([label, m]) => [label, m.ci95])) });
  }
  return { parameter, points };
}

/** Options of {@link renderSweepTable}. */
export interface SweepTableOptions {
  /** Metric columns; default every label in order of first appearance. */
  readonly labels?: readonly string[];
  /** @default 'markdown' */
  readonly format?: 'markdown' | 'console';
  /** @default 4 */
  readonly digits?: number;
}

/** A table of (grid value, metrics), one row per point. */
export function renderSweepTable(sweep: Sweep, options: SweepTableOptions = {}): string {
  const labels = options.labels ?? [...new Set(sweep.points.flatMap((p) => [...p.metrics.keys()]))];
  const digits = options.digits ?? 4;
  const rows = sweep.points.map((p) => [String(p.value), ...labels.map((l) => _num(p.metrics.get(l), digits))]);
  if ((options.format ?? 'markdown') === 'console') return _alignRows([[sweep.parameter, ...labels], ...rows]).join('\n') + '\n';
  const out = [`| ${_mdCell(sweep.parameter)} | ${labels.map(_mdCell).join(' | ')} |`, `|---:|${labels.map(() => '---:').join('|')}|`];
  for (const row of rows) out.push(`| ${row.map(_mdCell).join(' | ')} |`);
  return out.join('\n') + '\n';
}

export { niceTicks, renderTradeoffSvg, type TradeoffChartOptions } from './tradeoff-svg.js';
