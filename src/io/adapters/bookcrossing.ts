import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ProductSchema } from '../../schema/entities.js';
import { DEFAULT_MAX_FIELD_BYTES } from '../field-size.js';
import { RecordSink, type RowPlace } from '../record-sink.js';
import { readTextLines } from '../text-lines.js';
import type { LoadedMarketplace } from '../types.js';
import type { MerchantAdapterOptions } from './adapter-options.js';
import { addProduct } from './add-product.js';
import { bookCrossingSeparator, decodeHtmlEntities, detectTextEncoding, findBookCrossingFiles } from './bookcrossing-files.js';
import { columnsOf } from './columns.js';
import { splitDelimitedLine } from './delimited-line.js';
import { checkAdapterOptions, finishAdapter } from './finish-adapter.js';
import type { UnnamedMerchants } from './merchant-names.js';
import { RatingSink, rejectFieldCount } from './movielens-common.js';
import { requireDatasetFile } from './require-file.js';

/**
 * The time every Book-Crossing event carries (epoch ms): the data has no timestamps, so all events
 * are at 1970-01-01T00:00:00Z. Temporal and leave-last-n splits mean nothing on it (`gfp eval`
 * refuses them); use a random holdout.
 */
export const BOOKCROSSING_TIMESTAMP = 0;

/** Prefix of the merchant id of a book without a publisher: `isbn:<isbn>`. */
export const NO_PUBLISHER_PREFIX = 'isbn:';

/** Books without a publisher: each its own merchant `isbn:<isbn>`. */
const NO_PUBLISHER: UnnamedMerchants = {
  idOf: (isbn) => `${NO_PUBLISHER_PREFIX}${isbn}`,
  isUnnamed: (merchantId) => merchantId.startsWith(NO_PUBLISHER_PREFIX),
};

/** Options of {@link loadBookCrossing}. */
export interface BookCrossingOptions extends MerchantAdapterOptions {
  /** Text encoding of both files. @default detected per file: UTF-8 when valid, else latin-1 */
  readonly encoding?: 'utf8' | 'latin1';
}

/** One data line of a Book-Crossing file: its cells and place. */
type Row = { readonly cells: string[]; readonly place: RowPlace };

/**
 * Streams the data lines of a Book-Crossing file with the header's column positions: separator
 * from the header, lenient quoting ({@link splitDelimitedLine}); lines that cannot be split or
 * have the wrong number of fields are rejected through `sink`.
 */
async function* bookCrossingRows(
  path: string,
  encoding: 'utf8' | 'latin1',
  columns: readonly (string | readonly string[])[],
  sink: Parameters<typeof rejectFieldCount>[0],
): AsyncGenerator<Row & { readonly cols: number[] }> {
  let separator: ';' | ',' | undefined;
  let cols: number[] = [];
  let width = 0;
  let index = 0;
  for await (const { line, text } of readTextLines(path, { encoding })) {
    if (text.trim() === '') continue;
    if (separator === undefined) {
      separator = bookCrossingSeparator(text);
      const split = splitDelimitedLine(text, separator);
      const header = 'cells' in split ? split.cells : text.split(separator);
      cols = columnsOf(path, line, header, columns, true);
      width = header.length;
      continue;
    }
    const place = { index: index++, line };
    const split = splitDelimitedLine(text, separator);
    if (!('cells' in split)) {
      sink.reject(text, place, [{ field: '', value: text, reason: split.reason }]);
      continue;
    }
    if (rejectFieldCount(sink, split.cells, width, place, 'columns')) continue;
    yield { cells: split.cells, place, cols };
  }
}

