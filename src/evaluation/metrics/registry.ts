import { ConfigError } from '../../errors.js';
import type { Tier } from '../../schema/entities.js';
import { averagePrecision } from './average-precision.js';
import { createItemCoverageAccumulator, createMerchantCoverageAccumulator } from './coverage.js';
import { createIldAccumulator } from './diversity.js';
import type { ExposureFairness } from './exposure-fairness.js';
import { createExposureFairnessAccumulator } from './exposure-fairness.js';
import { hitRate } from './hit-rate.js';
import { createApltAccumulator } from './long-tail.js';
import { ndcg } from './ndcg.js';
import { createNoveltyAccumulator } from './novelty.js';
import { precision } from './precision.js';
import { recall } from './recall.js';
import { reciprocalRank } from './reciprocal-rank.js';
import { createSmallNdcgAccumulator } from './small-ndcg.js';
import { correctedEstimate, _valueOf } from '../propensity/estimators.js';
import { CORRECTED_BASES, ESTIMATORS, type CorrectedBase, type Estimator } from '../propensity/types.js';
import type { AggregateMetric, CorrectedMetric, MetricAccumulator, MetricContext, MetricFn, MetricGoal, UserMetric, Metric } from './types.js';

interface UserSpec {
  readonly kind: 'user';
  readonly fn: MetricFn;
  readonly higherIsBetter: boolean;
  readonly bounded: boolean;
}

interface AggregateSpec {
  readonly kind: 'aggregate';
  readonly create: (context: MetricContext, k: number) => MetricAccumulator;
  readonly higherIsBetter: boolean;
  readonly bounded: boolean;
  /** Ideal value (see Metric.target); `higherIsBetter` is then false and unused. */
  readonly target?: number;
}

interface CorrectedSpec {
  readonly kind: 'corrected';
  readonly estimator: Estimator;
  readonly base: CorrectedBase;
  readonly higherIsBetter: true;
  readonly bounded: false;
}

const fairness = (pick: (f: ExposureFairness) => number, itemsOnly = false) => (context: MetricContext, k: number): MetricAccumulator => {
  const acc = createExposureFairnessAccumulator(context, k, itemsOnly);
  return { add: (ranked, relevant) => acc.add(ranked, relevant), result: () => pick(acc.result()) };
};
const tier = (f: ExposureFairness, t: Tier) => f.tiers.get(t)!;

/** Propensity-corrected accuracy metrics, `<estimator>-<metric>` (no doubly robust hit rate: a hit is not a sum over items). */
const CORRECTED: readonly [string, CorrectedSpec][] = ESTIMATORS.flatMap((estimator) =>
  CORRECTED_BASES.filter((base) => !(estimator === 'dr' && base === 'hit-rate')).map(
    (base): [string, CorrectedSpec] => [`${estimator}-${base}`, { kind: 'corrected', estimator, base, higherIsBetter: true, bounded: false }],
  ),
);

const SPECS: ReadonlyMap<string, UserSpec | AggregateSpec | CorrectedSpec> = new Map<string, UserSpec | AggregateSpec | CorrectedSpec>([
  ...CORRECTED,
  ['precision', { kind: 'user', fn: precision, higherIsBetter: true, bounded: true }],
  ['recall', { kind: 'user', fn: recall, higherIsBetter: true, bounded: true }],
  ['ndcg', { kind: 'user', fn: ndcg, higherIsBetter: true, bounded: true }],
  ['map', { kind: 'user', fn: (r, rel, k) => averagePrecision(r, rel, k), higherIsBetter: true, bounded: true }],
  ['map-min', { kind: 'user', fn: (r, rel, k) => averagePrecision(r, rel, k, 'min-relevant-k'), higherIsBetter: true, bounded: true }],
  ['mrr', { kind: 'user', fn: reciprocalRank, higherIsBetter: true, bounded: true }],
  ['hit-rate', { kind: 'user', fn: hitRate, higherIsBetter: true, bounded: true }],
  ['item-coverage', { kind: 'aggregate', create: createItemCoverageAccumulator, higherIsBetter: true, bounded: true }],
  ['merchant-coverage', { kind: 'aggregate', create: createMerchantCoverageAccumulator, higherIsBetter: true, bounded: true }],
  ['novelty', { kind: 'aggregate', create: createNoveltyAccumulator, higherIsBetter: true, bounded: false }],
  ['ild', { kind: 'aggregate', create: createIldAccumulator, higherIsBetter: true, bounded: false }],
  ['aplt', { kind: 'aggregate', create: createApltAccumulator, higherIsBetter: true, bounded: true }],
  ['item-gini', { kind: 'aggregate', create: fairness((f) => f.itemGini, true), higherIsBetter: false, bounded: true }],
  ['merchant-gini', { kind: 'aggregate', create: fairness((f) => f.merchantGini), higherIsBetter: false, bounded: true }],
  ['item-entropy', { kind: 'aggregate', create: fairness((f) => f.itemEntropy, true), higherIsBetter: true, bounded: true }],
  ['merchant-entropy', { kind: 'aggregate', create: fairness((f) => f.merchantEntropy), higherIsBetter: true, bounded: true }],
  ['small-share', { kind: 'aggregate', create: fairness((f) => tier(f, 'small').exposure), higherIsBetter: true, bounded: true }],
  ['small-catalogue-share', { kind: 'aggregate', create: fairness((f) => tier(f, 'small').catalogue), higherIsBetter: true, bounded: true }],
  ['small-relevant-share', { kind: 'aggregate', create: fairness((f) => tier(f, 'small').merit), higherIsBetter: true, bounded: true }],
  ['exposure-merit-head', { kind: 'aggregate', create: fairness((f) => tier(f, 'head').exposureMeritRatio), higherIsBetter: false, target: 1, bounded: false }],
  ['exposure-merit-mid', { kind: 'aggregate', create: fairness((f) => tier(f, 'mid').exposureMeritRatio), higherIsBetter: false, target: 1, bounded: false }],
  ['exposure-merit-small', { kind: 'aggregate', create: fairness((f) => tier(f, 'small').exposureMeritRatio), higherIsBetter: false, target: 1, bounded: false }],
  ['min-exposure-merit', { kind: 'aggregate', create: fairness((f) => f.minExposureMerit), higherIsBetter: true, bounded: false }],
  ['small-ndcg', { kind: 'aggregate', create: createSmallNdcgAccumulator, higherIsBetter: true, bounded: true }],
]);

