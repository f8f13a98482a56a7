import type { Merchant, Product, Topic } from '../schema/entities.js';
import { transpose, type CsrMatrix } from './csr.js';
import { decayStats, type Dataset } from './dataset.js';
import type { EventLog } from './event-log.js';
import { createEventWeighting, type EventWeightingConfig } from './event-weighting.js';
import { IdIndex } from './id-index.js';

/** Everything a dataset is made of, as plain data and typed arrays (for model files). */
export interface DatasetParts {
  readonly users: readonly string[];
  readonly products: readonly Product[];
  readonly merchants: readonly Merchant[];
  readonly topics: readonly Topic[];
  readonly weighting: EventWeightingConfig;
  readonly referenceTime: number;
  readonly interactions: CsrMatrix;
  readonly events: EventLog;
  readonly skippedUnknownProduct: number;
  readonly duplicateProducts: number;
  /** Duplicate merchant ids of the input (absent in model files written before it was counted: 0). */
  readonly duplicateMerchants?: number;
}

/** Takes a dataset apart (no copies of the typed arrays). */
export function datasetToParts(ds: Dataset): DatasetParts {
  return {
    users: ds.users.ids(),
    products: ds.productRecords,
    merchants: ds.merchantRecords,
    topics: ds.topics,
    weighting: ds.weighting.config,
    referenceTime: ds.referenceTime,
    interactions: ds.interactions,
    events: ds.events,
    skippedUnknownProduct: ds.stats.skippedUnknownProduct,
    duplicateProducts: ds.stats.duplicateProducts,
    duplicateMerchants: ds.stats.duplicateMerchants,
  };
}

/** Puts a dataset back together from its parts; the same ids get the same indices. */
export function datasetFromParts(parts: DatasetParts): Dataset {
  const products = IdIndex.from(parts.products.map((p) => p.id));
  const merchants = IdIndex.from(parts.merchants.map((m) => m.id));
  const productMerchant = Int32Array.from(parts.products, (p) => merchants.indexOf(p.merchantId));
  let itemUsers: CsrMatrix | undefined;
  const interactions = parts.interactions;
  const weighting = createEventWeighting(parts.weighting);
  return {
    users: IdIndex.from(parts.users),
    products,
    merchants,
    productRecords: parts.products,
    merchantRecords: parts.merchants,
    topics: parts.topics,
    productMerchant,
    inStock: Uint8Array.from(parts.products, (p) => (p.inStock ? 1 : 0)),
    interactions,
    itemUsers: () => (itemUsers ??= transpose(interactions)),
    events: parts.events,
    weighting,
    referenceTime: parts.referenceTime,
    stats: {
      events: parts.events.length,
      skippedUnknownProduct: parts.skippedUnknownProduct,
      interactions: interactions.indptr[interactions.rows] ?? 0,
      duplicateProducts: parts.duplicateProducts,
      decay: decayStats(parts.events.time, parts.events.weight, weighting, parts.referenceTime, false),
      duplicateMerchants: parts.duplicateMerchants ?? 0,
    },
  };
}