/**
 * Loads Book-Crossing (Ziegler et al. 2005) from its directory: `BX-Books.csv` (ISBN, Book-Title,
 * Book-Author, Year-Of-Publication, Book-Publisher; other columns ignored) and `BX-Ratings.csv`
 * or `BX-Book-Ratings.csv` (User-ID, ISBN, Book-Rating). Both the original dump (`;`-separated,
 * all fields quoted, latin-1, HTML entities) and comma-separated UTF-8 re-exports are read: the
 * separator comes from each header, the encoding from each file's bytes (or `encoding`), header
 * names are matched ignoring case.
 *
 * - Books become products: id = ISBN (trimmed, upper-cased: `x` check digits match `X`), title,
 *   tags = [author]; the year is not used. A repeated ISBN keeps its first record.
 * - The publisher is the merchant, normalised by `merchantNormalisation` (default `basic`; mapping
 *   in `adapter.merchantNames`); a book without a publisher is its own merchant `isbn:<isbn>`.
 * - Ratings (integers 0 to 10; the original's 0 means an implicit interaction) become events of
 *   type `rating`, weight 1 (`binary`) or the rating (`rating`: a 0 then carries no signal), all at
 *   {@link BOOKCROSSING_TIMESTAMP} (`adapter.timestamps` is `none`). A rating of an ISBN not in
 *   the books file is rejected (the original dump has many: load it with `mode: 'collect'`).
 * - `catalogue` (default `interacted`) and `minUserEvents` as for every adapter.
 *
 * @throws DataError when a file is missing, ConfigError for a bad option, ValidationError for a
 *   missing column or (in `fail` mode) the first bad row, naming file, line, field and reason.
 * @example await loadBookCrossing('/data/bookcrossing-subset') // 18,185 books, 204,164 events, 48,299 users
 */
export async function loadBookCrossing(dir: string, options: BookCrossingOptions = {}): Promise<LoadedMarketplace> {
  checkAdapterOptions(options);
  const files = findBookCrossingFiles(dir, await readdir(dir).catch(() => []));
  if (files === undefined) {
    await requireDatasetFile('bookcrossing', join(dir, 'BX-Books.csv'), 'books file');
    await requireDatasetFile('bookcrossing', join(dir, 'BX-Ratings.csv'), 'ratings file (or BX-Book-Ratings.csv)');
  }
  const { books, ratings } = files!;
  const mode = options.mode ?? 'fail';
  const maxBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const products = new RecordSink(ProductSchema, 'products', books, mode);
  const known = new Set<string>();
  const bookColumns = ['ISBN', 'Book-Title', 'Book-Author', ['Book-Publisher', 'Publisher']];
  for await (const { cells, place, cols } of bookCrossingRows(books, options.encoding ?? (await detectTextEncoding(books)), bookColumns, products)) {
    const isbn = cells[cols[0]!]!.trim().toUpperCase();
    const title = decodeHtmlEntities(cells[cols[1]!]!).trim();
    const author = decodeHtmlEntities(cells[cols[2]!]!).trim();
    const publisher = decodeHtmlEntities(cells[cols[3]!]!).trim();
    const raw = {
      id: isbn,
      merchantId: publisher !== '' ? publisher : NO_PUBLISHER.idOf(isbn),
      title: title !== '' ? title : isbn,
      tags: author !== '' ? [author] : [],
      price: undefined,
    };
    addProduct(products, raw, place, known, maxBytes);
  }

  const events = new RatingSink(ratings, options, known, books, 'ISBN');
  const ratingColumns = ['User-ID', 'ISBN', 'Book-Rating'];
  for await (const { cells, place, cols } of bookCrossingRows(ratings, options.encoding ?? (await detectTextEncoding(ratings)), ratingColumns, events.sink)) {
    const user = cells[cols[0]!]!;
    const isbn = cells[cols[1]!]!.trim().toUpperCase();
    const rating = cells[cols[2]!]!.trim();
    if (!/^\d{1,2}$/.test(rating) || Number(rating) > 10) {
      events.sink.reject({ userId: user, productId: isbn, rating }, place, [{ field: 'rating', value: rating, reason: 'expected an integer rating from 0 to 10' }]);
      continue;
    }
    events.add(user, isbn, rating, BOOKCROSSING_TIMESTAMP, place);
  }
  return finishAdapter(
    {
      format: 'bookcrossing',
      products: products.records,
      events: events.sink.records,
      rejected: { products: products.rejected, merchants: [], events: events.sink.rejected, topics: [] },
      counts: [products.count(), events.sink.count()],
      defaultCatalogue: 'interacted',
      names: NO_PUBLISHER,
      syntheticTimestamp: BOOKCROSSING_TIMESTAMP,
    },
    options,
  );
}
