import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../errors.js';
import type { AmazonFiles } from './adapters/amazon-2018.js';
import { AMAZON_RATINGS_CSV } from './adapters/amazon-reviews.js';
import { findBookCrossingFiles } from './adapters/bookcrossing-files.js';
import { readTextLines } from './text-lines.js';
import type { DatasetFormat } from './types.js';

const AMAZON_JSON = /\.(json|jsonl|ndjson)(\.gz)?$/i;
const FIVE_CORE = /_5\.(json|jsonl|ndjson)(\.gz)?$/i;

/** Amazon ids: 10 characters, upper-case letters and digits (ASINs, ISBN-10s). */
const ASIN = /^[0-9A-Z]{10}$/;
const REVIEWER = /^[0-9A-Za-z_-]{4,64}$/;
const STARS = /^[0-5](\.\d+)?$/;
/** Epoch seconds from 1990 (6.3e8) to 2286 (1e10): 9 or 10 digits. */
const EPOCH_SECONDS = /^\d{9,10}$/;

/** Lines of a file's head checked by {@link looksLikeAmazonRatingsCsv}. */
const SNIFF_LINES = 5;

/**
 * True when a file reads as an Amazon 2018 ratings-only CSV: its first non-blank lines (up to 5,
 * at least 1; gunzipped for `.gz`) are each `ASIN,reviewer,stars,epoch-seconds`: exactly 4 comma
 * fields, a 10-character upper-case id, a reviewer id of letters, digits, `_` or `-`, a rating
 * 0 to 5 and a 9- or 10-digit time, with no header. CSVs with a header line (MovieLens
 * `ratings.csv`, Book-Crossing, marketplace files) or other ids do not match. A file that cannot
 * be read is not a match.
 */
export async function looksLikeAmazonRatingsCsv(path: string): Promise<boolean> {
  let seen = 0;
  try {
    for await (const { text } of readTextLines(path)) {
      if (text.trim() === '') continue;
      const cells = text.split(',');
      if (cells.length !== 4) return false;
      const [item, user, stars, time] = cells as [string, string, string, string];
      if (!(ASIN.test(item) && REVIEWER.test(user) && STARS.test(stars) && EPOCH_SECONDS.test(time))) return false;
      if (++seen >= SNIFF_LINES) break;
    }
  } catch {
    return false;
  }
  return seen > 0;
}

/** Options of {@link findAmazonFiles}. */
export interface FindAmazonFilesOptions {
  /** Name of the ratings file in the directory, when several could be (a 5-core JSON, a full JSON, a ratings CSV). */
  readonly reviewsFile?: string;
}

/**
 * Finds the files of an Amazon 2018 category in `dir`: at most one `meta_*` JSON-lines file
 * (optional) and one ratings file: review JSON lines, or a ratings-only CSV recognised by
 * {@link looksLikeAmazonRatingsCsv}. With several candidates, `reviewsFile` picks one; without it
 * a single `*_5` 5-core JSON file is preferred, and anything else is ambiguous.
 *
 * @throws FormatError when no ratings file is found, the choice is ambiguous, `reviewsFile` is
 *   not in `dir`, or there are several metadata files.
 */
export async function findAmazonFiles(dir: string, options: FindAmazonFilesOptions = {}): Promise<AmazonFiles> {
  const all = (await readdir(dir)).sort();
  const names = all.filter((n) => AMAZON_JSON.test(n));
  const metas = names.filter((n) => n.startsWith('meta_'));
  const csvs: string[] = [];
  for (const n of all) if (AMAZON_RATINGS_CSV.test(n) && (await looksLikeAmazonRatingsCsv(join(dir, n)))) csvs.push(n);
  let reviews = [...names.filter((n) => !n.startsWith('meta_')), ...csvs];
  if (options.reviewsFile !== undefined) {
    if (!all.includes(options.reviewsFile)) {
      throw new FormatError(`${dir}: reviewsFile ${JSON.stringify(options.reviewsFile)} is not in the directory (candidates: [${reviews.join(', ')}])`);
    }
    reviews = [options.reviewsFile];
  } else if (reviews.length > 1) {
    const core = reviews.filter((n) => FIVE_CORE.test(n));
    if (core.length === 1) reviews = core;
  }
  if (metas.length > 1 || reviews.length !== 1) {
    throw new FormatError(
      `${dir}: expected at most one meta_*.json(.gz) file and one ratings file (reviews .json(.gz) or an ` +
        `item,user,rating,timestamp .csv(.gz)), found meta: [${metas.join(', ')}], ratings: [${reviews.join(', ')}]` +
        (reviews.length > 1 ? '; name the one to use with reviewsFile' : ''),
    );
  }
  return { reviews: join(dir, reviews[0]!), ...(metas.length === 1 ? { meta: join(dir, metas[0]!) } : {}) };
}

/**
 * Guesses the format of a dataset directory from the files it holds:
 * `u.data` + `u.item` -> `ml-100k`; `ratings.dat` + `movies.dat` -> `ml-1m`;
 * `ratings.csv` + `movies.csv` -> `ml-latest-small`; `products.*` -> `marketplace`;
 * `BX-Books.csv` + `BX-Ratings.csv` (or `BX-Book-Ratings.csv`) -> `bookcrossing`;
 * a `meta_*.json(.gz)` file, or a `.csv(.gz)` that reads as an Amazon ratings-only CSV -> `amazon-2018`.
 *
 * @throws FormatError when nothing matches (the message lists what was looked for).
 */
export async function detectFormat(path: string): Promise<DatasetFormat> {
  const info = await stat(path);
  if (!info.isDirectory()) throw new FormatError(`${path}: expected a dataset directory, got a file`);
  const list = await readdir(path);
  const names = new Set(list);
  if (names.has('u.data') && names.has('u.item')) return 'ml-100k';
  if (names.has('ratings.dat') && names.has('movies.dat')) return 'ml-1m';
  if (names.has('ratings.csv') && names.has('movies.csv')) return 'ml-latest-small';
  if (['products.csv', 'products.json', 'products.ndjson', 'products.jsonl'].some((n) => names.has(n))) return 'marketplace';
  if (findBookCrossingFiles(path, list) !== undefined) return 'bookcrossing';
  if (list.some((n) => n.startsWith('meta_') && AMAZON_JSON.test(n))) return 'amazon-2018';
  for (const n of list.sort()) if (AMAZON_RATINGS_CSV.test(n) && (await looksLikeAmazonRatingsCsv(join(path, n)))) return 'amazon-2018';
  throw new FormatError(
    `${path}: unknown dataset format (looked for products.csv, u.data + u.item, ratings.dat + movies.dat, ` +
      `ratings.csv + movies.csv, BX-Books.csv + BX-Ratings.csv, meta_*.json.gz, an Amazon item,user,rating,timestamp .csv)`,
  );
}
