import { ProductSchema, type Product } from '../../schema/entities.js';
import { DEFAULT_MAX_FIELD_BYTES } from '../field-size.js';
import { RecordSink, type RowPlace } from '../record-sink.js';
import { readJsonLines } from '../json-lines.js';
import type { FileCount, LoadedMarketplace, LoadMode } from '../types.js';
import type { MerchantAdapterOptions } from './adapter-options.js';
import { addProduct } from './add-product.js';
import { AMAZON_META_KEYS, withFileKeys } from './amazon-keys.js';
import { readAmazonEvents } from './amazon-reviews.js';
import { checkAdapterOptions, finishAdapter } from './finish-adapter.js';
import type { UnnamedMerchants } from './merchant-names.js';

/** Prefix of the merchant id of an unbranded product: `asin:<asin>`. */
export const UNBRANDED_MERCHANT_PREFIX = 'asin:';

/** Unbranded products: each its own merchant `asin:<asin>`. */
export const AMAZON_UNBRANDED: UnnamedMerchants = {
  idOf: (productId) => `${UNBRANDED_MERCHANT_PREFIX}${productId}`,
  isUnnamed: (merchantId) => merchantId.startsWith(UNBRANDED_MERCHANT_PREFIX),
};

/** Files of one Amazon review 2018 category. */
export interface AmazonFiles {
  /**
   * The ratings: review JSON lines (e.g. `Gift_Cards_5.json.gz`), or a ratings-only CSV
   * (`item,user,rating,timestamp`, no header, e.g. `Magazine_Subscriptions.csv`) when the name ends
   * in `.csv` or `.csv.gz`; gzipped when the name ends in `.gz`.
   */
  readonly reviews: string;
  /** Product metadata as JSON lines, e.g. `meta_Gift_Cards.json.gz`; without it every product is unbranded. */
  readonly meta?: string;
}

type JsonObject = Record<string, unknown>;

/** Parses JSON lines into objects; blank lines are skipped, bad lines rejected through `sink`. */
async function* jsonLines(
  path: string,
  sink: RecordSink<typeof ProductSchema>,
): AsyncGenerator<{ value: JsonObject; place: RowPlace }> {
  for await (const { value, place } of readJsonLines(path, sink)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      sink.reject(value, place, [{ field: '', value, reason: 'expected a JSON object' }]);
      continue;
    }
    yield { value: value as JsonObject, place };
  }
}

/** Text of a meta field that may be a string or an array of strings (joined by newlines). */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string').join('\n');
  return '';
}

/**
 * Reads the metadata file into products whose `merchantId` is the trimmed raw brand, or
 * `asin:<asin>` without one; a repeated asin keeps its first valid record. A rejected row names
 * the file's keys (`asin`, `brand`, `category`), not the product fields they fill.
 */
async function readAmazonMeta(path: string, mode: LoadMode, maxBytes: number): Promise<RecordSink<typeof ProductSchema>> {
  const products = new RecordSink(ProductSchema, 'products', path, mode);
  const known = new Set<string>();
  for await (const { value, place } of jsonLines(path, products)) {
    const asin = typeof value['asin'] === 'string' ? value['asin'].trim() : value['asin'];
    const brand = typeof value['brand'] === 'string' ? value['brand'].trim() : '';
    const category = Array.isArray(value['category']) ? value['category'].filter((c): c is string => typeof c === 'string') : [];
    const title = typeof value['title'] === 'string' ? value['title'].trim() : '';
    const raw = {
      id: asin,
      merchantId: brand !== '' ? brand : `${UNBRANDED_MERCHANT_PREFIX}${typeof asin === 'string' ? asin : ''}`,
      title: title !== '' ? title : asin,
      description: textOf(value['description']),
      tags: category,
      category: category[category.length - 1] ?? '',
      price: undefined,
    };
    withFileKeys(products, AMAZON_META_KEYS, () => addProduct(products, raw, place, known, maxBytes));
  }
  return products;
}

/**
 * Loads one category of the Amazon review data (2018, McAuley lab): metadata JSON lines
 * (`asin`, `title`, `brand`, `category` array, `description` string or array; optional) and the
 * ratings: review JSON lines (`reviewerID`, `asin`, `overall` stars, `unixReviewTime` epoch
 * seconds) or a ratings-only CSV (`item,user,rating,timestamp`, no header); gzipped or not.
 *
 * - `brand` is the merchant, normalised by `merchantNormalisation` (default `basic`: "Meredith"
 *   and "Meredith Corporation" are one merchant, shown under the spelling most products carry;
 *   the mapping is in `adapter.merchantNames`). A product with no brand (or a brand with no letter
 *   or digit under `basic`) becomes its own merchant `asin:<asin>`: an unbranded item is most
 *   likely an independent seller, and lumping all of them into one giant "no brand" merchant would
 *   invent a head merchant and distort exposure fairness.
 * - `catalogue` (default `interacted`): only products with at least one loaded rating, and their
 *   merchants; `all` keeps every metadata record. `minUserEvents` drops sparse users first.
 *   `adapter.catalogue` says what was kept and dropped.
 * - `category` = the last (most specific) entry of the category path, `tags` = the whole path.
 * - A repeated asin in the metadata keeps its first valid record (later ones are counted as duplicates).
 * - An empty title becomes the asin; a rating of an asin with no (valid) metadata gets a product
 *   with title = asin and its own merchant (counted in a separate `counts` entry).
 * - HTML in titles is kept as is.
 * - A rejected row names the file's key (`field "asin"`, `"unixReviewTime"`, `"overall"`, or the
 *   CSV's `item` and `user`), its reason saying what the value is (`required (the product id)`).
 *
 * @throws ConfigError for a bad option (before reading), ValidationError at the first bad row in `fail` mode.
 * @example await loadAmazon2018({ reviews: 'Gift_Cards_5.json.gz', meta: 'meta_Gift_Cards.json.gz' }) // 148 products, 2,972 events
 */
export async function loadAmazon2018(files: AmazonFiles, options: MerchantAdapterOptions = {}): Promise<LoadedMarketplace> {
  checkAdapterOptions(options);
  const mode = options.mode ?? 'fail';
  const products = files.meta === undefined ? undefined : await readAmazonMeta(files.meta, mode, options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES);
  const known = new Set<string>();
  for (const p of products?.records ?? []) known.add(p.id);
  const fallback: Product[] = [];
  const events = await readAmazonEvents(files.reviews, mode, options.weights ?? 'binary', (event) => {
    if (known.has(event.productId)) return;
    known.add(event.productId);
    const id = event.productId;
    fallback.push({ id, merchantId: AMAZON_UNBRANDED.idOf(id), title: id, description: '', tags: [], category: '', price: undefined, inStock: true });
  });
  const counts: FileCount[] = products === undefined ? [events.count()] : [products.count(), events.count()];
  if (fallback.length > 0) {
    counts.push({
      entity: 'products',
      source: `${files.reviews} (asins without metadata)`,
      rows: fallback.length,
      loaded: fallback.length,
      rejected: 0,
      duplicates: 0,
    });
  }
  return finishAdapter(
    {
      format: 'amazon-2018',
      products: (products?.records ?? []).concat(fallback),
      events: events.records,
      rejected: { products: products?.rejected ?? [], merchants: [], events: events.rejected, topics: [] },
      counts,
      defaultCatalogue: 'interacted',
      names: AMAZON_UNBRANDED,
    },
    options,
  );
}
