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
import { safeParseEnglish } from '../_internal/zod-english.js';
import { DataError, ValidationError } from '../errors.js';
import { validatedIdProblem } from './id.js';
import { validateRecords, type RejectedRecord, type ValidationMode, type ValidationResult } from './validate.js';

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
 * `collect` keeps the good records and returns the bad ones with their reasons. A product or
 * merchant id given twice is a bad record (the first one wins in `collect` mode).
 */
export function validateMarketplace(
  input: MarketplaceInput,
  mode: ValidationMode = 'fail',
): { data: MarketplaceData; rejected: MarketplaceRejections } {
  return assembleMarketplace({
    products: uniqueIds(validateRecords(ProductSchema, input.products, { source: 'products', mode }), 'products', 'product', mode),
    merchants: uniqueIds(validateRecords(MerchantSchema, input.merchants ?? [], { source: 'merchants', mode }), 'merchants', 'merchant', mode),
    events: validateRecords(EventSchema, input.events ?? [], { source: 'events', mode }),
    // Topics may repeat an id: their rows are merged at fit (heat observations combined).
    topics: validateRecords(TopicSchema, input.topics ?? [], { source: 'topics', mode }),
  });
}

/**
 * Refuses repeated ids among validated records (positions as in the input, rejected records
 * skipped): `fail` throws a ValidationError naming both positions, `collect` keeps the first and
 * rejects the others with the reason.
 */
function uniqueIds<T extends { readonly id: string }>(
  result: ValidationResult<T>,
  source: string,
  what: string,
  mode: ValidationMode,
): ValidationResult<T> {
  const rejectedAt = new Set(result.rejected.map((r) => r.index));
  const first = new Map<string, number>();
  const records: T[] = [];
  const rejected = [...result.rejected];
  let next = 0;
  for (const record of result.records) {
    while (rejectedAt.has(next)) next++;
    const index = next++;
    const earlier = first.get(record.id);
    if (earlier === undefined) {
      first.set(record.id, index);
      records.push(record);
      continue;
    }
    const issue = { source, index, field: 'id', value: record.id, reason: `duplicate ${what} id (the first is at ${source}[${earlier}]; ids must be unique)` };
    if (mode === 'fail') throw new ValidationError([issue]);
    rejected.push({ index, raw: record, issues: [issue] });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { records, rejected };
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

/** Throws the DataError of a record that skipped validation: where, the record and field, and the remedy. */
function unvalidated(where: string, at: string, problem: string): never {
  throw new DataError(`${where}: ${at}: ${problem}; validate the records first (validateMarketplace, or fit(), which does)`);
}

/**
 * Checks the ids of records said to be validated (`Recommender.fitRecords`): every product,
 * merchant and topic id, topic product link, and event user and product id must be what
 * validation leaves (see `validatedIdProblem`), so one merchant is not two (`" shop-x "` and
 * `"shop-x"`) and a fitted model holds no id its model file would refuse. O(records), no copies.
 * The rest of a catalogue record is checked when a model file is written ({@link checkCatalogueRecords}).
 * @throws DataError naming the record and field, e.g. `products[75].merchantId`.
 */
export function checkValidatedIds(data: MarketplaceData, where: string): void {
  const id = (value: unknown, at: string): void => {
    const problem = validatedIdProblem(value);
    if (problem !== undefined) unvalidated(where, at, problem);
  };
  data.products.forEach((p, i) => {
    id(p.id, `products[${i}].id`);
    id(p.merchantId, `products[${i}].merchantId`);
  });
  data.merchants.forEach((m, i) => id(m.id, `merchants[${i}].id`));
  data.topics.forEach((t, i) => {
    id(t.id, `topics[${i}].id`);
    t.productIds.forEach((p, k) => id(p, `topics[${i}].productIds[${k}]`));
  });
  const events = data.events;
  for (let i = 0; i < events.length; i++) {
    id(events[i]!.userId, `events[${i}].userId`);
    id(events[i]!.productId, `events[${i}].productId`);
  }
}

/**
 * Checks catalogue records against the schemas a model file is read with, so a model is never
 * written to a file it would refuse (records given to `fitRecords` skip validation). About 4.5 µs
 * a product: paid on saving, not on every fit.
 * @throws DataError naming the record and field, e.g. `products[2].title`.
 */
export function checkCatalogueRecords(data: { readonly products: readonly unknown[]; readonly merchants: readonly unknown[]; readonly topics: readonly unknown[] }, where: string): void {
  const entities = [['products', ProductSchema, data.products], ['merchants', MerchantSchema, data.merchants], ['topics', TopicSchema, data.topics]] as const;
  for (const [name, schema, records] of entities) {
    records.forEach((r, i) => {
      const parsed = safeParseEnglish(schema, r);
      if (parsed.success) return;
      const issue = parsed.error.issues[0];
      unvalidated(where, `${name}[${i}]${issue === undefined || issue.path.length === 0 ? '' : `.${issue.path.map(String).join('.')}`}`, issue?.message ?? 'invalid');
    });
  }
}
