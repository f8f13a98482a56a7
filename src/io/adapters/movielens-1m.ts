import { join } from 'node:path';
import { readTextLines } from '../text-lines.js';
import type { LoadedMarketplace } from '../types.js';
import type { MovieLensOptions } from './adapter-options.js';
import { MovieSink, RatingSink, movieLensResult, rejectFieldCount } from './movielens-common.js';
import { requireDatasetFile } from './require-file.js';
import { checkAdapterOptions } from './finish-adapter.js';

/**
 * Loads MovieLens 1M from its directory: `movies.dat` (`MovieID::Title::Genres`, latin-1, genres
 * `|`-separated) and `ratings.dat` (`UserID::MovieID::Rating::Timestamp`, epoch seconds).
 * `users.dat` is not read.
 */
export async function loadMovieLens1m(dir: string, options: MovieLensOptions = {}): Promise<LoadedMarketplace> {
  checkAdapterOptions(options);
  const itemPath = join(dir, 'movies.dat');
  await requireDatasetFile('ml-1m', itemPath, 'movie file');
  await requireDatasetFile('ml-1m', join(dir, 'ratings.dat'), 'ratings file');
  const movies = new MovieSink(itemPath, options);
  let index = 0;
  for await (const { line, text } of readTextLines(itemPath, { encoding: 'latin1' })) {
    if (text.trim() === '') continue;
    const place = { index: index++, line };
    const parts = text.split('::');
    if (rejectFieldCount(movies.sink, parts, 3, place)) continue;
    movies.add(parts[0]!, parts[1]!, splitGenres(parts[2]!), place);
  }
  const dataPath = join(dir, 'ratings.dat');
  const ratings = new RatingSink(dataPath, options, movies, itemPath);
  index = 0;
  for await (const { line, text } of readTextLines(dataPath, { encoding: 'latin1' })) {
    if (text.trim() === '') continue;
    const place = { index: index++, line };
    const parts = text.split('::');
    if (rejectFieldCount(ratings.sink, parts, 4, place)) continue;
    ratings.add(parts[0]!, parts[1]!, parts[2]!, parts[3]!, place);
  }
  return movieLensResult('ml-1m', movies, ratings, options);
}

/** Splits a MovieLens genre list (`Action|Comedy`); `(no genres listed)` means none. */
export function splitGenres(cell: string): string[] {
  const text = cell.trim();
  if (text === '' || text === '(no genres listed)') return [];
  return text
    .split('|')
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
}
