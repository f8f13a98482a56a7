import { EventSchema, ProductSchema, type Merchant, type Product } from '../../schema/entities.js';
import { DEFAULT_MAX_FIELD_BYTES } from '../field-size.js';
import { RecordSink, type RowPlace, type RowProblem } from '../record-sink.js';
import { fieldSizeProblem } from '../row-record.js';
import { readJsonLines } from '../json-lines.js';
import type { LoadedMarketplace } from '../types.js';
import type { AdapterOptions } from './adapter-options.js';
import { isRatingProblem, ratingEvent } from './rating-event.js';

/** Prefix of the merchant id of an unbranded product: `asin:<asin>`. */
export const UNBRANDED_MERCHANT_PREFIX = 'asin:';

/** Files of one Amazon review 2018 category. */
export interface AmazonFiles {
  /** Reviews as JSON lines, e.g. `Gift_Cards_5.json.gz` (gzipped when the name ends in `.gz`). */
  readonly reviews: string;
  /** Product metadata as JSON lines, e.g. `meta_Gift_Cards.json.gz`. */
  readonly meta: string;
}

type JsonObject = Record<string, unknown>;

/** Parses JSON lines into objects; blank lines are skipped, bad lines rejected through `sink`. */
async function* jsonLines(
  path: string,
  sink: RecordSink<typeof ProductSchema> | RecordSink<typeof EventSchema>,
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
 * Loads one category of the Amazon review data (2018, McAuley lab): metadata JSON lines
 * (`asin`, `title`, `brand`, `category` array, `description` string or array) and review JSON
 * lines (`reviewerID`, `asin`, `overall` stars, `unixReviewTime` epoch seconds), gzipped or not.
 *
 * - `brand` (trimmed) is the merchant. A product with no brand becomes its own merchant
 *   `asin:<asin>`: an unbranded item is most likely an independent seller, and lumping all of
 *   them into one giant "no brand" merchant would invent a head merchant and distort exposure
 *   fairness.
 * - `category` = the last (most specific) entry of the category path, `tags` = the whole path.
 * - A repeated asin in the metadata keeps its first valid record (later ones are counted as duplicates).
 * - An empty title becomes the asin; a review of an asin with no (valid) metadata gets a product
 *   with title = asin and its own merchant (counted in a separate `counts` entry).
 * - HTML in titles is kept as is.
 */
export async function loadAmazon2018(files: AmazonFiles, options: AdapterOptions = {}): Promise<LoadedMarketplace> {
  const mode = options.mode ?? 'fail';
  const maxBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const weights = options.weights ?? 'binary';
  const products = new RecordSink(ProductSchema, 'products', files.meta, mode);
  const known = new Set<string>();
  for await (const { value, place } of jsonLines(files.meta, products)) {
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
    const problems: RowProblem[] = [];
    for (const field of ['title', 'description'] as const) {
      const big = fieldSizeProblem(field, raw[field] as string, maxBytes);
      if (big !== undefined) {
        problems.push(big);
        raw[field] = big.value as string;
      }
    }
    if (problems.length > 0) {
      products.reject(raw, place, problems);
      continue;
    }
    const product = products.accept(raw, place, false);
    if (product === undefined) continue;
    if (known.has(product.id)) {
      products.duplicate();
      continue;
    }
    known.add(product.id);
    products.records.push(product);
  }

  const events = new RecordSink(EventSchema, 'events', files.reviews, mode);
  const fallback: Product[] = [];
  for await (const { value, place } of jsonLines(files.reviews, events)) {
    const raw = ratingEvent(value['reviewerID'], value['asin'], value['overall'], value['unixReviewTime'], weights);
    if (isRatingProblem(raw)) {
      events.reject(value, place, [raw]);
      continue;
    }
    const event = events.accept(raw, place, false);
    if (event === undefined) continue;
    if (!known.has(event.productId)) {
      known.add(event.productId);
      const id = event.productId;
      fallback.push({ id, merchantId: `${UNBRANDED_MERCHANT_PREFIX}${id}`, title: id, description: '', tags: [], category: '', price: undefined, inStock: true });
    }
    events.records.push(event);
  }

  const allProducts = products.records.concat(fallback);
  const counts = [products.count(), events.count()];
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
  return {
    format: 'amazon-2018',
    data: { products: allProducts, merchants: merchantsOf(allProducts), events: events.records, topics: [] },
    rejected: { products: products.rejected, merchants: [], events: events.rejected, topics: [] },
    counts,
  };
}

/** One merchant per distinct merchant id: brands named after themselves, unbranded ones unnamed. */
function merchantsOf(products: readonly Product[]): Merchant[] {
  const out: Merchant[] = [];
  const seen = new Set<string>();
  for (const p of products) {
    if (seen.has(p.merchantId)) continue;
    seen.add(p.merchantId);
    out.push({ id: p.merchantId, name: p.merchantId.startsWith(UNBRANDED_MERCHANT_PREFIX) ? '' : p.merchantId });
  }
  return out;
}
