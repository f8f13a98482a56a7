import { z } from 'zod';
import { FormatError } from '../../errors.js';
import { MarketplaceOptionsSchema, type MarketplaceOptions } from './options.js';

/** A topic burst of the generated marketplace: when it starts, peaks and how fast it decays. */
export interface TopicBurst {
  readonly topicId: string;
  /** Burst start, epoch ms (heat is near its baseline before). */
  readonly start: number;
  /** Time of peak heat, epoch ms. */
  readonly peak: number;
  /** Half-life of the decay after the peak, in ms. */
  readonly halfLife: number;
}

/**
 * The generator's ground truth: latent user interests and product attributes, compact (one row
 * of category interests per user, three numbers per product; never a users x products matrix).
 * True relevance comes from {@link trueRelevance}; it does not depend on merchant size.
 */
export interface MarketplaceTruth {
  /** The options the marketplace was generated with (defaults filled in). */
  readonly options: MarketplaceOptions;
  /** Category ids; a category's position here is its index in `productCategory` and `interests`. */
  readonly categories: readonly string[];
  /** User ids by user index (users are not written to a file: they appear in events). */
  readonly userIds: readonly string[];
  /** Product ids by product index (same order as `products`). */
  readonly productIds: readonly string[];
  /** Interests, row-major users x categories; each row sums to about 1 (rounded to 1e-4). */
  readonly interests: Float64Array;
  /** Primary category index per product. */
  readonly productCategory: Int32Array;
  /** Secondary category index per product, or -1; it counts half. */
  readonly productSecondary: Int32Array;
  /** Latent quality per product in [0, 1] (rounded to 1e-3). */
  readonly productQuality: Float64Array;
  /** Ids of users mostly interested in sport or travel (combined interest at least 0.3). */
  readonly sportTravelUsers: readonly string[];
  /** Id of the Beijing-2008 Olympics backpack (a small-tier merchant's product). */
  readonly backpackId: string;
  /** Id of the Olympics-backpack topic. */
  readonly topicId: string;
  /** Every topic's burst. */
  readonly bursts: readonly TopicBurst[];
}

/**
 * True relevance in [0, 1] of product `p` for user `u` (indices):
 * `affinity^0.8 * (0.15 + 0.85 * quality)`, where affinity is the user's interest in the
 * product's category (or half the interest in its secondary category, whichever is larger),
 * divided by the user's largest category interest. Merchant size plays no part.
 *
 * @example trueRelevance(truth, 0, 5) // e.g. 0.62
 */
export function trueRelevance(truth: MarketplaceTruth, u: number, p: number): number {
  const c = truth.categories.length;
  const row = u * c;
  let max = 0;
  for (let k = 0; k < c; k++) {
    const v = truth.interests[row + k]!;
    if (v > max) max = v;
  }
  if (!(max > 0)) return 0;
  const primary = truth.productCategory[p]!;
  const secondary = truth.productSecondary[p]!;
  let interest = truth.interests[row + primary]!;
  if (secondary >= 0) interest = Math.max(interest, 0.5 * truth.interests[row + secondary]!);
  const affinity = Math.min(1, interest / max);
  const quality = truth.productQuality[p]!;
  return Math.pow(affinity, 0.8) * (0.15 + 0.85 * quality);
}

/** Format tag of truth.json. */
export const TRUTH_FORMAT = 'gfp-marketplace-truth';

/** Schema of truth.json ({@link MarketplaceTruthJson}): what {@link truthFromJSON} checks. */
export const MarketplaceTruthJsonSchema = z.object({
  format: z.literal(TRUTH_FORMAT),
  version: z.literal(1),
  options: MarketplaceOptionsSchema,
  categories: z.array(z.string()),
  userIds: z.array(z.string()),
  productIds: z.array(z.string()),
  interests: z.array(z.number()),
  productCategory: z.array(z.number().int()),
  productSecondary: z.array(z.number().int()),
  productQuality: z.array(z.number()),
  sportTravelUsers: z.array(z.string()),
  backpackId: z.string(),
  topicId: z.string(),
  bursts: z.array(
    z.object({ topicId: z.string(), start: z.number(), peak: z.number(), halfLife: z.number() }).strict(),
  ),
});

/** The JSON form of {@link MarketplaceTruth} (plain arrays; what truth.json holds). */
export type MarketplaceTruthJson = z.input<typeof MarketplaceTruthJsonSchema>;

/** Converts the truth to plain JSON-ready data (typed arrays become number arrays). */
export function truthToJSON(truth: MarketplaceTruth): MarketplaceTruthJson {
  return {
    format: TRUTH_FORMAT,
    version: 1,
    options: truth.options,
    categories: [...truth.categories],
    userIds: [...truth.userIds],
    productIds: [...truth.productIds],
    interests: Array.from(truth.interests),
    productCategory: Array.from(truth.productCategory),
    productSecondary: Array.from(truth.productSecondary),
    productQuality: Array.from(truth.productQuality),
    sportTravelUsers: [...truth.sportTravelUsers],
    backpackId: truth.backpackId,
    topicId: truth.topicId,
    bursts: truth.bursts.map((b) => ({ ...b })),
  };
}

/** Reads truth back from {@link truthToJSON}'s output (e.g. parsed truth.json); throws FormatError if malformed. */
export function truthFromJSON(json: unknown): MarketplaceTruth {
  const parsed = MarketplaceTruthJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FormatError(
      `not a marketplace truth file: ${issue === undefined ? 'invalid' : `${issue.path.map(String).join('.') || 'root'}: ${issue.message}`}`,
    );
  }
  const t = parsed.data;
  const users = t.userIds.length;
  const products = t.productIds.length;
  const c = t.categories.length;
  if (t.interests.length !== users * c) throw new FormatError(`truth: interests has ${t.interests.length} values, expected ${users * c}`);
  for (const [name, arr] of [
    ['productCategory', t.productCategory],
    ['productSecondary', t.productSecondary],
    ['productQuality', t.productQuality],
  ] as const) {
    if (arr.length !== products) throw new FormatError(`truth: ${name} has ${arr.length} values, expected ${products}`);
  }
  if (t.productCategory.some((v) => v < 0 || v >= c) || t.productSecondary.some((v) => v < -1 || v >= c)) {
    throw new FormatError('truth: a product category index is out of range');
  }
  return {
    options: t.options,
    categories: t.categories,
    userIds: t.userIds,
    productIds: t.productIds,
    interests: Float64Array.from(t.interests),
    productCategory: Int32Array.from(t.productCategory),
    productSecondary: Int32Array.from(t.productSecondary),
    productQuality: Float64Array.from(t.productQuality),
    sportTravelUsers: t.sportTravelUsers,
    backpackId: t.backpackId,
    topicId: t.topicId,
    bursts: t.bursts,
  };
}
