import type { Dataset } from '../../dataset/dataset.js';
import { createItemCoverageAccumulator } from '../../evaluation/metrics/coverage.js';
import { createExposureFairnessAccumulator } from '../../evaluation/metrics/exposure-fairness.js';
import type { ExposureModel as ExposureFn, MetricAccumulator, MetricContext } from '../../evaluation/metrics/types.js';
import { exposureAt } from '../../fairness/exposure-model.js';
import { tierName } from '../../fairness/tiers.js';
import type { Tier } from '../../schema/entities.js';
import type { ClickModel } from './options.js';

/** Exposure and coverage of a set of slates (one round, or the whole run). Shares in [0, 1]. */
export interface SlateMetrics {
  /** Gini of merchant exposure (every merchant counted, zero exposure included; 0 = equal). */
  readonly merchantGini: number;
  /** Share of all exposure that went to small-tier merchants. */
  readonly smallTierShare: number;
  /** Share of all exposure that went to head-tier merchants. */
  readonly headTierShare: number;
  /** Share of clicks that went to small-tier merchants' products (0 without clicks). */
  readonly smallTierClickShare: number;
  /** Distinct products shown / catalogue size. */
  readonly itemCoverage: number;
}

/** Feeds slates to the evaluation metrics (exposure fairness and item coverage, cut at the slate length). */
export interface SlateMetricsAccumulator {
  /** Adds one slate (product ids, best first) and the products clicked in it. */
  add(productIds: readonly string[], clicked: ReadonlySet<string>): void;
  /** The metrics over every slate added so far. */
  result(): SlateMetrics;
}

/**
 * The metric context of a simulation: the catalogue, each product's merchant and each merchant's
 * tier (as the recommender saw them at the start), and the exposure the click model gives a rank
 * (the position model's examination probability; `1 / log2(rank + 1)` for the cascade model).
 */
export function simulationMetricContext(dataset: Dataset, tiers: Uint8Array, model: ClickModel): MetricContext {
  const catalogue = dataset.products.ids();
  const itemMerchant = new Map<string, string>();
  for (let p = 0; p < catalogue.length; p++) itemMerchant.set(catalogue[p]!, dataset.merchants.idAt(dataset.productMerchant[p]!));
  const merchantTier = new Map<string, Tier>();
  for (let m = 0; m < dataset.merchants.size; m++) merchantTier.set(dataset.merchants.idAt(m), tierName(tiers[m]!));
  const exposure: ExposureFn | undefined = model.kind === 'position' ? (rank) => exposureAt(model.exposure, rank) : undefined;
  return { catalogue, itemMerchant, merchantTier, ...(exposure !== undefined ? { exposure } : {}) };
}

/** A fresh accumulator over slates of length `n`, built on the evaluation metric accumulators. */
export function createSlateMetrics(context: MetricContext, n: number): SlateMetricsAccumulator {
  const fairness = createExposureFairnessAccumulator(context, n);
  const coverage: MetricAccumulator = createItemCoverageAccumulator(context, n);
  return {
    add(productIds, clicked) {
      fairness.add(productIds, clicked);
      coverage.add(productIds, clicked);
    },
    result() {
      const f = fairness.result();
      return {
        merchantGini: f.merchantGini,
        smallTierShare: f.tiers.get('small')?.exposure ?? 0,
        headTierShare: f.tiers.get('head')?.exposure ?? 0,
        smallTierClickShare: f.tiers.get('small')?.merit ?? 0,
        itemCoverage: coverage.result(),
      };
    },
  };
}
