import { ConfigError, DataError } from '../errors.js';
import { metricGoal } from './metrics/registry.js';
import { _comparability, _nothingToCompare } from './gate-comparability.js';
import type { MetricGoal } from './metrics/types.js';
import type { EvalReport, MetricResult, RunResult } from './report/types.js';
import { _pairPerUser } from './runner/pair-users.js';
import { pairedRandomisationTest, pairedTTest } from './stats/paired-tests.js';

/** A tolerated worsening: absolute (`0.01`) or relative to the baseline (`0.02` = 2%). */
export interface Tolerance {
  readonly kind: 'absolute' | 'relative';
  /** Absolute units of the metric, or a fraction of |baseline| for `relative`. */
  readonly value: number;
}

/** Options of {@link gate}. */
export interface GateOptions {
  /** Tolerance per metric label. */
  readonly tolerances?: ReadonlyMap<string, Tolerance>;
  /** Tolerance for labels without their own. @default absolute 0 */
  readonly defaultTolerance?: Tolerance;
  /**
   * Significance level: a worsening beyond tolerance fails only if the paired test on per-user
   * vectors gives p < alpha. Metrics without per-user vectors in both reports fail on tolerance alone.
   */
  readonly requireSignificance?: number;
  /** Paired test used with `requireSignificance`. @default 'paired-t' */
  readonly test?: 'paired-t' | 'randomisation';
  /** Rounds and seed of the randomisation test. @default 10000 rounds, seed 42 */
  readonly randomisation?: { readonly rounds?: number; readonly seed?: number };
  /**
   * Direction per label, overriding the registry: `higher`, `lower` or `{ target }` (distance from
   * the target is what worsens). Unknown labels default to higher-is-better.
   */
  readonly directions?: ReadonlyMap<string, MetricGoal>;
  /** A baseline metric or run missing from the current report fails the gate. @default false */
  readonly failOnMissing?: boolean;
  /**
   * Compare reports that are not like for like anyway, with a warning in the result: different
   * data (dataset fingerprints), metric contexts (merchant tiers), protocols (k, list length,
   * candidates, ledger, relevant types, fairness population) or propensity models. Without it the
   * gate refuses them (DataError naming what differs).
   * @default false
   */
  readonly allowDifferentData?: boolean;
}

/** Outcome of one (run, metric) comparison. */
export interface GateCheck {
  readonly run: string;
  readonly metric: string;
  /** Baseline mean; `null` when missing. */
  readonly baseline: number | null;
  /** Current mean; `null` when missing. */
  readonly current: number | null;
  /** `current - baseline`; `null` when either is missing. */
  readonly delta: number | null;
  /** Allowed worsening in the metric's units (absolute, whatever the tolerance kind). */
  readonly allowed: number;
  readonly tolerance: Tolerance;
  /** Whether a larger value is better; false and unused when `target` is set. */
  readonly higherIsBetter: boolean;
  /** The metric's ideal value when it has one: the worsening is the growth of `|value - target|`. */
  readonly target?: number;
  readonly status: 'pass' | 'fail' | 'missing';
  /** Paired-test p-value when one was computed. */
  readonly pValue?: number;
  /** Why: a readable sentence. */
  readonly message: string;
}

/** Structured result of the gate; only the CLI turns it into an exit code. */
export interface GateResult {
  /** No check failed (and, with `failOnMissing`, none was missing). */
  readonly passed: boolean;
  readonly checks: readonly GateCheck[];
  readonly counts: { readonly pass: number; readonly fail: number; readonly missing: number };
  /** Options that shaped the result, for the summary. */
  readonly requireSignificance?: number;
  readonly failOnMissing: boolean;
  /**
   * Why the comparison may not be like for like, one sentence each: what differs between reports
   * compared anyway (`allowDifferentData`), or what a report of an earlier version does not record
   * (its protocol, its metric context), so could not be checked.
   */
  readonly warnings: readonly string[];
}

const ZERO: Tolerance = { kind: 'absolute', value: 0 };

/**
 * Parses a tolerance: `0.01` (absolute) or `2%` (relative). Throws ConfigError quoting the text.
 * @example parseTolerance('2%') // { kind: 'relative', value: 0.02 }
 */
