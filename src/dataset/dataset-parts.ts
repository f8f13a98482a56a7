import type { Merchant, Product, Topic } from '../schema/entities.js';
import { transpose, type CsrMatrix } from './csr.js';
import { decayStats, noObservedInteractions, type Dataset } from './dataset.js';
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
  /** What `observe` changed after fit besides the product records (null or absent: nothing). */
  readonly afterFit?: DatasetAfterFit | null;
}

/**
 * What `Recommender.observe` changed in a dataset after fit besides the product records (products
 * added after fit are the records from `interactions.cols` on): removed products and the
 * interactions observed per product. Sparse: only the products concerned.
 */
export interface DatasetAfterFit {
  /** Indices of the products removed after fit, ascending. */
  readonly removed: Int32Array;
  /** Products with interactions observed after fit, ascending. */
  readonly observedProducts: Int32Array;
  /** Their observed decayed mass (see `Dataset.observed`). */
  readonly observedMass: Float64Array;
  /** Their observed new user-product pairs. */
  readonly observedUsers: Int32Array;
}

/** The after-fit changes of a dataset, or null when observe changed nothing but records. O(products). */
export function afterFitOf(ds: Dataset): DatasetAfterFit | null {
  const removed: number[] = [];
  const observed: number[] = [];
  const P = ds.products.size;
  const { mass, users } = ds.observed;
  for (let p = 0; p < P; p++) {
    if (ds.live[p] === 0) removed.push(p);
    if (mass[p] !== 0 || users[p] !== 0) observed.push(p);
  }
  if (removed.length === 0 && observed.length === 0) return null;
  return {
    removed: Int32Array.from(removed),
    observedProducts: Int32Array.from(observed),
    observedMass: Float64Array.from(observed, (p) => mass[p]!),
    observedUsers: Int32Array.from(observed, (p) => users[p]!),
  };
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
    afterFit: afterFitOf(ds),
  };
}

/**
 * Puts a dataset back together from its parts; the same ids get the same indices. The parts must
 * fit together (check parts read from outside with `datasetPartsProblem` first).
 */
export function datasetFromParts(parts: DatasetParts): Dataset {
  const products = IdIndex.from(parts.products.map((p) => p.id));
  const merchants = IdIndex.from(parts.merchants.map((m) => m.id));
  const productMerchant = Int32Array.from(parts.products, (p) => merchants.indexOf(p.merchantId));
  let itemUsers: CsrMatrix | undefined;
  const interactions = parts.interactions;
  const weighting = createEventWeighting(parts.weighting);
  const P = parts.products.length;
  const live = new Uint8Array(P).fill(1);
  const observed = noObservedInteractions(P);
  const after = parts.afterFit;
  if (after !== undefined && after !== null) {
    for (const p of after.removed) live[p] = 0;
    after.observedProducts.forEach((p, k) => {
      observed.mass[p] = after.observedMass[k]!;
      observed.users[p] = after.observedUsers[k]!;
    });
  }
  return {
    users: IdIndex.from(parts.users),
    products,
    merchants,
    productRecords: parts.products,
    merchantRecords: parts.merchants,
    topics: parts.topics,
    productMerchant,
    inStock: Uint8Array.from(parts.products, (p) => (p.inStock ? 1 : 0)),
    live,
    observed,
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
