import { signalNames } from '../../engine/signal-slots.js';
import { ConfigError, type ConfigIssue } from '../../errors.js';
import { resolveMetric } from '../runner/evaluate.js';
import { _createModel } from '../runner/create-model.js';
import { EvalConfigSchema, EvalModelConfigSchema, type EvalConfig } from './schema.js';
import { configIssues } from '../../_internal/parse-config.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A ConfigError thrown by `fn`, as an issue; other errors propagate. */
function issueOf(fn: () => void, fallbackPath: string): ConfigIssue | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return { path: error.path ?? fallbackPath, message: error.message };
    throw error;
  }
}

/**
 * The `tune` section's references: `tune.model` names a run, and `tune.signals` names signals of
 * that model (instance names; the known ones are listed).
 */
function tuneIssues(tune: unknown, models: readonly unknown[]): ConfigIssue[] {
  if (!isRecord(tune)) return [];
  const named = typeof tune['model'] === 'string' ? tune['model'] : undefined;
  const runs = models.map((m) => EvalModelConfigSchema.safeParse(m));
  const index = named === undefined ? 0 : runs.findIndex((r) => r.success && r.data.name === named);
  if (index < 0) {
    const known = runs.flatMap((r) => (r.success ? [JSON.stringify(r.data.name)] : []));
    return [{ path: 'tune.model', message: `tune.model: no model is named ${JSON.stringify(named)} (models: ${known.join(', ')})` }];
  }
  const run = runs[index];
  if (run === undefined || !run.success || !Array.isArray(tune['signals'])) return [];
  const names = signalNames(run.data.signals);
  return (tune['signals'] as unknown[]).flatMap((name, i) =>
    typeof name !== 'string' || names.includes(name)
      ? []
      : [{ path: `tune.signals.${i}`, message: `tune.signals.${i}: model ${JSON.stringify(run.data.name)} has no signal ${JSON.stringify(name)} (its signals: ${names.join(', ')})` }],
  );
}

/**
 * Checks the schema cannot make, on the raw input so they run even when the schema failed
 * elsewhere: unique run names and each model's signals (for every model entry the model schema
 * accepts), the `tune` section's model and signal names, and every metric label (at the config's
 * `k`, or 10 when `k` is itself bad).
 */
function semanticIssues(input: Record<string, unknown>, k: number): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const models = Array.isArray(input['models']) ? (input['models'] as unknown[]) : [];
  const names = new Map<string, number>();
  models.forEach((raw, i) => {
    const parsed = EvalModelConfigSchema.safeParse(raw);
    if (!parsed.success) return; // the schema issues name it already
    const { name, ...recommender } = parsed.data;
    const before = names.get(name);
    if (before !== undefined) issues.push({ path: `models.${i}.name`, message: `duplicate run name ${JSON.stringify(name)} (also models.${before}.name)` });
    else names.set(name, i);
    const issue = issueOf(() => _createModel(name, i, recommender), `models.${i}`);
    if (issue !== undefined) issues.push(issue);
  });
  issues.push(...tuneIssues(input['tune'], models));
  const metrics = Array.isArray(input['metrics']) ? (input['metrics'] as unknown[]) : [];
  metrics.forEach((label, i) => {
    if (typeof label !== 'string' || label === '') return; // a schema issue
    const issue = issueOf(() => resolveMetric(label, k), `metrics.${i}`);
    if (issue !== undefined) issues.push({ path: `metrics.${i}`, message: issue.message });
  });
  return issues;
}

/**
 * Validates an evaluation config (parsed JSON): the schema (every error names its JSON path,
 * e.g. `models.0.fairness.rerank.lambda`), unique run names, metric labels, and each model's
 * signals (their own strict configs). Fills defaults. Reports every problem at once.
 *
 * @throws ConfigError whose `issues` list every problem with its JSON path (schema problems first,
 *   then run names and signals, then metric labels); `path` and the head of the message are the
 *   first, the message lists the rest.
 * @example parseEvalConfig(JSON.parse(text)).k // 10 unless the file says otherwise
 */
export function parseEvalConfig(input: unknown, source = 'eval'): EvalConfig {
  const parsed = EvalConfigSchema.safeParse(input ?? {});
  const issues: ConfigIssue[] = parsed.success ? [] : configIssues(parsed.error);
  const raw = isRecord(input) ? input : {};
  const rawK = raw['k'];
  const k = parsed.success ? parsed.data.k : typeof rawK === 'number' && Number.isInteger(rawK) && rawK >= 1 ? rawK : 10;
  issues.push(...semanticIssues(raw, k));
  if (issues.length > 0 || !parsed.success) throw ConfigError.fromIssues(source, issues);
  return parsed.data;
}
