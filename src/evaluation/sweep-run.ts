import { ConfigError } from '../errors.js';
import type { RecommenderConfigInput } from '../engine/config.js';
import type { Metric } from './metrics/types.js';
import type { Sweep, SweepPoint } from './report/sweep.js';
import type { EvalReport } from './report/types.js';
import { _createModel } from './runner/create-model.js';
import { _withCorrected } from './propensity/corrected-labels.js';
import { evaluate, resolveMetrics, DEFAULT_EVAL_METRICS } from './runner/evaluate.js';
import type { EvaluateOptions, ModelSpec } from './runner/types.js';

/** A grid: a model key path and its values. */
export interface SweepGrid {
  /** `models.<index>.<key path>` (e.g. `models.0.fairness.rerank.lambda`) or `models.*.<key path>` for every model. */
  readonly parameter: string;
  readonly values: readonly (number | string | boolean)[];
}

/** The sweep of one model over the grid. */
export interface ModelSweep {
  /** The model's run name in the config. */
  readonly model: string;
  /** Key path inside the model config (`fairness.rerank.lambda`) and one point per value. */
  readonly sweep: Sweep;
  /** Run name of each point in the report, in grid order. */
  readonly runs: readonly string[];
}

/** Result of {@link runSweep}: one report with a run per (model, value), and the sweeps. */
export interface SweepRunResult {
  readonly report: EvalReport;
  readonly sweeps: readonly ModelSweep[];
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Parses `models.<i|*>.<path>` into the model indices it names and the path inside a model. */
function parseParameter(parameter: string, models: number): { indices: number[]; path: string[] } {
  const parts = parameter.split('.');
  if (parts.length < 3 || parts[0] !== 'models' || parts.slice(2).some((p) => p === '' || FORBIDDEN.has(p))) {
    throw new ConfigError(`sweep parameter ${JSON.stringify(parameter)}: expected models.<index or *>.<key path>, e.g. models.0.fairness.rerank.lambda`, 'sweep.parameter');
  }
  const which = parts[1]!;
  if (which === '*') return { indices: Array.from({ length: models }, (_, i) => i), path: parts.slice(2) };
  const index = Number(which);
  if (!(Number.isInteger(index) && index >= 0 && index < models && String(index) === which)) {
    throw new ConfigError(`sweep parameter ${JSON.stringify(parameter)}: model index ${which} is outside 0..${models - 1}`, 'sweep.parameter');
  }
  return { indices: [index], path: parts.slice(2) };
}

/** A deep copy of a JSON config with `path` set to `value` (missing objects created; numeric keys index arrays). */
function withValue(config: RecommenderConfigInput, path: readonly string[], value: number | string | boolean): RecommenderConfigInput {
  const root = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const last = i === path.length - 1;
    if (Array.isArray(node)) {
      const at = Number(key);
      if (!(Number.isInteger(at) && at >= 0 && at < node.length)) throw new ConfigError(`sweep: ${path.slice(0, i + 1).join('.')} is not an element of the array`, 'sweep.parameter');
      if (last) node[at] = value;
      else node = child(node[at], path, i);
    } else if (last) {
      Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      if (!Object.prototype.hasOwnProperty.call(node, key)) Object.defineProperty(node, key, { value: {}, enumerable: true, writable: true, configurable: true });
      node = child(node[key], path, i);
    }
  }
  return root as RecommenderConfigInput;
}

function child(value: unknown, path: readonly string[], i: number): Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') {
    throw new ConfigError(`sweep: ${path.slice(0, i + 1).join('.')} is ${JSON.stringify(value)}, not an object or array`, 'sweep.parameter');
  }
  return value as Record<string, unknown> | unknown[];
}

/**
 * Expands a grid into models: for each model the parameter names, one copy per value with the key
 * set, named `<model> <last key>=<value>` (e.g. `blend lambda=0.1`), each checked against the
 * recommender config (a ConfigError names the value and `models.<i>.<key>`). Models the parameter
 * does not name are left out.
 * @example expandSweep([{ name: 'b', config: {} }], { parameter: 'models.0.fairness.rerank.lambda', values: [0, 0.1] }).models.map((m) => m.name) // ['b lambda=0', 'b lambda=0.1']
 */
