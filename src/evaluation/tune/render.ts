/**
 * Text of a tuning: what was tuned on the validation split (in-sample) and how the tuned config
 * compares with the starting one on the held-out test split, for the console and Markdown, and
 * the JSON report of `gfp tune --report`.
 */
import { _alignRows, _mdCell } from '../report/_format.js';
import type { EvalReport, JsonValue } from '../report/types.js';
import type { MeanCi } from '../stats/summary.js';
import type { TuneValue } from './ascent.js';
import { halfLifeLabel } from './half-life.js';
import type { TuneBlendResult } from './tune-blend.js';
import type { TuneEvaluation, TunedComparison } from './tune-evaluate.js';

const f4 = (x: number): string => x.toFixed(4);
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
/** `0.1234 [0.1000, 0.1468]`. */
export const withInterval = (m: MeanCi, sign = false): string => `${sign ? signed(m.mean) : f4(m.mean)} [${sign ? signed(m.ci95[0]) : f4(m.ci95[0])}, ${sign ? signed(m.ci95[1]) : f4(m.ci95[1])}]`;
const value = (v: TuneValue): string => (v === null ? 'null' : String(v));

/** The tuned weights as `signal from -> to` (unchanged ones as `signal w`), comma-separated. */
export function describeWeights(result: TuneBlendResult): string {
  return result.weights.map((w) => (w.from === w.to ? `${w.signal} ${w.to}` : `${w.signal} ${w.from} -> ${w.to}`)).join(', ');
}

/** Every knob of the tuned config: weights, normalisation, tie rule, prior weight, boost weight and half-life. */
export function describeTunedConfig(result: TuneBlendResult): string {
  const c = result.config;
  return `${describeWeights(result)}; normalisation ${c.normalisation}, blend.ties ${c.blend.ties}, blend.prior.weight ${c.blend.prior.weight}, boost.weight ${c.boost.weight}, half-life ${halfLifeLabel(result.halfLife)}`;
}

/**
 * Lines describing a tuning: the validation split, NDCG@k before and after on it (in-sample),
 * each half-life tried, the accepted steps, the tuned values and the notes.
 */
export function renderTuneSummary(result: TuneBlendResult): string {
  const v = result.validation;
  const lines = [
    `validation split ${v.split} of the training part: ${v.trainEvents} / ${v.testEvents} events, ${v.users} users scored`,
    `ndcg@${result.k} on the validation users (in-sample for the tuned config): ${withInterval(result.baseline)} -> ${withInterval(result.tuned)}, ` +
      `difference ${withInterval(result.difference, true)}, p (paired t) ${result.pValue.toPrecision(3)}`,
  ];
  if (result.halfLives.length > 1) {
    const tried = result.halfLives.map((h) => `${halfLifeLabel(h.halfLife)}${h.days === null ? '' : ` (${h.days.toPrecision(3)} d)`} ${f4(h.tuned.mean)}`);
    lines.push(`half-lives tried (best blend each): ${tried.join(', ')}; chosen: ${halfLifeLabel(result.halfLife)}`);
  }
  const rows = result.steps.map((s) => [`round ${s.round}`, s.parameter, `${value(s.from)} -> ${value(s.to)}`, `ndcg ${f4(s.score)}`, `gain ${signed(s.gain)} (se ${s.standardError.toFixed(4)})`]);
  lines.push(rows.length === 0 ? 'no change was worth keeping (no gain clear of the noise guard, minGainStandardErrors)' : 'accepted changes:', ..._alignRows(rows).map((r) => `  ${r}`));
  lines.push(`tuned: ${describeTunedConfig(result)}`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** The test-split comparisons of tuned against starting config as a table (console or Markdown). */
export function renderTunedComparisons(comparisons: readonly TunedComparison[], format: 'console' | 'markdown' = 'console'): string {
  const head = ['metric', 'starting config', 'tuned', 'tuned - starting [95% CI]', 'p (paired t)', 'p (randomisation)', 'users'];
  const rows = comparisons.map((c) => [c.label, withInterval(c.baseline), withInterval(c.tuned), withInterval(c.difference, true), c.pairedT.toPrecision(3), c.randomisation.toPrecision(3), String(c.difference.n)]);
  if (format === 'console') return `${_alignRows([head, ...rows]).join('\n')}\n`;
  const md = (r: readonly string[]): string => `| ${r.map(_mdCell).join(' | ')} |`;
  return `${[md(head), md(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(md)].join('\n')}\n`;
}

/** The JSON report of a tuning: the tuner's result (config included) and the test-split evaluation. */
export function tuneReportJson(evaluation: TuneEvaluation): string {
  const { tune, report, comparisons } = evaluation;
  const body: { version: 1; tune: JsonValue; comparisons: JsonValue; evaluation: EvalReport } = {
    version: 1,
    tune: JSON.parse(JSON.stringify(tune)) as JsonValue,
    comparisons: JSON.parse(JSON.stringify(comparisons)) as JsonValue,
    evaluation: report,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
