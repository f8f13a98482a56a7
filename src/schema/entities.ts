import * as z from 'zod/mini';
import { IdSchema } from './id.js';
import { TimestampSchema } from './timestamp.js';

/** Event types the library knows, with default weights in `DEFAULT_TYPE_WEIGHTS`. */
export const KNOWN_EVENT_TYPES = ['impression', 'view', 'click', 'like', 'share', 'cart', 'purchase'] as const;

/** A known event type. */
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

/** Merchant size tiers (docs/design.md, tiers). */
export const TIERS = ['head', 'mid', 'small'] as const;

/** A merchant tier. */
export type Tier = (typeof TIERS)[number];

const MAX_TEXT = 100_000;

/**
 * Largest accepted event weight: weights are relative to a view's 1 (a purchase weighs 6 by
 * default), so a million leaves room for value-weighted events while sums of decayed weights stay
 * far from the float32 limit of the interaction matrix (3.4e38).
 */
export const MAX_EVENT_WEIGHT = 1_000_000;

/** Largest accepted count of one topic heat observation (mentions or searches). */
export const MAX_HEAT_COUNT = 1e12;

/** Longest topic text, in UTF-16 code units. */
export const MAX_TOPIC_TEXT = 2000;

const optionalText = (max: number) =>
  z.pipe(
    z.optional(z.string({ error: 'expected a string' }).check(z.maxLength(max, { error: `longer than ${max} characters` }))),
    z.transform((v) => v ?? ''),
  );

/** Tags: an array of strings, or one string split on `|`, `,` or `;` (as CSV files carry them). */
const TagsSchema = z.pipe(
  z.optional(z.union([z.array(z.string()), z.string()], { error: 'expected an array of strings or a "|"-separated string' })),
  z.transform((v): string[] => {
    if (v === undefined) return [];
    const parts = typeof v === 'string' ? v.split(/[|,;]/) : v;
    return parts.map((t) => t.trim()).filter((t) => t.length > 0);
  }),
);

const BooleanLike = z.pipe(
  z.optional(
    z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'TRUE', 'FALSE', ''])], {
      error: 'expected a boolean (true/false/1/0/yes/no)',
    }),
  ),
  z.transform((v) => (v === undefined || v === '' ? true : v === true || v === 'true' || v === 'TRUE' || v === '1' || v === 'yes')),
);

/**
 * A decimal number as text: optional sign, digits with an optional fraction (or a fraction alone),
 * optional exponent. `Number()` alone would also read `0x10`, `0b11` and `0o17`.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a number or decimal numeric string; `undefined` for absent or empty when `optional`. */
function numberField(optional: boolean) {
  return z.pipe(
    z.unknown(),
    z.transform((v, ctx): number | undefined => {
      if (optional && (v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))) return undefined;
      const text = typeof v === 'string' ? v.trim() : '';
      const n = typeof v === 'number' ? v : DECIMAL.test(text) ? Number(text) : Number.NaN;
      if (!Number.isFinite(n)) {
        const message = v === undefined ? 'required' : typeof v === 'string' && /^[+-]?0[xXbBoO]/.test(text) ? 'expected a decimal number (hex, binary and octal are not read)' : 'expected a finite number';
        ctx.issues.push({ code: 'custom', message, input: v });
        return z.NEVER;
      }
      return n;
    }),
  );
}

/** A required number given as a number or a numeric string (CSV cells are strings). */
const NumberLike = z.pipe(
  numberField(false),
  z.transform((v) => v as number),
);

/** An optional number where an empty CSV cell means absent. */
const optionalNumber = z.optional(numberField(true));

/** An optional timestamp where an empty CSV cell means absent. */
const optionalTimestamp = z.optional(
  z.pipe(
    z.transform((v: unknown) => (v === '' ? undefined : v)),
    z.optional(TimestampSchema),
  ),
);

/** A string of at most `max` characters, or absent. */
const optionalString = (max: number) => z.optional(z.string({ error: 'expected a string' }).check(z.maxLength(max, { error: `longer than ${max} characters` })));

