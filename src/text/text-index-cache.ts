import type { Product } from '../schema/entities.js';
import { ProductTextIndex } from './product-text-index.js';
import type { TextIndexConfig } from './text-index-config.js';

/**
 * The product text indexes of one catalogue, built on first request per text config and shared
 * by the signals that read product text (content, trending). A recommender owns one per fit, so
 * no index outlives the recommender or leaks between recommenders (no module-level cache).
 * Callers must not `add`/`remove` on a shared index.
 */
export class TextIndexCache {
  readonly #products: readonly Product[];
  readonly #byConfig = new Map<string, ProductTextIndex>();

  /** @param products the catalogue, document id = position (the dataset's product index) */
  constructor(products: readonly Product[]) {
    this.#products = products;
  }

  /** The index for `config`, built once (keyed by the config's JSON form). */
  get(config: TextIndexConfig): ProductTextIndex {
    const key = JSON.stringify(config);
    let index = this.#byConfig.get(key);
    if (index === undefined) {
      index = ProductTextIndex.build(this.#products, config);
      this.#byConfig.set(key, index);
    }
    return index;
  }

  /** Number of indexes built. */
  get size(): number {
    return this.#byConfig.size;
  }
}
