import { ConfigError } from '../../errors.js';
import { _xml } from './_format.js';
import { placeLabels, type Box } from './label-placement.js';
import type { Sweep } from './sweep.js';

/** Options of {@link renderTradeoffSvg}. */
export interface TradeoffChartOptions {
  /** Metric on the x axis (a fairness metric such as `merchant-gini@10`). */
  readonly x: string;
  /**
   * Metric(s) on the y axis, one series each (an accuracy metric such as `ndcg@10`, and its
   * propensity-corrected version such as `snips-ndcg@10`).
   */
  readonly y: string | readonly string[];
  /** Pixels. @default 640 */
  readonly width?: number;
  /** Pixels. @default 420 */
  readonly height?: number;
  /** @default `${y} vs ${x}` (cut to the width) */
  readonly title?: string;
  /**
   * `value`: the metrics as measured; `change`: each y series as the percent change from its
   * first grid point (series on different scales, such as a logged metric and its corrected
   * estimate, then share one axis; the intervals are divided by the same first value).
   * @default 'value'
   */
  readonly scale?: 'value' | 'change';
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

/** Series colours (colour-blind safe: blue, orange, green, purple). */
const COLOURS = ['#1f77b4', '#e66100', '#1a9850', '#7b3294'];
const MARKERS = 4;
const CHAR = 6.6;
const LINE = 12;

/** One plotted point: data values, its 95% intervals (when given), the grid value, the series. */
interface Point {
  readonly x: number;
  readonly y: number;
  readonly xi?: readonly [number, number];
  readonly yi?: readonly [number, number];
  readonly label: string;
  readonly series: number;
}

function interval(i: readonly [number, number] | undefined): readonly [number, number] | undefined {
  return i !== undefined && Number.isFinite(i[0]) && Number.isFinite(i[1]) && i[1] > i[0] ? i : undefined;
}

/** Text cut to fit `pixels` at `char` pixels per character (the chart's 11-12 px text by default). */
function fit(text: string, pixels: number, char = CHAR): string {
  const max = Math.max(4, Math.floor(pixels / char));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * An SVG scatter chart of the accuracy-fairness trade-off: x = `options.x`, one series per y metric
 * (e.g. the logged NDCG and its propensity-corrected estimate), as measured or as the percent
 * change from the first grid value (`scale`), one point per grid value joined in grid order, with
 * 95% interval whiskers where the sweep has intervals (per-user metrics). Each
 * point is labelled with its grid value only (the parameter is named under the x axis); labels are
 * placed inside the canvas without overlapping each other, the points or the whiskers, and a label
 * that finds no free place is left out (the point keeps its tooltip). Hand-written, well-formed
 * XML, no dependency. Points lacking x or y are skipped.
 *
 * @throws ConfigError when no point has both metrics.
 */
export function renderTradeoffSvg(sweep: Sweep, options: TradeoffChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 420;
  const ys = typeof options.y === 'string' ? [options.y] : [...options.y];
  const change = options.scale === 'change';
  const pts: Point[] = [];
  ys.forEach((label, series) => {
    const first = sweep.points.map((p) => p.metrics.get(label)).find((v) => v !== undefined && Number.isFinite(v) && v !== 0);
    const scaled = (v: number): number => (change ? 100 * (v / first! - 1) : v);
    for (const p of sweep.points) {
      const x = p.metrics.get(options.x);
      const y = p.metrics.get(label);
      if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y) || (change && first === undefined)) continue;
      const xi = interval(p.intervals?.get(options.x));
      const raw = interval(p.intervals?.get(label));
      const yi = raw === undefined ? undefined : ([scaled(raw[0]), scaled(raw[1])] as const);
      pts.push({ x, y: scaled(y), label: String(p.value), series, ...(xi === undefined ? {} : { xi }), ...(yi === undefined ? {} : { yi }) });
    }
  });
  if (pts.length === 0) throw new ConfigError(`no sweep point has both ${options.x} and ${ys.join(' or ')}`, 'x');
  const legend = ys.length > 1;
  const margin = { left: 70, right: 20, top: legend ? 40 + LINE * ys.length : 40, bottom: 62 };
  const xTicks = niceTicks(Math.min(...pts.map((p) => p.xi?.[0] ?? p.x)), Math.max(...pts.map((p) => p.xi?.[1] ?? p.x)));
  const yTicks = niceTicks(Math.min(...pts.map((p) => p.yi?.[0] ?? p.y)), Math.max(...pts.map((p) => p.yi?.[1] ?? p.y)));
  const [x0, x1] = [xTicks[0]!, xTicks[xTicks.length - 1]!];
  const [y0, y1] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const plot = { left: margin.left, top: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
  const sx = (v: number): number => plot.left + ((v - x0) / (x1 - x0)) * plot.width;
  const sy = (v: number): number => plot.top + plot.height - ((v - y0) / (y1 - y0)) * plot.height;
  const f = (v: number): string => v.toFixed(2);
  const title = fit(options.title ?? `${ys.join(' and ')} vs ${options.x}`, width - 20, 8);
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${_xml(options.title ?? title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
    `<text class="title" x="${f(width / 2)}" y="22" text-anchor="middle" font-size="14">${_xml(title)}</text>`,
    `<g class="axes" stroke="#333" fill="none">`,
    `<line x1="${plot.left}" y1="${f(plot.top + plot.height)}" x2="${f(plot.left + plot.width)}" y2="${f(plot.top + plot.height)}"/>`,
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${f(plot.top + plot.height)}"/>`,
    `</g>`,
    `<g class="x-ticks" text-anchor="middle">`,
  ];
  for (const t of xTicks) {
    out.push(`<line x1="${f(sx(t))}" y1="${f(plot.top + plot.height)}" x2="${f(sx(t))}" y2="${f(plot.top + plot.height + 5)}" stroke="#333"/>`);
    out.push(`<text x="${f(sx(t))}" y="${f(plot.top + plot.height + 18)}">${tickText(t, xTicks)}</text>`);
  }
  out.push(`</g>`, `<g class="y-ticks" text-anchor="end">`);
  for (const t of yTicks) {
    out.push(`<line x1="${plot.left - 5}" y1="${f(sy(t))}" x2="${plot.left}" y2="${f(sy(t))}" stroke="#333"/>`);
    out.push(`<text x="${plot.left - 8}" y="${f(sy(t) + 4)}">${tickText(t, yTicks)}</text>`);
  }
  out.push(`</g>`);
  out.push(`<text class="x-label" x="${f(plot.left + plot.width / 2)}" y="${height - 26}" text-anchor="middle">${_xml(fit(options.x, plot.width))}</text>`);
  out.push(
    `<text class="point-note" x="${f(plot.left + plot.width / 2)}" y="${height - 9}" text-anchor="middle" font-size="11" fill="#555">${_xml(fit(`points labelled with ${sweep.parameter}; whiskers: 95% intervals`, width - 20))}</text>`,
  );
  const yLabel = fit(change ? 'change from the first point, %' : ys.join(' / '), plot.height);
  out.push(`<text class="y-label" x="16" y="${f(plot.top + plot.height / 2)}" text-anchor="middle" transform="rotate(-90 16 ${f(plot.top + plot.height / 2)})">${_xml(yLabel)}</text>`);
  if (legend) {
    out.push(`<g class="legend">`);
    ys.forEach((label, s) => {
      const ly = 40 + LINE * s;
      out.push(`<circle cx="${plot.left + 6}" cy="${ly - 4}" r="${MARKERS}" fill="${COLOURS[s % COLOURS.length]}"/>`);
      out.push(`<text x="${plot.left + 16}" y="${ly}">${_xml(fit(label, plot.width - 20))}</text>`);
    });
    out.push(`</g>`);
  }
  const obstacles: Box[] = [];
  for (let s = 0; s < ys.length; s++) {
    const series = pts.filter((p) => p.series === s);
    out.push(`<polyline class="series" fill="none" stroke="${COLOURS[s % COLOURS.length]}" stroke-opacity="0.5" points="${series.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`);
  }
  out.push(`<g class="whiskers" stroke-width="1">`);
  for (const p of pts) {
    const colour = COLOURS[p.series % COLOURS.length];
    if (p.yi !== undefined) {
      const [a, b] = [sy(p.yi[1]), sy(p.yi[0])];
      out.push(`<line x1="${f(sx(p.x))}" y1="${f(a)}" x2="${f(sx(p.x))}" y2="${f(b)}" stroke="${colour}"/>`);
      for (const e of [a, b]) out.push(`<line x1="${f(sx(p.x) - 3)}" y1="${f(e)}" x2="${f(sx(p.x) + 3)}" y2="${f(e)}" stroke="${colour}"/>`);
      obstacles.push({ x: sx(p.x) - 3, y: a, width: 6, height: b - a });
    }
    if (p.xi !== undefined) {
      const [a, b] = [sx(p.xi[0]), sx(p.xi[1])];
      out.push(`<line x1="${f(a)}" y1="${f(sy(p.y))}" x2="${f(b)}" y2="${f(sy(p.y))}" stroke="${colour}"/>`);
      obstacles.push({ x: a, y: sy(p.y) - 3, width: b - a, height: 6 });
    }
  }
  out.push(`</g>`, `<g class="points">`);
  for (const p of pts) {
    const tip = `${sweep.parameter}=${p.label}: ${options.x} ${p.x}, ${ys[p.series]!} ${p.y}${p.yi === undefined ? '' : ` [${p.yi[0]}, ${p.yi[1]}]`}`;
    out.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="${MARKERS}" fill="${COLOURS[p.series % COLOURS.length]}"><title>${_xml(tip)}</title></circle>`);
    obstacles.push({ x: sx(p.x) - MARKERS, y: sy(p.y) - MARKERS, width: 2 * MARKERS, height: 2 * MARKERS });
  }
  out.push(`</g>`, `<g class="point-labels" font-size="11">`);
  const bounds: Box = { x: plot.left + 2, y: plot.top, width: plot.width - 2, height: plot.height - 2 };
  const placed = placeLabels(
    pts.map((p) => ({ x: sx(p.x), y: sy(p.y), width: p.label.length * CHAR, height: LINE })),
    obstacles,
    bounds,
  );
  placed.forEach((box, i) => {
    if (box === undefined) return;
    out.push(`<text x="${f(box.x)}" y="${f(box.y + box.height - 2)}" fill="${COLOURS[pts[i]!.series % COLOURS.length]}">${_xml(pts[i]!.label)}</text>`);
  });
  out.push(`</g>`, `</svg>`);
  return out.join('\n') + '\n';
}