/** A product: what goods-find-people ranks. Text fields feed the content and trending signals. */
export const ProductSchema = z.object({
  id: IdSchema,
  merchantId: IdSchema,
  title: z
    .string({ error: 'expected a string' })
    .check(z.trim(), z.minLength(1, { error: 'expected a non-empty title' }), z.maxLength(2000, { error: 'longer than 2000 characters' })),
  description: optionalText(MAX_TEXT),
  tags: TagsSchema,
  category: optionalText(1000),
  price: optionalNumber.check(z.refine((v) => v === undefined || v >= 0, { error: 'expected a non-negative price' })),
  createdAt: optionalTimestamp,
  inStock: BooleanLike,
});

/** A validated product (timestamps in epoch ms). */
export type Product = z.output<typeof ProductSchema>;
/** A product as a caller may supply it. */
export type ProductInput = z.input<typeof ProductSchema>;

/** A merchant; `tier` may be given or derived from interaction share. */
export const MerchantSchema = z.object({
  id: IdSchema,
  name: optionalText(1000),
  tier: z.optional(
    z.union(
      [
        z.enum(TIERS),
        z.pipe(
          z.literal(''),
          z.transform(() => undefined),
        ),
      ],
      { error: 'expected one of head, mid, small' },
    ),
  ),
  joinedAt: optionalTimestamp,
});

/** A validated merchant. */
export type Merchant = z.output<typeof MerchantSchema>;
/** A merchant as a caller may supply it. */
export type MerchantInput = z.input<typeof MerchantSchema>;

/** Event type: a known type or a custom lower-case name (a custom type needs a weight somewhere). */
export const EventTypeSchema = z.string({ error: 'expected an event type string' }).check(
  z.trim(),
  z.regex(/^[a-z][a-z0-9_-]{0,63}$/, {
    error: 'expected a lower-case event type such as view, click, cart, purchase or a custom name',
  }),
);

/** A user-product interaction. */
export const EventSchema = z.object({
  userId: IdSchema,
  productId: IdSchema,
  type: EventTypeSchema,
  timestamp: TimestampSchema,
  weight: optionalNumber.check(
    z.refine((v) => v === undefined || v >= 0, { error: 'expected a non-negative weight' }),
    z.refine((v) => v === undefined || v <= MAX_EVENT_WEIGHT, { error: `weight above the maximum of ${MAX_EVENT_WEIGHT}` }),
  ),
  position: optionalNumber.check(
    z.refine((v) => v === undefined || (Number.isInteger(v) && v >= 1), {
      error: 'expected a 1-based integer position',
    }),
  ),
  surface: optionalString(200),
  sessionId: optionalString(256),
});

/** A validated event (timestamp in epoch ms). */
export type Event = z.output<typeof EventSchema>;
/** An event as a caller may supply it. */
export type EventInput = z.input<typeof EventSchema>;

/** One heat observation of a topic: `count` mentions/searches at `timestamp`. */
export const HeatObservationSchema = z.object({
  timestamp: TimestampSchema,
  count: NumberLike.check(
    z.refine((v) => v >= 0, { error: 'expected a non-negative count' }),
    z.refine((v) => v <= MAX_HEAT_COUNT, {
      error: `count above the maximum of ${MAX_HEAT_COUNT}`,
    }),
  ),
});

/** A validated heat observation. */
export type HeatObservation = z.output<typeof HeatObservationSchema>;

/** A hot-search topic or event, in any language, with its heat over time. */
export const TopicSchema = z.object({
  id: IdSchema,
  text: z
    .string({ error: 'expected a string' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'expected non-empty topic text' }),
      z.maxLength(MAX_TOPIC_TEXT, { error: `longer than ${MAX_TOPIC_TEXT} characters (the limit of a topic text)` }),
    ),
  heat: z.pipe(
    z.optional(z.array(HeatObservationSchema)),
    z.transform((v) => v ?? []),
  ),
  productIds: z.pipe(
    z.optional(z.array(IdSchema)),
    z.transform((v) => v ?? []),
  ),
  tags: TagsSchema,
  region: optionalString(100),
});

/** A validated topic. */
export type Topic = z.output<typeof TopicSchema>;
/** A topic as a caller may supply it. */
export type TopicInput = z.input<typeof TopicSchema>;
