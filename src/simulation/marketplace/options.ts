import { z } from 'zod';
import { parseConfig } from '../../_internal/parse-config.js';

/** Default start of the simulated time span: 2026-06-01T00:00:00Z in epoch ms (never the clock). */
export const DEFAULT_MARKETPLACE_START = Date.UTC(2026, 5, 1);

/** Topic settings of the synthetic marketplace. */
export const MarketplaceTopicOptionsSchema = z
  .object({
    /** Spacing of the heat observations: one count per hour or per day. @default 'hour' */
    resolution: z.enum(['hour', 'day']).default('hour'),
    /**
     * Probability, at full heat, that a session of a fully interested user gets one slate slot
     * filled with a product matching the topic (the demand lift in impressions). @default 0.9
     */
    slotRate: z.number().min(0).max(1).default(0.9),
    /** Click-through lift of matching products at full heat: relevance x (1 + demandLift x heat). @default 1 */
    demandLift: z.number().min(0).max(10).default(1),
  })
  .strict();

/** Options of {@link generateMarketplace}; every field has a default. */
export const MarketplaceOptionsSchema = z
  .object({
    /** Base seed; everything random derives from it. @default 42 */
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    /** Number of users. @default 300 */
    users: z.number().int().min(1).max(1_000_000).default(300),
    /** Number of products (at least the number of merchants). @default 400 */
    products: z.number().int().min(1).max(5_000_000).default(400),
    /** Number of merchants (each holds at least one product). @default 40 */
    merchants: z.number().int().min(1).max(1_000_000).default(40),
    /** Length of the simulated time span in days. @default 30 */
    days: z.number().int().min(2).max(3650).default(30),
    /** Start of the time span, epoch ms. @default 2026-06-01T00:00:00Z */
    start: z.number().int().min(0).default(DEFAULT_MARKETPLACE_START),
    /** Zipf exponent of merchant sizes (products per merchant ~ rank^-s); 0 gives equal sizes. @default 1.1 */
    zipfExponent: z.number().min(0).max(5).default(1.1),
    /** Mean number of events per user over the span (sessions are drawn until a user's budget is used). @default 16 */
    eventsPerUser: z.number().positive().max(100_000).default(16),
    /** Impressions per session slate. @default 6 */
    slateSize: z.number().int().min(1).max(100).default(6),
    /**
     * Popularity bias of the incumbent system: a product is shown with weight
     * (products of its merchant)^popularityBias; 0 means no bias toward big merchants. @default 1
     */
    popularityBias: z.number().min(0).max(5).default(1),
    /** Topic settings. */
    topics: MarketplaceTopicOptionsSchema.prefault({}),
  })
  .strict()
  .refine((o) => o.merchants <= o.products, { error: 'merchants must not exceed products', path: ['merchants'] });

/** Options as a caller may give them (all optional). */
export type MarketplaceOptionsInput = z.input<typeof MarketplaceOptionsSchema>;
/** Options with every default filled in. */
export type MarketplaceOptions = z.output<typeof MarketplaceOptionsSchema>;

/**
 * Validates generator options and fills defaults; throws a ConfigError naming the key.
 *
 * @example parseMarketplaceOptions({ seed: 7 }).users // 300
 */
export function parseMarketplaceOptions(input: unknown = {}): MarketplaceOptions {
  return parseConfig('marketplace', MarketplaceOptionsSchema, input);
}

/**
 * Generator options of the bundled marketplace, fixtures/marketplace (its truth.json stores them):
 * 300 users, 400 products, 40 merchants, 30 days from 2026-06-01T00:00:00Z, seed 42.
 * `npm run make-fixtures` writes it; `gfp demo` generates it in memory outside the repository.
 */
export const BUNDLED_MARKETPLACE_OPTIONS: Readonly<MarketplaceOptionsInput> = Object.freeze({
  seed: 42,
  users: 300,
  products: 400,
  merchants: 40,
  days: 30,
  start: Date.UTC(2026, 5, 1),
});