const ALIASES: ReadonlyMap<string, string> = new Map([
  ['hit', 'hit-rate'],
  ['hr', 'hit-rate'],
  ['p', 'precision'],
]);

/** Every metric name the registry knows, e.g. `ndcg`, `merchant-gini`. */
export const METRIC_NAMES: readonly string[] = [...SPECS.keys()];

/** The label of a metric: `name@k`, or `name` alone when `k` is Infinity. */
export function metricLabel(name: string, k: number): string {
  return Number.isFinite(k) ? `${name}@${k}` : name;
}

/**
 * A metric descriptor by registry name and cut-off `k` (a positive integer or Infinity).
 * Throws ConfigError for an unknown name or a bad `k`.
 * @example createMetric('ndcg', 10).label // 'ndcg@10'
 */
export function createMetric(name: string, k: number): Metric {
  const canonical = ALIASES.get(name) ?? name;
  const spec = SPECS.get(canonical);
  if (spec === undefined) {
    throw new ConfigError(`unknown metric "${name}": expected one of ${METRIC_NAMES.join(', ')}`, 'metric');
  }
  if (!(k === Number.POSITIVE_INFINITY || (Number.isInteger(k) && k >= 1))) {
    throw new ConfigError(`metric ${canonical}: k must be a positive integer or Infinity, got ${k}`, 'k');
  }
  const base = {
    label: metricLabel(canonical, k),
    name: canonical,
    k,
    higherIsBetter: spec.higherIsBetter,
    bounded: spec.bounded,
    ...(spec.kind === 'aggregate' && spec.target !== undefined ? { target: spec.target } : {}),
  };
  if (spec.kind === 'user') {
    const fn = spec.fn;
    const metric: UserMetric = { ...base, kind: 'user', compute: (ranked, relevant, atK = k) => fn(ranked, relevant, atK) };
    return metric;
  }
  if (spec.kind === 'corrected') {
    const { estimator, base: corrected } = spec;
    const value = _valueOf(estimator);
    const metric: CorrectedMetric = {
      ...base,
      kind: 'corrected',
      estimator,
      base: corrected,
      compute: (ranked, user, meanWeight) => {
        const v = correctedEstimate(corrected, value, ranked, user, k);
        return estimator === 'ips' || !(meanWeight > 0) ? v : v / meanWeight;
      },
    };
    return metric;
  }
  const create = spec.create;
  const metric: AggregateMetric = { ...base, kind: 'aggregate', createAccumulator: (context) => create(context, k) };
  return metric;
}

/**
 * Parses a label such as `ndcg@10`, `recall@20`, `merchant-gini@10` or `mrr` (no `@`: k = Infinity).
 * Throws ConfigError quoting the label when it is malformed or unknown.
 * @example parseMetric('recall@20').k // 20
 */
export function parseMetric(label: string): Metric {
  const match = /^([a-z][a-z0-9-]*)(?:@(\d+))?$/.exec(label.trim());
  if (match === null) {
    throw new ConfigError(`bad metric label "${label}": expected name@k such as ndcg@10`, 'metric');
  }
  const k = match[2] === undefined ? Number.POSITIVE_INFINITY : Number(match[2]);
  return createMetric(match[1]!, k);
}

/**
 * Whether a larger value of the metric with this label is better; `undefined` for an unknown label
 * and for a metric with a target value (e.g. `exposure-merit-small`, ideal 1): use
 * {@link metricGoal} for those.
 */
export function higherIsBetter(label: string): boolean | undefined {
  const goal = metricGoal(label);
  return goal === undefined || typeof goal === 'object' ? undefined : goal === 'higher';
}

/**
 * What "better" means for the metric with this label: `higher`, `lower`, or `{ target }` (the
 * ideal value; distance from it, either way, is worse). `undefined` for an unknown label.
 * @example metricGoal('exposure-merit-small@10') // { target: 1 }
 */
export function metricGoal(label: string): MetricGoal | undefined {
  let metric: Metric;
  try {
    metric = parseMetric(label);
  } catch {
    return undefined;
  }
  if (metric.target !== undefined) return { target: metric.target };
  return metric.higherIsBetter ? 'higher' : 'lower';
}
