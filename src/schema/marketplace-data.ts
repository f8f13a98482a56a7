import {
  EventSchema,
  MerchantSchema,
  ProductSchema,
  TopicSchema,
  type Event,
  type EventInput,
  type Merchant,
  type MerchantInput,
  type Product,
  type ProductInput,
  type Topic,
  type TopicInput,
} from './entities.js';
import { validateRecords, type RejectedRecord, type ValidationMode } from './validate.js';

/** Raw marketplace records as a caller supplies them (validated by {@link validateMarketplace}). */
export interface MarketplaceInput {
  readonly products: readonly ProductInput[];
  readonly merchants?: readonly MerchantInput[];
  readonly events?: readonly EventInput[];
  readonly topics?: readonly TopicInput[];
}

/** Validated marketplace records. */
export interface MarketplaceData {
  readonly products: Product[];
  readonly merchants: Merchant[];
  readonly events: Event[];
  readonly topics: Topic[];
}

/** Rejected records per entity, in `collect` mode. */
export interface MarketplaceRejections {
  readonly products: RejectedRecord[];
  readonly merchants: RejectedRecord[];
  readonly events: RejectedRecord[];
  readonly topics: RejectedRecord[];
}

/**
 * Validates every record of a marketplace at the edge. `fail` (default) throws a
 * ValidationError at the first bad record naming `products[3]`, the field and the reason;
 * `collect` keeps the good records and returns the bad ones with their reasons.
 */
export function validateMarketplace(
  input: MarketplaceInput,
  mode: ValidationMode = 'fail',
): { data: MarketplaceData; rejected: MarketplaceRejections } {
  return assembleMarketplace({
    products: validateRecords(ProductSchema, input.products, { source: 'products', mode }),
    merchants: validateRecords(MerchantSchema, input.merchants ?? [], { source: 'merchants', mode }),
    events: validateRecords(EventSchema, input.events ?? [], { source: 'events', mode }),
    topics: validateRecords(TopicSchema, input.topics ?? [], { source: 'topics', mode }),
  });
}

/** The records and rejections of one entity, as a validator or a file loader returns them. */
export interface EntityRecords<T> {
  readonly records: T[];
  readonly rejected: RejectedRecord[];
}

/** Gathers the four entities' records into {@link MarketplaceData} and their rejections alongside. */
export function assembleMarketplace(parts: {
  readonly products: EntityRecords<Product>;
  readonly merchants: EntityRecords<Merchant>;
  readonly events: EntityRecords<Event>;
  readonly topics: EntityRecords<Topic>;
}): { data: MarketplaceData; rejected: MarketplaceRejections } {
  const { products, merchants, events, topics } = parts;
  return {
    data: { products: products.records, merchants: merchants.records, events: events.records, topics: topics.records },
    rejected: { products: products.rejected, merchants: merchants.rejected, events: events.rejected, topics: topics.rejected },
  };
}
