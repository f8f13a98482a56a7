import type { Dataset } from '../dataset/dataset.js';
import { DataError, NotFoundError } from '../errors.js';
import type { SimilarOptions } from './request-options.js';
import type { ScoredItems } from '../signals/signal.js';
import { NO_ITEMS } from '../signals/top-n.js';
import type { SignalSlot } from './signal-slots.js';
import type { SlateItem } from './slate.js';

/**
 * Products most similar to one product, from the first signal of the blend that knows item
 * similarity (capability `similarity`: item-kNN, iALS, EASE, content) and has an opinion on it;
 * removed products never appear (nor out-of-stock ones with `inStockOnly`); `defaults` fill the options.
 * @throws NotFoundError for an unknown or removed product id; DataError for a bad `n`.
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
  if (p < 0 || dataset.live[p] === 0) throw new NotFoundError('product', productId);
  const n = options.n ?? defaults.n;
  if (!Number.isInteger(n) || n < 1) throw new DataError(`similarItems: n must be a positive integer, got ${n}`);
  const inStockOnly = options.inStockOnly ?? defaults.inStockOnly;
  const { live, inStock } = dataset;
  const excluded = (q: number): boolean => live[q] === 0 || (inStockOnly && inStock[q] === 0);
  // The first similarity signal with an opinion on the product: a product added after fit has
  // none from collaborative signals, so a text signal answers for it.
  let slot: SignalSlot | undefined;
  let found: ScoredItems = NO_ITEMS;
  for (const s of slots) {
    if (!s.signal.capabilities.similarity || s.signal.similarTo === undefined) continue;
    slot ??= s;
    found = s.signal.similarTo(p, Math.min(n, dataset.products.size), excluded);
    if (found.ids.length > 0) {
      slot = s;
      break;
    }
  }
  if (slot === undefined) return [];
  return Array.from(found.ids, (q, r) => ({
    productId: dataset.products.idAt(q),
    merchantId: merchantIds[dataset.productMerchant[q]!]!,
    score: found.scores[r]!,
    rank: r + 1,
    reasons: [`similar by ${slot!.name}`],
  }));
}
