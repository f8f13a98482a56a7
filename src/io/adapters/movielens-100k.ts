import { join } from 'node:path';
import { readTextLines } from '../text-lines.js';
import type { LoadedMarketplace } from '../types.js';
import type { MovieLensOptions } from './adapter-options.js';
import { MovieSink, RatingSink, movieLensResult, rejectFieldCount } from './movielens-common.js';
import { requireDatasetFile } from './require-file.js';
import { checkAdapterOptions } from './finish-adapter.js';

/** The 19 genre flags of MovieLens 100K's `u.item`, in file order (as in `u.genre`). */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;

/**
 * Loads MovieLens 100K from its directory: `u.item` (`|`-separated, latin-1: id, title, release
 * date, video date, IMDb URL, 19 genre flags) and `u.data` (tab-separated user, item, rating,
 * epoch seconds). Movies become products (category = first genre, tags = genres); ratings become
 * events of type `rating`.
 *
 * @example const { data } = await loadMovieLens100k('/data/ml-100k') // 943 users, 1682 movies, 100000 events
 */
export async function loadMovieLens100k(dir: string, options: MovieLensOptions = {}): Promise<LoadedMarketplace> {
  checkAdapterOptions(options);
  const itemPath = join(dir, 'u.item');
  await requireDatasetFile('ml-100k', itemPath, 'movie file');
  await requireDatasetFile('ml-100k', join(dir, 'u.data'), 'ratings file');
  const movies = new MovieSink(itemPath, options);
  let index = 0;
  for await (const { line, text } of readTextLines(itemPath, { encoding: 'latin1' })) {
    if (text.trim() === '') continue;
    const place = { index: index++, line };
    const parts = text.split('|');
    if (rejectFieldCount(movies.sink, parts, 5 + ML100K_GENRES.length, place)) continue;
    const genres: string[] = [];
    for (let g = 0; g < ML100K_GENRES.length; g++) if (parts[5 + g]!.trim() === '1') genres.push(ML100K_GENRES[g]!);
    movies.add(parts[0]!, parts[1]!, genres, place);
  }
  const dataPath = join(dir, 'u.data');
  const ratings = new RatingSink(dataPath, options, movies, itemPath);
  index = 0;
  for await (const { line, text } of readTextLines(dataPath)) {
    if (text.trim() === '') continue;
    const place = { index: index++, line };
    const parts = text.split('\t');
    if (rejectFieldCount(ratings.sink, parts, 4, place)) continue;
    ratings.add(parts[0]!, parts[1]!, parts[2]!, parts[3]!, place);
  }
  return movieLensResult('ml-100k', movies, ratings, options);
}
