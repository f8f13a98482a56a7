import type { Tier } from '../../schema/entities.js';
import { TIERS } from '../../schema/entities.js';
import { _catalogueIndex, _coveredLayout, _merchantLayout } from './_context.js';
import { normalisedEntropy } from './entropy.js';
import { logExposure } from './exposure-model.js';
import { gini } from './gini.js';
import type { MetricContext, RankedList, RelevantSet } from './types.js';

/** Per-tier shares of exposure, catalogue and merit (relevant test items). Shares in [0, 1]. */
export interface TierShares {
  readonly exposure: number;
  readonly catalogue: number;
  readonly merit: number;
  /** `exposure / merit`; 0 when the tier has no relevant test items (the ratio is undefined). */
  readonly exposureMeritRatio: number;
}

/** Everything the exposure-fairness metrics report, from one pass over all lists. */
export interface ExposureFairness {
  /** Gini of exposure over all catalogue items (zero exposure included). */
  readonly itemGini: number;
  /** Gini of exposure over all merchants (zero exposure included). */
  readonly merchantGini: number;
  /** Normalised entropy of item exposure. */
  readonly itemEntropy: number;
  /** Normalised entropy of merchant exposure. */
  readonly merchantEntropy: number;
  /** Per tier: exposure, catalogue and merit shares and the exposure-merit ratio. */
  readonly tiers: ReadonlyMap<Tier, TierShares>;
  /**
   * Minimum over merchants with merit of `(exposure share) / (merit share)`; 0 when no merchant has
   * merit. 1 everywhere = exposure exactly proportional to merit.
   */
  readonly minExposureMerit: number;
}

/** Collects exposure and merit over all users' lists; `result()` gives every fairness number. */
export interface ExposureFairnessAccumulator {
  /** Adds one user's ranked list (exposure by rank) and relevant set (merit). */
  add(ranked: RankedList, relevant: RelevantSet): void;
  /** The fairness numbers over every list added so far. */
  result(): ExposureFairness;
}

/**
 * Exposure fairness at k (docs/design.md 6): each list gives its item at 1-based rank r (r <= k)
 * exposure `v(r)` (context.exposure, default `1 / log2(r + 1)`); exposure is summed per item and
 * per merchant over all lists. Merit of a merchant = number of (user, relevant test item of that
 * merchant) pairs added. Items outside the catalogue or without a merchant are ignored.
 * Needs `itemMerchant` unless `itemsOnly` (then merchant and tier figures are 0); tiers from
 * `merchantTier` (missing = `mid`). With `context.fairnessMerchants: 'evidence'` the merchant and
 * tier figures cover only merchants with a product with training interactions (item figures
 * still cover every item).
 */
export function createExposureFairnessAccumulator(context: MetricContext, k: number, itemsOnly = false): ExposureFairnessAccumulator {
  const items = _catalogueIndex(context);
  const layout = _coveredLayout(context, items, _merchantLayout(context, items, 'exposure fairness', itemsOnly), 'exposure fairness');
  const exposureOf = context.exposure ?? logExposure;
  const cut = Number.isFinite(k) ? k : 0;
  const v = new Float64Array(cut);
  for (let r = 0; r < cut; r++) v[r] = exposureOf(r + 1);
  const itemExposure = new Float64Array(items.size);
  const merchantExposure = new Float64Array(layout.merchants.length);
  const merchantMerit = new Float64Array(layout.merchants.length);
  return {
    add(ranked, relevant) {
      const n = Math.min(ranked.length, k);
      for (let r = 0; r < n; r++) {
        const i = items.get(ranked[r]!);
        if (i === undefined) continue;
        const e = r < cut ? v[r]! : exposureOf(r + 1);
        itemExposure[i] = itemExposure[i]! + e;
        const m = layout.itemToMerchant[i]!;
        if (m >= 0) merchantExposure[m] = merchantExposure[m]! + e;
      }
      for (const item of relevant as ReadonlySet<string | number>) {
        const i = items.get(item);
        if (i === undefined) continue;
        const m = layout.itemToMerchant[i]!;
        if (m >= 0) merchantMerit[m] = merchantMerit[m]! + 1;
      }
    },
    result() {
      const totalExposure = sum(merchantExposure);
      const totalMerit = sum(merchantMerit);
      let itemsWithMerchant = 0;
      const tierExposure = new Map<Tier, number>();
      const tierMerit = new Map<Tier, number>();
      const tierItems = new Map<Tier, number>();
      for (const t of TIERS) {
        tierExposure.set(t, 0);
        tierMerit.set(t, 0);
        tierItems.set(t, 0);
      }
      for (let m = 0; m < layout.merchants.length; m++) {
        const t = layout.merchantTier[m]!;
        tierExposure.set(t, tierExposure.get(t)! + merchantExposure[m]!);
        tierMerit.set(t, tierMerit.get(t)! + merchantMerit[m]!);
      }
      for (let i = 0; i < layout.itemToMerchant.length; i++) {
        const m = layout.itemToMerchant[i]!;
        if (m < 0) continue;
        itemsWithMerchant++;
        const t = layout.merchantTier[m]!;
        tierItems.set(t, tierItems.get(t)! + 1);
      }
      const tiers = new Map<Tier, TierShares>();
      for (const t of TIERS) {
        const exposure = share(tierExposure.get(t)!, totalExposure);
        const merit = share(tierMerit.get(t)!, totalMerit);
        tiers.set(t, {
          exposure,
          catalogue: share(tierItems.get(t)!, itemsWithMerchant),
          merit,
          exposureMeritRatio: merit > 0 ? exposure / merit : 0,
        });
      }
      let minRatio = Number.POSITIVE_INFINITY;
      for (let m = 0; m < layout.merchants.length; m++) {
        if (merchantMerit[m]! <= 0) continue;
        const ratio = share(merchantExposure[m]!, totalExposure) / (merchantMerit[m]! / totalMerit);
        if (ratio < minRatio) minRatio = ratio;
      }
      return {
        itemGini: gini(itemExposure),
        merchantGini: gini(merchantExposure),
        itemEntropy: normalisedEntropy(itemExposure),
        merchantEntropy: normalisedEntropy(merchantExposure),
        tiers,
        minExposureMerit: Number.isFinite(minRatio) ? minRatio : 0,
      };
    },
  };
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

function share(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}

