import { ConfigError } from '../../errors.js';
import { _alignRows, _mdCell, _num, _xml } from './_format.js';
import type { EvalReport, JsonValue } from './types.js';

/** One grid value of a sweep and the metrics measured there. */
export interface SweepPoint {
  readonly value: number | string;
  readonly metrics: ReadonlyMap<string, number>;
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
    points.push({ value, metrics: new Map(Object.entries(run.metrics).map(([label, m]) => [label, m.mean])) });
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

/** Options of {@link renderTradeoffSvg}. */
export interface TradeoffChartOptions {
  /** Metric on the x axis (a fairness metric such as `merchant-gini@10`). */
  readonly x: string;
  /** Metric on the y axis (an accuracy metric such as `ndcg@10`). */
  readonly y: string;
  /** Pixels. @default 640 */
  readonly width?: number;
  /** Pixels. @default 420 */
  readonly height?: number;
  /** @default `${y} vs ${x} over ${parameter}` */
  readonly title?: string;
}

/** "Nice" tick values (steps of 1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo)) {
    const pad = lo === 0 ? 0.01 : Math.abs(lo) * 0.05;
    return niceTicks(lo - pad, hi + pad, target);
  }
  const raw = (hi - lo) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const start = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < hi) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

function tickText(value: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}

/**
 * An SVG scatter chart of the accuracy-fairness trade-off: one point per grid value (labelled
 * with it), joined in grid order, x = `options.x`, y = `options.y`, with labelled axes and tick
 * labels. Hand-written, well-formed XML, no dependency. Points lacking either metric are skipped.
 */
export function renderTradeoffSvg(sweep: Sweep, options: TradeoffChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 420;
  const pts = sweep.points.flatMap((p) => {
    const x = p.metrics.get(options.x);
    const y = p.metrics.get(options.y);
    return x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y) ? [] : [{ x, y, label: String(p.value) }];
  });
  if (pts.length === 0) throw new ConfigError(`no sweep point has both ${options.x} and ${options.y}`, 'x');
  const margin = { left: 70, right: 30, top: 40, bottom: 55 };
  const xTicks = niceTicks(Math.min(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x)));
  const yTicks = niceTicks(Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y)));
  const [x0, x1] = [xTicks[0]!, xTicks[xTicks.length - 1]!];
  const [y0, y1] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (v: number): number => margin.left + ((v - x0) / (x1 - x0)) * plotW;
  const sy = (v: number): number => margin.top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const f = (v: number): string => v.toFixed(2);
  const title = options.title ?? `${options.y} vs ${options.x} over ${sweep.parameter}`;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${_xml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
    `<text x="${f(width / 2)}" y="22" text-anchor="middle" font-size="14">${_xml(title)}</text>`,
    `<g class="axes" stroke="#333" fill="none">`,
    `<line x1="${margin.left}" y1="${f(margin.top + plotH)}" x2="${f(margin.left + plotW)}" y2="${f(margin.top + plotH)}"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${f(margin.top + plotH)}"/>`,
    `</g>`,
    `<g class="x-ticks" text-anchor="middle">`,
  ];
  for (const t of xTicks) {
    out.push(`<line x1="${f(sx(t))}" y1="${f(margin.top + plotH)}" x2="${f(sx(t))}" y2="${f(margin.top + plotH + 5)}" stroke="#333"/>`);
    out.push(`<text x="${f(sx(t))}" y="${f(margin.top + plotH + 18)}">${tickText(t, xTicks)}</text>`);
  }
  out.push(`</g>`, `<g class="y-ticks" text-anchor="end">`);
  for (const t of yTicks) {
    out.push(`<line x1="${margin.left - 5}" y1="${f(sy(t))}" x2="${margin.left}" y2="${f(sy(t))}" stroke="#333"/>`);
    out.push(`<text x="${margin.left - 8}" y="${f(sy(t) + 4)}">${tickText(t, yTicks)}</text>`);
  }
  out.push(`</g>`);
  out.push(`<text class="x-label" x="${f(margin.left + plotW / 2)}" y="${height - 12}" text-anchor="middle">${_xml(options.x)}</text>`);
  out.push(
    `<text class="y-label" x="16" y="${f(margin.top + plotH / 2)}" text-anchor="middle" transform="rotate(-90 16 ${f(margin.top + plotH / 2)})">${_xml(options.y)}</text>`,
  );
  out.push(`<polyline fill="none" stroke="#88a" points="${pts.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`);
  out.push(`<g class="points">`);
  for (const p of pts) {
    out.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="4" fill="#2a6"><title>${_xml(`${sweep.parameter}=${p.label}: ${options.x} ${p.x}, ${options.y} ${p.y}`)}</title></circle>`);
    out.push(`<text x="${f(sx(p.x) + 6)}" y="${f(sy(p.y) - 6)}">${_xml(`${sweep.parameter}=${p.label}`)}</text>`);
  }
  out.push(`</g>`, `</svg>`);
  return out.join('\n') + '\n';
}
