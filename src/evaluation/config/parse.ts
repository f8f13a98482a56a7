import { parseConfig } from '../../_internal/parse-config.js';
import { ConfigError } from '../../errors.js';
import { resolveMetrics } from '../runner/evaluate.js';
import { _createModel } from '../runner/create-model.js';
import { EvalConfigSchema, type EvalConfig } from './schema.js';

/**
 * Validates an evaluation config (parsed JSON): the schema (every error names its JSON path,
 * e.g. `models.0.fairness.rerank.lambda`), unique run names, metric labels, and each model's
 * signals (their own strict configs). Fills defaults.
 *
 * @throws ConfigError whose `path` is the JSON path of the first problem.
 * @example parseEvalConfig(JSON.parse(text)).k // 10 unless the file says otherwise
 */
export function parseEvalConfig(input: unknown, source = 'eval'): EvalConfig {
  const config = parseConfig(source, EvalConfigSchema, input);
  const names = new Map<string, number>();
  config.models.forEach((m, i) => {
    const before = names.get(m.name);
    if (before !== undefined) throw new ConfigError(`${source} config: models.${i}.name: duplicate run name ${JSON.stringify(m.name)} (also models.${before}.name)`, `models.${i}.name`);
    names.set(m.name, i);
    const { name, ...recommender } = m;
    _createModel(name, i, recommender);
  });
  resolveMetrics(config.metrics, config.k);
  return config;
}
