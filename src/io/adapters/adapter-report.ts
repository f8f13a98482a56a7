/** Which products a real-data adapter keeps in the catalogue. */
export type CatalogueMode = 'interacted' | 'all';

/** What the `catalogue` option did: the mode and what it dropped. */
export interface CatalogueReport {
  /** `interacted`: only products with at least one loaded event; `all`: every product record. */
  readonly mode: CatalogueMode;
  /** Products and merchants kept. */
  readonly products: number;
  readonly merchants: number;
  /** Products left out because no loaded event names them (0 under `all`). */
  readonly productsDropped: number;
  /** Merchants left out because none of their products is kept (0 under `all`). */
  readonly merchantsDropped: number;
}

/** What the `minUserEvents` option did. */
export interface SparseUsersReport {
  /** Users with fewer loaded events than this were dropped with their events. */
  readonly minUserEvents: number;
  readonly usersDropped: number;
  readonly eventsDropped: number;
}

/** One raw spelling of a merchant name and how many products carry it. */
export interface MerchantSpelling {
  /** The string as read (trimmed). */
  readonly raw: string;
  /** Products read with this spelling (before the catalogue and user restrictions). */
  readonly products: number;
}

/** One merchant and the raw spellings normalisation mapped to it. */
export interface MerchantNameGroup {
  /** The merchant id shown to users: the spelling most products carry (ties: the first read), white space collapsed. */
  readonly merchant: string;
  /** Caller-given tier, when one of the spellings has one. */
  readonly tier?: 'head' | 'mid' | 'small';
  /** Spellings, most products first (ties in reading order). */
  readonly spellings: readonly MerchantSpelling[];
}

/** What merchant-name normalisation did. */
export interface MerchantNamesReport {
  /** The rule used: `none`, `basic` or `custom` (a caller's function). */
  readonly normalisation: 'none' | 'basic' | 'custom';
  /** Distinct raw merchant strings read. */
  readonly rawNames: number;
  /** Merchants they became. */
  readonly merchants: number;
  /** Products without a merchant string: each is its own merchant (see the adapter). */
  readonly unnamedProducts: number;
  /** Every merchant with its spellings, merchants with several spellings first, then by products. */
  readonly groups: readonly MerchantNameGroup[];
}

/**
 * What a real-data adapter did beyond reading rows: the catalogue kept, users dropped, merchant
 * names merged, and whether the events carry real times.
 */
export interface AdapterReport {
  readonly catalogue: CatalogueReport;
  /** Present when `minUserEvents` was given. */
  readonly users?: SparseUsersReport;
  /** Present for adapters whose merchants are names (Amazon brands, Book-Crossing publishers). */
  readonly merchantNames?: MerchantNamesReport;
  /**
   * `recorded`: events carry the data's own times. `none`: the data has no times and every
   * event carries the constant `syntheticTimestamp`; temporal and leave-last-n splits mean nothing on it.
   */
  readonly timestamps: 'recorded' | 'none';
  /** The constant time (epoch ms) given to every event when `timestamps` is `none`. */
  readonly syntheticTimestamp?: number;
}
