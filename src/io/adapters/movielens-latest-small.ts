import { join } from 'node:path';
import { readCsvRows } from '../csv-rows.js';
import type { LoadedMarketplace } from '../types.js';
import type { MovieLensOptions } from './adapter-options.js';
import { MovieSink, RatingSink, movieLensResult, rejectFieldCount } from './movielens-common.js';
import { splitGenres } from './movielens-1m.js';
import { requireDatasetFile } from './require-file.js';
import { checkAdapterOptions } from './finish-adapter.js';
import { columnsOf } from './columns.js';

/**
 * Loads MovieLens latest-small (and any `ml-latest*` export of the same shape) from its directory:
 * `movies.csv` (`movieId,title,genres`, genres `|`-separated) and `ratings.csv`
 * (`userId,movieId,rating,timestamp`, epoch seconds; ratings 0.5 to 5).
 */
export async function loadMovieLensLatestSmall(dir: string, options: MovieLensOptions = {}): Promise<LoadedMarketplace> {
  checkAdapterOptions(options);
  const itemPath = join(dir, 'movies.csv');
  await requireDatasetFile('ml-latest-small', itemPath, 'movie file');
  await requireDatasetFile('ml-latest-small', join(dir, 'ratings.csv'), 'ratings file');
  const movies = new MovieSink(itemPath, options);
  let cols: number[] | undefined;
  let width = 0;
  let index = 0;
  for await (const { line, cells } of readCsvRows(itemPath)) {
    if (cols === undefined) {
      cols = columnsOf(itemPath, line, cells, ['movieId', 'title', 'genres']);
      width = cells.length;
      continue;
    }
    const place = { index: index++, line };
    if (rejectFieldCount(movies.sink, cells, width, place, 'columns')) continue;
    movies.add(cells[cols[0]!]!, cells[cols[1]!]!, splitGenres(cells[cols[2]!]!), place);
  }
  const dataPath = join(dir, 'ratings.csv');
  const ratings = new RatingSink(dataPath, options, movies, itemPath);
  cols = undefined;
  index = 0;
  for await (const { line, cells } of readCsvRows(dataPath)) {
    if (cols === undefined) {
      cols = columnsOf(dataPath, line, cells, ['userId', 'movieId', 'rating', 'timestamp']);
      width = cells.length;
      continue;
    }
    const place = { index: index++, line };
    if (rejectFieldCount(ratings.sink, cells, width, place, 'columns')) continue;
    ratings.add(cells[cols[0]!]!, cells[cols[1]!]!, cells[cols[2]!]!, cells[cols[3]!]!, place);
  }
  return movieLensResult('ml-latest-small', movies, ratings, options);
}
