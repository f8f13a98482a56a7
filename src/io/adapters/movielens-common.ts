import type { Merchant } from '../../schema/entities.js';
import { EventSchema, ProductSchema } from '../../schema/entities.js';
import { RecordSink, type RowPlace, type RowProblem } from '../record-sink.js';
import { DEFAULT_MAX_FIELD_BYTES } from '../field-size.js';
import type { LoadedMarketplace } from '../types.js';
import type { AdapterOptions, MovieLensOptions } from './adapter-options.js';
import { finishAdapter } from './finish-adapter.js';
import { addProduct } from './add-product.js';
import { isRatingProblem, ratingEvent } from './rating-event.js';

/** Merchant id of every movie with `merchant: 'single'`. */
export const MOVIELENS_MERCHANT_ID = 'movielens';

/** Merchant id of a movie with no genre under `merchant: 'genre'`. */
export const NO_GENRE_MERCHANT_ID = 'unknown';

/** Collects movies (products) of one MovieLens item file, first occurrence of an id wins. */
export class MovieSink {
  readonly sink: RecordSink<typeof ProductSchema>;
  readonly #seen = new Set<string>();
  readonly #merchant: 'single' | 'genre';
  readonly #maxBytes: number;

  constructor(source: string, options: MovieLensOptions) {
    this.sink = new RecordSink(ProductSchema, 'products', source, options.mode ?? 'fail');
    this.#merchant = options.merchant ?? 'single';
    this.#maxBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  }

  /** Adds a movie: category = first genre, tags = genres, merchant per the `merchant` option. */
  add(id: string, title: string, genres: readonly string[], place: RowPlace): void {
    const first = genres[0];
    const raw = {
      id,
      merchantId: this.#merchant === 'single' ? MOVIELENS_MERCHANT_ID : (first ?? NO_GENRE_MERCHANT_ID),
      title,
      tags: [...genres],
      category: first ?? '',
      price: undefined,
    };
    addProduct(this.sink, raw, place, this.#seen, this.#maxBytes);
  }

  /** True when a movie with this id was loaded. */
  has(id: string): boolean {
    return this.#seen.has(id);
  }

  /** Merchants of the loaded movies, in first-seen order, named after themselves. */
  merchants(): Merchant[] {
    const ids = new Set<string>();
    for (const p of this.sink.records) ids.add(p.merchantId);
    return [...ids].map((id) => ({ id, name: id === MOVIELENS_MERCHANT_ID ? 'MovieLens' : id }));
  }
}

/** Collects rating events of one ratings file; events of items not in the item file are rejected. */
export class RatingSink {
  readonly sink: RecordSink<typeof EventSchema>;
  readonly #weights: 'binary' | 'rating';

  /** `itemNoun` names the item id in the rejection reason (`movie id not in u.item`). */
  constructor(
    source: string,
    options: AdapterOptions,
    readonly movies: { has(id: string): boolean },
    readonly itemFile: string,
    readonly itemNoun = 'movie id',
  ) {
    this.sink = new RecordSink(EventSchema, 'events', source, options.mode ?? 'fail');
    this.#weights = options.weights ?? 'binary';
  }

  /** Adds one rating given as strings (user, item, rating, timestamp in epoch seconds or ms). */
  add(user: string, movie: string, rating: string, timestamp: string | number, place: RowPlace): void {
    const raw = ratingEvent(user, movie, rating, timestamp, this.#weights);
    if (isRatingProblem(raw)) {
      this.sink.reject({ userId: user, productId: movie, rating, timestamp }, place, [raw]);
      return;
    }
    const event = this.sink.accept(raw, place, false);
    if (event === undefined) return;
    if (!this.movies.has(event.productId)) {
      this.sink.rejectAccepted(raw, place, [
        { field: 'productId', value: event.productId, reason: `${this.itemNoun} not in ${this.itemFile}` },
      ]);
      return;
    }
    this.sink.records.push(event);
  }
}

/** Rejects a row whose field count is wrong; returns true when it did. */
export function rejectFieldCount(
  sink: RecordSink<typeof ProductSchema> | RecordSink<typeof EventSchema>,
  parts: readonly string[],
  expected: number,
  place: RowPlace,
  unit: 'fields' | 'columns' = 'fields',
): boolean {
  if (parts.length === expected) return false;
  const problem: RowProblem = { field: '', reason: `expected ${expected} ${unit}, got ${parts.length}` };
  sink.reject(parts, place, [problem]);
  return true;
}

/**
 * Assembles the adapter result from a movie sink and a rating sink, through the common adapter
 * end (`minUserEvents`, `catalogue`: default `all`, since MovieLens movie files list only movies
 * with ratings or tags).
 */
export function movieLensResult(
  format: LoadedMarketplace['format'],
  movies: MovieSink,
  ratings: RatingSink,
  options: MovieLensOptions,
): LoadedMarketplace {
  return finishAdapter(
    {
      format,
      products: movies.sink.records,
      merchants: movies.merchants(),
      events: ratings.sink.records,
      rejected: { products: movies.sink.rejected, merchants: [], events: ratings.sink.rejected, topics: [] },
      counts: [movies.sink.count(), ratings.sink.count()],
      defaultCatalogue: 'all',
    },
    options,
  );
}