export function expandSweep(models: readonly ModelSpec[], grid: SweepGrid): { models: ModelSpec[]; groups: { model: string; path: string; runs: string[] }[] } {
  const { indices, path } = parseParameter(grid.parameter, models.length);
  if (new Set(grid.values.map(String)).size !== grid.values.length) throw new ConfigError('sweep values must be distinct', 'sweep.values');
  const out: ModelSpec[] = [];
  const groups: { model: string; path: string; runs: string[] }[] = [];
  for (const i of indices) {
    const model = models[i]!;
    const runs: string[] = [];
    for (const value of grid.values) {
      const name = `${model.name} ${path[path.length - 1]!}=${String(value)}`;
      const config = withValue(model.config, path, value);
      try {
        _createModel(model.name, i, config);
      } catch (error) {
        if (error instanceof ConfigError) throw new ConfigError(`sweep value ${JSON.stringify(value)}: ${error.message}`, error.path, error.issues);
        throw error;
      }
      out.push({ name, config });
      runs.push(name);
    }
    groups.push({ model: model.name, path: path.join('.'), runs });
  }
  return { models: out, groups };
}

/**
 * Default axes of the trade-off chart: x = `merchant-gini` (else `item-gini`, else the first
 * aggregate metric), y = `ndcg` (else the first per-user metric) and, as a second series, its
 * propensity-corrected version when there is one (`dr-`, else `snips-`, else `ips-` of the same
 * metric and k). Undefined when a side is missing.
 */
export function defaultTradeoffAxes(metrics: readonly Metric[]): { x?: string; y?: string; corrected?: string } {
  const x =
    metrics.find((m) => m.name === 'merchant-gini') ?? metrics.find((m) => m.name === 'item-gini') ?? metrics.find((m) => m.kind === 'aggregate');
  const y = metrics.find((m) => m.name === 'ndcg') ?? metrics.find((m) => m.kind === 'user');
  const corrected =
    y === undefined
      ? undefined
      : ['dr', 'snips', 'ips'].map((e) => metrics.find((m) => m.kind === 'corrected' && m.estimator === e && m.base === y.name && m.k === y.k)).find((m) => m !== undefined);
  return { ...(x === undefined ? {} : { x: x.label }), ...(y === undefined ? {} : { y: y.label }), ...(corrected === undefined ? {} : { corrected: corrected.label }) };
}

/** The labels a sweep's options resolve to (bare names at k). */
export function sweepMetrics(options: EvaluateOptions): Metric[] {
  return _withCorrected(resolveMetrics(options.metrics ?? DEFAULT_EVAL_METRICS, options.k ?? 10), options.propensity);
}

/**
 * Runs a sweep: every model the parameter names, once per grid value, in one evaluation (same
 * split, users and metric context, so runs are comparable and paired tests apply), and the
 * accuracy-fairness sweep per model for `renderSweepTable` and `renderTradeoffSvg`.
 * @throws ConfigError for a bad parameter, duplicate values, or a value the model config rejects.
 */
export function runSweep(options: EvaluateOptions, grid: SweepGrid, onWarning?: (message: string) => void): SweepRunResult {
  const expanded = expandSweep(options.models, grid);
  const report = evaluate({ ...options, models: expanded.models }, onWarning);
  const byName = new Map(report.runs.map((r) => [r.name, r] as const));
  const sweeps = expanded.groups.map((g): ModelSweep => {
    const points: SweepPoint[] = g.runs.map((run, v) => {
      const value = grid.values[v]!;
      const entries = Object.entries(byName.get(run)!.metrics);
      const metrics = new Map(entries.map(([label, m]) => [label, m.mean] as const));
      const intervals = new Map(entries.map(([label, m]) => [label, m.ci95] as const));
      return { value: typeof value === 'boolean' ? String(value) : value, metrics, intervals };
    });
    return { model: g.model, sweep: { parameter: g.path, points }, runs: g.runs };
  });
  return { report, sweeps };
}
