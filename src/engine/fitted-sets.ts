import type { Dataset } from '../dataset/dataset.js';
import { TIER_SMALL } from '../fairness/tier-codes.js';
import type { ProductSubset } from '../signals/signal.js';

/**
 * 1 per product with no interaction in the fitted matrix (an empty item column, or a product
 * added after fit), else 0; `capacity` (at least the product count) leaves room to grow.
 */
export function coldProducts(dataset: Dataset, capacity = dataset.products.size): Uint8Array {
  const items = dataset.itemUsers();
  const indptr = items.indptr;
  const cold = new Uint8Array(Math.max(capacity, dataset.products.size)).fill(1);
  for (let p = 0; p < items.rows; p++) cold[p] = indptr[p + 1] === indptr[p] ? 1 : 0;
  return cold;
}

/** The products in the catalogue of small-tier merchants, as a subset signals can index (empty before fit). */
export function smallTierSubset(dataset: Dataset | undefined, tiers: Uint8Array | undefined): ProductSubset {
  if (dataset === undefined || tiers === undefined) return { ids: new Int32Array(0), member: new Uint8Array(0) };
  const merchantOf = dataset.productMerchant;
  const member = new Uint8Array(merchantOf.length);
  const ids: number[] = [];
  for (let p = 0; p < merchantOf.length; p++) {
    if (tiers[merchantOf[p]!] !== TIER_SMALL || dataset.live[p] === 0) continue;
    member[p] = 1;
    ids.push(p);
  }
  return { ids: Int32Array.from(ids), member };
}
