import type { Dataset } from '../dataset/dataset.js';
import { ProductTextIndex } from './product-text-index.js';
import type { TextIndexConfig } from './text-index-config.js';

const cache = new WeakMap<Dataset, Map<string, ProductTextIndex>>();

/**
 * The product text index of a dataset's products (document id = product index), built once per
 * (dataset, config) and shared by the signals that read it (content, trending). Callers must not
 * `add`/`remove` on a shared index.
 */
export function productTextIndexOf(dataset: Dataset, config: TextIndexConfig): ProductTextIndex {
  let byConfig = cache.get(dataset);
  if (byConfig === undefined) {
    byConfig = new Map();
    cache.set(dataset, byConfig);
  }
  const key = JSON.stringify(config);
  let index = byConfig.get(key);
  if (index === undefined) {
    index = ProductTextIndex.build(dataset.productRecords, config);
    byConfig.set(key, index);
  }
  return index;
}
