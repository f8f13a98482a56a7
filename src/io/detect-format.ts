import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../errors.js';
import type { AmazonFiles } from './adapters/amazon-2018.js';
import type { DatasetFormat } from './types.js';

const AMAZON_JSON = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/**
 * Finds the review and metadata files of an Amazon 2018 category in `dir`: one `meta_*` JSON-lines
 * file and one other JSON-lines file (a `*_5` 5-core file is preferred when a full one is present too).
 *
 * @throws FormatError when either is missing or the choice is ambiguous.
 */
export async function findAmazonFiles(dir: string): Promise<AmazonFiles> {
  const names = (await readdir(dir)).filter((n) => AMAZON_JSON.test(n)).sort();
  const metas = names.filter((n) => n.startsWith('meta_'));
  let reviews = names.filter((n) => !n.startsWith('meta_'));
  if (reviews.length > 1) {
    const core = reviews.filter((n) => /_5\.(json|jsonl|ndjson)(\.gz)?$/i.test(n));
    if (core.length === 1) reviews = core;
  }
  if (metas.length !== 1 || reviews.length !== 1) {
    throw new FormatError(
      `${dir}: expected one meta_*.json(.gz) file and one reviews .json(.gz) file, found ` +
        `meta: [${metas.join(', ')}], reviews: [${reviews.join(', ')}]`,
    );
  }
  return { meta: join(dir, metas[0]!), reviews: join(dir, reviews[0]!) };
}

/**
 * Guesses the format of a dataset directory from the files it holds:
 * `u.data` + `u.item` -> `ml-100k`; `ratings.dat` + `movies.dat` -> `ml-1m`;
 * `ratings.csv` + `movies.csv` -> `ml-latest-small`; `products.*` -> `marketplace`;
 * a `meta_*.json(.gz)` file -> `amazon-2018`.
 *
 * @throws FormatError when nothing matches (the message lists what was looked for).
 */
export async function detectFormat(path: string): Promise<DatasetFormat> {
  const info = await stat(path);
  if (!info.isDirectory()) throw new FormatError(`${path}: expected a dataset directory, got a file`);
  const names = new Set(await readdir(path));
  if (names.has('u.data') && names.has('u.item')) return 'ml-100k';
  if (names.has('ratings.dat') && names.has('movies.dat')) return 'ml-1m';
  if (names.has('ratings.csv') && names.has('movies.csv')) return 'ml-latest-small';
  if (['products.csv', 'products.json', 'products.ndjson', 'products.jsonl'].some((n) => names.has(n))) return 'marketplace';
  if ([...names].some((n) => n.startsWith('meta_') && AMAZON_JSON.test(n))) return 'amazon-2018';
  throw new FormatError(
    `${path}: unknown dataset format (looked for products.csv, u.data + u.item, ratings.dat + movies.dat, ` +
      `ratings.csv + movies.csv, meta_*.json.gz)`,
  );
}
