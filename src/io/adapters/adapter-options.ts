import type { LoadMode } from '../types.js';
import type { CatalogueMode } from './adapter-report.js';
import type { MerchantNameOptions } from './merchant-names.js';

/** Options every real-dataset adapter takes. */
export interface AdapterOptions {
  /** Bad-row policy. @default 'fail' */
  readonly mode?: LoadMode;
  /**
   * Event weight: `binary` gives every rating weight 1 (implicit feedback: "rated it");
   * `rating` uses the star rating itself. Events have type `rating` and always carry a weight,
   * so no type-weight config is needed. @default 'binary'
   */
  readonly weights?: 'binary' | 'rating';
  /** Longest accepted field, in UTF-8 bytes. @default 1048576 */
  readonly maxFieldBytes?: number;
  /**
   * Which products make the catalogue: `interacted` keeps only products at least one loaded event
   * names (after `minUserEvents`), and the merchants of those; `all` keeps every product record.
   * `interacted` shows merchants as users see them: a merchant none of whose products anybody
   * interacted with is invisible to users, and counting it would make exposure-fairness figures
   * about a catalogue nobody sees. Use `all` to fit a catalogue for serving.
   * @default 'interacted' for Amazon and Book-Crossing (their product files list far more than
   * was ever rated: Amazon gift cards 1,547 products, 148 reviewed); 'all' for MovieLens (its
   * movie files list only movies with ratings or tags already)
   */
  readonly catalogue?: CatalogueMode;
  /**
   * Drop users with fewer loaded events than this, with their events (before the catalogue is
   * restricted). Positive integer. @default no restriction
   */
  readonly minUserEvents?: number;
}

/** Options of the MovieLens adapters. */
export interface MovieLensOptions extends AdapterOptions {
  /**
   * Who "sells" a movie: `single` puts every movie under one merchant `movielens`; `genre`
   * makes each movie's first genre its merchant (`unknown` when it has none). @default 'single'
   */
  readonly merchant?: 'single' | 'genre';
}

/** Options of the adapters whose merchants are brand or publisher names (Amazon 2018, Book-Crossing). */
export interface MerchantAdapterOptions extends AdapterOptions, MerchantNameOptions {}