export function parseTolerance(text: string): Tolerance {
  const t = text.trim();
  const relative = t.endsWith('%');
  const n = Number(relative ? t.slice(0, -1) : t);
  if (t === '' || t === '%' || !Number.isFinite(n) || n < 0) {
    throw new ConfigError(`bad tolerance "${text}": expected a non-negative number such as 0.01 or a percentage such as 2%`, 'tolerance');
  }
  return relative ? { kind: 'relative', value: n / 100 } : { kind: 'absolute', value: n };
}

/**
 * Parses `label=tolerance` (e.g. `ndcg@10=0.01`, `merchant-gini@10=5%`).
 * @example parseToleranceSpec('ndcg@10=2%') // ['ndcg@10', { kind: 'relative', value: 0.02 }]
 */
export function parseToleranceSpec(spec: string): [string, Tolerance] {
  const eq = spec.lastIndexOf('=');
  if (eq <= 0) throw new ConfigError(`bad tolerance "${spec}": expected label=value such as ndcg@10=0.01 or ndcg@10=2%`, 'tolerance');
  return [spec.slice(0, eq).trim(), parseTolerance(spec.slice(eq + 1))];
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Per-user vectors of both runs aligned by user id (or by position when no users are listed). */
function alignedVectors(
  baseline: EvalReport,
  current: EvalReport,
  b: MetricResult,
  c: MetricResult,
): [number[], number[]] | undefined {
  if (b.perUser === undefined || c.perUser === undefined) return undefined;
  const bothListed = baseline.users !== undefined && current.users !== undefined;
  try {
    const pair = _pairPerUser(b.perUser, c.perUser, bothListed ? baseline.users : undefined, bothListed ? current.users : undefined);
    return pair[0].length > 0 ? pair : undefined;
  } catch (error) {
    if (error instanceof DataError) return undefined;
    throw error;
  }
}

function goalOf(label: string, options: GateOptions): MetricGoal {
  return options.directions?.get(label) ?? metricGoal(label) ?? 'higher';
}

/** How much worse `current` is than `baseline` under `goal` (negative: better). */
function worseningOf(goal: MetricGoal, baseline: number, current: number): number {
  if (goal === 'higher') return baseline - current;
  if (goal === 'lower') return current - baseline;
  return Math.abs(current - goal.target) - Math.abs(baseline - goal.target);
}

function goalText(goal: MetricGoal): string {
  return goal === 'higher' ? 'higher is better' : goal === 'lower' ? 'lower is better' : `closer to ${goal.target} is better`;
}

/** Throws ConfigError when a tolerance names a label no run of the baseline has. */
function checkToleranceLabels(baseline: EvalReport, tolerances: ReadonlyMap<string, Tolerance> | undefined): void {
  if (tolerances === undefined || tolerances.size === 0) return;
  const known = new Set<string>();
  for (const run of baseline.runs) for (const label of Object.keys(run.metrics)) known.add(label);
  const unknown = [...tolerances.keys()].filter((label) => !known.has(label));
  if (unknown.length === 0) return;
  const list = known.size === 0 ? '(none: the baseline has no metrics)' : [...known].join(', ');
  throw new ConfigError(
    `tolerance for ${unknown.map((l) => JSON.stringify(l)).join(', ')} names no metric of the baseline; its metrics are: ${list}`,
    'tolerance',
  );
}

/**
 * Compares `current` with `baseline` run by run (matched by name) and metric by metric (the
 * baseline's metrics): a metric fails when it worsens, in its own direction, by more than its
 * tolerance (and, with `requireSignificance`, the paired test says p < alpha). Metrics with a
 * target value (exposure/merit ratios: 1) worsen as they move away from it. Pure.
 *
 * Reports that are not like for like (different data, metric context, protocol, fairness
 * population or propensity model) are refused unless `allowDifferentData` is set; then the result
 * carries the reasons as warnings. A report of an earlier version without a protocol or context
 * fingerprint is compared as before, with a warning saying so.
 *
 * @throws ConfigError for a bad significance level, or a tolerance naming no metric of the baseline
 *   (a typo would otherwise pass silently under the default tolerance); DataError for reports that
 *   are not comparable (see `allowDifferentData`), and when nothing could be compared (no metric
 *   of the baseline is in the current report, e.g. another k; or the baseline has none), whatever
 *   `failOnMissing` says: a gate that checked nothing does not pass.
 */
export function gate(baseline: EvalReport, current: EvalReport, options: GateOptions = {}): GateResult {
  const alpha = options.requireSignificance;
  if (alpha !== undefined && !(alpha > 0 && alpha < 1)) throw new ConfigError(`significance level must be in (0, 1), got ${alpha}`, 'requireSignificance');
  checkToleranceLabels(baseline, options.tolerances);
  const { reasons, notes } = _comparability(baseline, current);
  if (reasons.length > 0 && options.allowDifferentData !== true) {
    throw new DataError(`the reports are not comparable: ${reasons.join('; ')} (compare them anyway with --allow-different-data)`);
  }
  const warnings = [...reasons.map((r) => `${r}; compared anyway (--allow-different-data)`), ...notes];
  const currentRuns = new Map<string, RunResult>();
  for (const run of current.runs) currentRuns.set(run.name, run);
  const checks: GateCheck[] = [];
  for (const baseRun of baseline.runs) {
    const curRun = currentRuns.get(baseRun.name);
    for (const [label, b] of Object.entries(baseRun.metrics)) {
      const tolerance = options.tolerances?.get(label) ?? options.defaultTolerance ?? ZERO;
      const goal = goalOf(label, options);
      const allowed = tolerance.kind === 'absolute' ? tolerance.value : tolerance.value * Math.abs(b.mean);
      const common = {
        run: baseRun.name,
        metric: label,
        baseline: b.mean,
        allowed,
        tolerance,
        higherIsBetter: goal === 'higher',
        ...(typeof goal === 'object' ? { target: goal.target } : {}),
      };
      const c = curRun === undefined ? undefined : own(curRun.metrics, label);
      if (c === undefined) {
        checks.push({
          ...common,
          current: null,
          delta: null,
          status: 'missing',
          message: curRun === undefined ? `run "${baseRun.name}" is missing from the current report` : `metric ${label} is missing from the current run`,
        });
        continue;
      }
      const delta = c.mean - b.mean;
      const worsening = worseningOf(goal, b.mean, c.mean);
      const slack = 1e-12 * Math.max(1, Math.abs(b.mean));
      const dir = goalText(goal);
      if (worsening <= allowed + slack) {
        checks.push({ ...common, current: c.mean, delta, status: 'pass', message: `within tolerance (${dir}; worsening ${fmt(Math.max(0, worsening))} <= ${fmt(allowed)})` });
        continue;
      }
      const base = `worsened by ${fmt(worsening)} > allowed ${fmt(allowed)} (${dir})`;
      if (alpha === undefined) {
        checks.push({ ...common, current: c.mean, delta, status: 'fail', message: base });
        continue;
      }
      const pair = alignedVectors(baseline, current, b, c);
      if (pair === undefined) {
        checks.push({ ...common, current: c.mean, delta, status: 'fail', message: `${base}; no aligned per-user vectors to test significance` });
        continue;
      }
      const p =
        options.test === 'randomisation'
          ? pairedRandomisationTest(pair[0], pair[1], options.randomisation ?? {}).pValue
          : pairedTTest(pair[0], pair[1]).pValue;
      const significant = p < alpha;
      checks.push({
        ...common,
        current: c.mean,
        delta,
        status: significant ? 'fail' : 'pass',
        pValue: p,
        message: significant ? `${base}; significant (p = ${p.toPrecision(3)} < ${alpha})` : `${base} but not significant (p = ${p.toPrecision(3)} >= ${alpha})`,
      });
    }
  }
  const counts = { pass: 0, fail: 0, missing: 0 };
  for (const check of checks) counts[check.status]++;
  if (counts.pass + counts.fail === 0) throw new DataError(_nothingToCompare(baseline, current));
  const failOnMissing = options.failOnMissing ?? false;
  return {
    passed: counts.fail === 0 && (!failOnMissing || counts.missing === 0),
    checks,
    counts,
    failOnMissing,
    warnings,
    ...(alpha === undefined ? {} : { requireSignificance: alpha }),
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
