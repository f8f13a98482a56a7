/**
 * Merchant tiers (docs/design.md 5.4): head / mid / small, given by the caller or derived from each
 * merchant's share of interaction mass.
 */
import * as z from 'zod/mini';
import type { Dataset } from '../dataset/dataset.js';
import type { Tier } from '../schema/entities.js';
import { TIER_HEAD, TIER_MID, TIER_SMALL } from './tier-codes.js';
import { parseConfig } from '../_internal/parse-config.js';

/** Thresholds of the merchant tiers, as shares of the interaction mass: the top `headShare` is head, the last `smallShare` small. */
export const TierThresholdsSchema = z.strictObject({
  /** Merchants making up the top `headShare` of the mass are head. @default 0.5 */
  headShare: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.5),
  /** Merchants making up the last `smallShare` of the mass are small. @default 0.2 */
  smallShare: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.2),
}).check(z.refine((t) => t.headShare + t.smallShare <= 1, { error: 'headShare + smallShare must be at most 1' }));

/** Tier thresholds as a caller writes them. */
export type TierThresholdsInput = z.input<typeof TierThresholdsSchema>;

/** Tier name -> code (0 head, 1 mid, 2 small). */
export function tierCode(tier: Tier): number {
  return tier === 'head' ? TIER_HEAD : tier === 'mid' ? TIER_MID : TIER_SMALL;
}

/** Tier code -> name. */
export function tierName(code: number): Tier {
  return code === TIER_HEAD ? 'head' : code === TIER_MID ? 'mid' : 'small';
}

function parseThresholds(input: TierThresholdsInput): { headShare: number; smallShare: number } {
  return parseConfig('tier thresholds', TierThresholdsSchema, input);
}

/**
 * Tier per merchant from its mass (interactions, sales; any non-negative unit). Merchants are
 * sorted by mass, descending (ties: smaller index first). With T the total and `before` the mass
 * of the merchants ahead of one: head when `before < headShare * T` (the merchant that crosses
 * the threshold is head), small when its own mass plus everything after it is at most
 * `smallShare * T`, mid otherwise. Zero-mass merchants are always small; negative or NaN mass
 * counts as 0.
 *
 * @example deriveTiers([50, 30, 10, 6, 4]) // Uint8Array [0, 1, 2, 2, 2]
 */
export function deriveTiers(mass: ArrayLike<number>, thresholds: TierThresholdsInput = {}): Uint8Array {
  const { headShare, smallShare } = parseThresholds(thresholds);
  const n = mass.length;
  const clean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = mass[i]!;
    clean[i] = v > 0 && Number.isFinite(v) ? v : 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => clean[b]! - clean[a]! || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += clean[i]!;
  const tiers = new Uint8Array(n).fill(TIER_SMALL);
  let before = 0;
  for (const i of order) {
    const v = clean[i]!;
    if (v === 0) break;
    const tail = total - before;
    if (before < headShare * total) tiers[i] = TIER_HEAD;
    else if (tail <= smallShare * total * (1 + 1e-12)) tiers[i] = TIER_SMALL;
    else tiers[i] = TIER_MID;
    before += v;
  }
  return tiers;
}

/** Options of {@link tiersFromDataset}. */
export interface DatasetTierOptions extends TierThresholdsInput {
  /** Keep tiers given on merchant records (derive only the rest). @default true */
  readonly useGiven?: boolean;
}

/**
 * Interaction mass per merchant index of a dataset: the sum of the decayed interaction weights
 * of its products (`dataset.interactions` values through `dataset.productMerchant`). O(nnz).
 */
export function merchantMass(dataset: Dataset): Float64Array {
  const mass = new Float64Array(dataset.merchants.size);
  const { indptr, indices, values, rows } = dataset.interactions;
  const end = indptr[rows] ?? 0;
  const productMerchant = dataset.productMerchant;
  for (let k = 0; k < end; k++) mass[productMerchant[indices[k]!]!]! += values[k]!;
  return mass;
}

/**
 * Tier per merchant index of a dataset: derived from interaction mass ({@link deriveTiers}),
 * except merchants whose record gives a tier when `useGiven` (the default).
 */
export function tiersFromDataset(dataset: Dataset, options: DatasetTierOptions = {}): Uint8Array {
  const { useGiven = true, ...thresholds } = options;
  const tiers = deriveTiers(merchantMass(dataset), thresholds);
  if (useGiven) {
    const records = dataset.merchantRecords;
    for (let m = 0; m < records.length && m < tiers.length; m++) {
      const given = records[m]!.tier;
      if (given !== undefined) tiers[m] = tierCode(given);
    }
  }
  return tiers;
}
