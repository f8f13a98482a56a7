import type { Dataset } from '../dataset/dataset.js';
import { DataError, NotFoundError } from '../errors.js';
import type { SimilarOptions } from './request-options.js';
import type { SignalSlot } from './signal-slots.js';
import type { SlateItem } from './slate.js';

/**
 * Products most similar to one product, from the first signal of the blend that knows item
 * similarity (capability `similarity`: item-kNN, iALS, EASE, content); `defaults` fill the options.
 * @throws NotFoundError for an unknown product id; DataError for a bad `n`.
 */
export function similarItems(
  slots: readonly SignalSlot[],
  dataset: Dataset,
  merchantIds: readonly string[],
  productId: string,
  options: SimilarOptions,
  defaults: { readonly n: number; readonly inStockOnly: boolean },
): SlateItem[] {
  const p = dataset.products.indexOf(productId);
  if (p < 0) throw new NotFoundError('product', productId);
  const n = options.n ?? defaults.n;
  if (!Number.isInteger(n) || n < 1) throw new DataError(`similarItems: n must be a positive integer, got ${n}`);
  const inStockOnly = options.inStockOnly ?? defaults.inStockOnly;
  const slot = slots.find((s) => s.signal.capabilities.similarity && s.signal.similarTo !== undefined);
  if (slot?.signal.similarTo === undefined) return [];
  const found = slot.signal.similarTo(p, Math.min(n, dataset.products.size), inStockOnly ? (q) => dataset.inStock[q] === 0 : undefined);
  return Array.from(found.ids, (q, r) => ({
    productId: dataset.products.idAt(q),
    merchantId: merchantIds[dataset.productMerchant[q]!]!,
    score: found.scores[r]!,
    rank: r + 1,
    reasons: [`similar by ${slot.name}`],
  }));
}
