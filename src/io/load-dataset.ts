import { ConfigError } from '../errors.js';
import { loadAmazon2018 } from './adapters/amazon-2018.js';
import type { MovieLensOptions } from './adapters/adapter-options.js';
import { loadBookCrossing, type BookCrossingOptions } from './adapters/bookcrossing.js';
import { loadMovieLens100k } from './adapters/movielens-100k.js';
import { loadMovieLens1m } from './adapters/movielens-1m.js';
import { loadMovieLensLatestSmall } from './adapters/movielens-latest-small.js';
import { detectFormat, findAmazonFiles, type FindAmazonFilesOptions } from './detect-format.js';
import { loadMarketplace, type MarketplaceLoadOptions } from './load-marketplace.js';
import type { DatasetFormat, LoadedMarketplace } from './types.js';

/** Every format {@link loadDataset} reads. */
export const DATASET_FORMATS: readonly DatasetFormat[] = ['marketplace', 'ml-100k', 'ml-latest-small', 'ml-1m', 'amazon-2018', 'bookcrossing'];

/** Options of {@link loadDataset}: the format (detected when absent) and the loaders' options. */
export interface LoadDatasetOptions extends MovieLensOptions, BookCrossingOptions, FindAmazonFilesOptions, MarketplaceLoadOptions {
  /** Dataset format. @default detected with {@link detectFormat} */
  readonly format?: DatasetFormat;
}

/**
 * Loads any supported dataset directory into validated marketplace data, picking the adapter by
 * `format` (or by the files present). `weights`, `catalogue` and `minUserEvents` apply to the
 * real-data adapters, `merchant` to MovieLens, `merchantNormalisation` and `merchantTiers` to
 * Amazon and Book-Crossing, `reviewsFile` to Amazon, `encoding` to Book-Crossing, `headers` to the
 * marketplace format.
 *
 * @example const { data, rejected, counts, adapter } = await loadDataset('/data/ml-100k', { mode: 'collect' })
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
      return loadAmazon2018(await findAmazonFiles(path, options), options);
    case 'bookcrossing':
      return loadBookCrossing(path, options);
  }
  throw new ConfigError(
    `unknown dataset format ${JSON.stringify(format)} (expected ${DATASET_FORMATS.join(', ')})`,
    'format',
  );
}
