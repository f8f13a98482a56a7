import { ConfigError } from '../errors.js';
import { loadAmazon2018 } from './adapters/amazon-2018.js';
import type { MovieLensOptions } from './adapters/adapter-options.js';
import { loadMovieLens100k } from './adapters/movielens-100k.js';
import { loadMovieLens1m } from './adapters/movielens-1m.js';
import { loadMovieLensLatestSmall } from './adapters/movielens-latest-small.js';
import { detectFormat, findAmazonFiles } from './detect-format.js';
import { loadMarketplace, type MarketplaceLoadOptions } from './load-marketplace.js';
import type { DatasetFormat, LoadedMarketplace } from './types.js';

/** Options of {@link loadDataset}: the format (detected when absent) and the loaders' options. */
export interface LoadDatasetOptions extends MovieLensOptions, MarketplaceLoadOptions {
  /** Dataset format. @default detected with {@link detectFormat} */
  readonly format?: DatasetFormat;
}

/**
 * Loads any supported dataset directory into validated marketplace data, picking the adapter by
 * `format` (or by the files present). `weights` and `merchant` apply to the real-data adapters,
 * `headers` to the marketplace format.
 *
 * @example const { data, rejected, counts } = await loadDataset('/data/ml-100k', { mode: 'collect' })
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<LoadedMarketplace> {
  const format = options.format ?? (await detectFormat(path));
  switch (format) {
    case 'marketplace':
      return loadMarketplace(path, options);
    case 'ml-100k':
      return loadMovieLens100k(path, options);
    case 'ml-latest-small':
      return loadMovieLensLatestSmall(path, options);
    case 'ml-1m':
      return loadMovieLens1m(path, options);
    case 'amazon-2018':
      return loadAmazon2018(await findAmazonFiles(path), options);
  }
  throw new ConfigError(
    `unknown dataset format ${JSON.stringify(format)} (expected marketplace, ml-100k, ml-latest-small, ml-1m or amazon-2018)`,
    'format',
  );
}
