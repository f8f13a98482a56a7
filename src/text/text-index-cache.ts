import type { Product } from '../schema/entities.js';
import { ProductTextIndex } from './product-text-index.js';
import type { TextIndexConfig, TextIndexConfigInput } from './text-index-config.js';

/** The catalogue a {@link TextIndexCache} indexes: records by product index, and which are in the catalogue. */
export interface IndexedCatalogue {
  readonly productRecords: readonly Product[];
  /** 1 for a product in the catalogue, 0 for a removed one (its slot stays empty). */
  readonly live: Uint8Array;
}

/** Products that entered, changed text or left, as {@link TextIndexCache.apply} takes them (product indices). */
export interface IndexedChange {
  readonly dataset: IndexedCatalogue;
  readonly added: Int32Array;
  readonly updated: Int32Array;
  readonly removed: Int32Array;
}

/**
 * The product text indexes of one catalogue, built on first request per text config and shared
 * by the signals that read product text (content, trending). A recommender owns one per fit, so
 * no index outlives the recommender or leaks between recommenders (no module-level cache).
 * Document id = product index; removed products leave their slot empty. The owner keeps every
 * index up to date with {@link apply}; signals must not `add`/`remove` on a shared index.
 */
export class TextIndexCache {
  #catalogue: IndexedCatalogue;
  readonly #byConfig = new Map<string, ProductTextIndex>();

  /** @param catalogue the catalogue, document id = position (the dataset's product index) */
  constructor(catalogue: IndexedCatalogue) {
    this.#catalogue = catalogue;
  }

  /** The index for `config`, built once (keyed by the config's JSON form) over the catalogue as it stands. */
  get(config: TextIndexConfig): ProductTextIndex {
    const key = JSON.stringify(config);
    let index = this.#byConfig.get(key);
    if (index === undefined) {
      index = indexCatalogue(this.#catalogue, config);
      this.#byConfig.set(key, index);
    }
    return index;
  }

  /**
   * Brings every index built so far up to date with a catalogue change: removed products leave,
   * added ones take their product index as document id, updated ones are indexed again.
   * Cost: the postings of the changed products' terms.
   */
  apply(change: IndexedChange): void {
    this.#catalogue = change.dataset;
    for (const index of this.#byConfig.values()) applyToIndex(index, change);
  }

  /** Number of indexes built. */
  get size(): number {
    return this.#byConfig.size;
  }
}

/**
 * A new index over a catalogue as it stands: document id = product index, removed products'
 * slots empty. Cost: a build over every product record.
 */
export function indexCatalogue(catalogue: IndexedCatalogue, config: TextIndexConfigInput): ProductTextIndex {
  const { productRecords, live } = catalogue;
  const index = ProductTextIndex.build(productRecords, config);
  for (let p = 0; p < productRecords.length; p++) if (live[p] === 0) index.remove(productRecords[p]!.id);
  return index;
}

/**
 * Brings one index whose document ids are product indices up to date with a catalogue change:
 * removed products leave, added ones take their product index as document id, updated ones are
 * indexed again. Cost: the postings of the changed products' terms.
 */
export function applyToIndex(index: ProductTextIndex, change: IndexedChange): void {
  const records = change.dataset.productRecords;
  for (const p of change.removed) index.remove(records[p]!.id);
  for (const p of change.added) index.add(records[p]!, p);
  for (const p of change.updated) index.add(records[p]!);
}
