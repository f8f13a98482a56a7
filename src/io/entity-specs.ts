import type { z } from 'zod';
import { EventSchema, MerchantSchema, ProductSchema, TopicSchema } from '../schema/entities.js';
import type { RowProblem } from './record-sink.js';
import { parseHeatCell, splitIdList } from './topic-fields.js';
import type { EntityName } from './types.js';

/** How rows of one entity are read: its schema, fields, required fields and a pre-validation step. */
export interface EntitySpec<S extends z.core.$ZodType = z.core.$ZodType> {
  readonly entity: EntityName;
  readonly schema: S;
  /** Field names in the order of the marketplace CSV format. */
  readonly fields: readonly string[];
  /** Fields whose empty cell is kept as `''` (so the schema names the problem) instead of meaning absent. */
  readonly required: ReadonlySet<string>;
  /**
   * Optional fields whose schema (a `z.unknown().transform`) zod 4 treats as a required key:
   * an absent value is passed as an explicit `undefined` so that it parses as absent.
   */
  readonly presentWhenAbsent: readonly string[];
  /** Turns cell strings into the shapes the schema wants (e.g. topic heat) in place; returns a problem or `undefined`. */
  readonly prepare?: (record: Record<string, unknown>) => RowProblem | undefined;
  /** The id field whose values must be unique within a file, and how to name it (`product id`). */
  readonly unique?: { readonly field: string; readonly what: string };
}

/** Products: `id,merchantId,title,description,tags,category,price,createdAt,inStock`. */
export const PRODUCT_SPEC: EntitySpec<typeof ProductSchema> = {
  entity: 'products',
  schema: ProductSchema,
  fields: ['id', 'merchantId', 'title', 'description', 'tags', 'category', 'price', 'createdAt', 'inStock'],
  required: new Set(['id', 'merchantId', 'title']),
  presentWhenAbsent: ['price'],
  unique: { field: 'id', what: 'product id' },
};

/** Merchants: `id,name,tier,joinedAt`. */
export const MERCHANT_SPEC: EntitySpec<typeof MerchantSchema> = {
  entity: 'merchants',
  schema: MerchantSchema,
  fields: ['id', 'name', 'tier', 'joinedAt'],
  required: new Set(['id']),
  presentWhenAbsent: [],
  unique: { field: 'id', what: 'merchant id' },
};

/** Events: `userId,productId,type,timestamp,weight,position,surface,sessionId`. */
export const EVENT_SPEC: EntitySpec<typeof EventSchema> = {
  entity: 'events',
  schema: EventSchema,
  fields: ['userId', 'productId', 'type', 'timestamp', 'weight', 'position', 'surface', 'sessionId'],
  required: new Set(['userId', 'productId', 'type', 'timestamp']),
  presentWhenAbsent: ['weight', 'position'],
};

/** Topics: `id,text,tags,productIds,region,heat`; heat and productIds given as strings are parsed first. */
export const TOPIC_SPEC: EntitySpec<typeof TopicSchema> = {
  entity: 'topics',
  schema: TopicSchema,
  fields: ['id', 'text', 'tags', 'productIds', 'region', 'heat'],
  required: new Set(['id', 'text']),
  presentWhenAbsent: [],
  // No unique ids: rows of one topic id are merged at fit (heat observations combined), as in observe().
  prepare(record) {
    if (typeof record['heat'] === 'string') {
      const heat = parseHeatCell(record['heat']);
      if (!Array.isArray(heat)) return heat;
      record['heat'] = heat;
    }
    if (typeof record['productIds'] === 'string') record['productIds'] = splitIdList(record['productIds']);
    return undefined;
  },
};

/** The spec of each entity. */
export const ENTITY_SPECS = {
  products: PRODUCT_SPEC,
  merchants: MERCHANT_SPEC,
  events: EVENT_SPEC,
  topics: TOPIC_SPEC,
} as const;

/** Sets the spec's `presentWhenAbsent` fields that `record` lacks to `undefined` (in place). */
export function fillAbsent(spec: EntitySpec, record: Record<string, unknown>): void {
  for (const field of spec.presentWhenAbsent) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) record[field] = undefined;
  }
}
