import { ConfigError } from '../../errors.js';
import { createMetric } from '../metrics/registry.js';
import type { Metric } from '../metrics/types.js';
import type { PropensityOptions } from './options.js';
import { CORRECTED_BASES, type CorrectedBase, type Estimator } from './types.js';

/** The estimators a propensity setting reports (its own list, else ips, snips and, for the impressions model, dr). */
export function _estimatorsOf(options: PropensityOptions): readonly Estimator[] {
  return options.estimators ?? (options.model === 'impressions' ? ['ips', 'snips', 'dr'] : ['ips', 'snips']);
}

/**
 * Internal: the metric list with, right after each accuracy metric a propensity setting corrects
 * (`ndcg`, `recall`, `precision`, `hit-rate`, or `options.metrics`), its corrected versions, one
 * per estimator (`ips-ndcg@10`, `snips-ndcg@10`, `dr-ndcg@10`; no `dr-hit-rate`). Corrected labels
 * already listed keep their place.
 *
 * @throws ConfigError naming `metrics.<i>` when a corrected metric is asked without a propensity setting.
 */
export function _withCorrected(metrics: readonly Metric[], options: PropensityOptions | undefined): Metric[] {
  if (options === undefined) {
    const i = metrics.findIndex((m) => m.kind === 'corrected');
    if (i >= 0) throw new ConfigError(`metrics.${i}: ${metrics[i]!.label} needs a propensity model: set propensity (model impressions, popularity or given)`, `metrics.${i}`);
    return [...metrics];
  }
  const bases: readonly CorrectedBase[] = options.metrics ?? CORRECTED_BASES;
  const estimators = _estimatorsOf(options);
  const labels = new Set(metrics.map((m) => m.label));
  const out: Metric[] = [];
  for (const m of metrics) {
    out.push(m);
    if (m.kind !== 'user' || !(bases as readonly string[]).includes(m.name)) continue;
    for (const estimator of estimators) {
      if (estimator === 'dr' && m.name === 'hit-rate') continue;
      const corrected = createMetric(`${estimator}-${m.name}`, m.k);
      if (labels.has(corrected.label)) continue;
      labels.add(corrected.label);
      out.push(corrected);
    }
  }
  return out;
}
