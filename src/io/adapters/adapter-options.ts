import type { LoadMode } from '../types.js';

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
}

/** Options of the MovieLens adapters. */
export interface MovieLensOptions extends AdapterOptions {
  /**
   * Who "sells" a movie: `single` puts every movie under one merchant `movielens`; `genre`
   * makes each movie's first genre its merchant (`unknown` when it has none). @default 'single'
   */
  readonly merchant?: 'single' | 'genre';
}
