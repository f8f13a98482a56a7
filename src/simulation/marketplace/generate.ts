import { Rng, deriveSeed } from '../../_internal/rng.js';
import type { Event, Merchant, Product, Topic } from '../../schema/entities.js';
import { BACKPACK_ID, generateCatalogue } from './catalogue.js';
import { simulateEvents } from './events.js';
import { paddedId } from './ids.js';
import { parseMarketplaceOptions, type MarketplaceOptionsInput } from './options.js';
import { OLYMPICS_TOPIC_ID, generateTopics } from './topics.js';
import type { MarketplaceTruth } from './truth.js';
import { generateInterests } from './users.js';
import { CATEGORIES, categoryIndex } from './vocabulary.js';

/** A generated marketplace: validated-shape records (timestamps epoch ms) and the ground truth. */
export interface GeneratedMarketplace {
  readonly products: Product[];
  readonly merchants: Merchant[];
  /** Events sorted by timestamp. */
  readonly events: Event[];
  readonly topics: Topic[];
  readonly truth: MarketplaceTruth;
}

/** Combined sport + travel interest from which a user counts as sport/travel-interested. */
export const SPORT_TRAVEL_THRESHOLD = 0.3;

/**
 * Generates a seeded synthetic marketplace (docs/design.md 8): Zipf-sized merchants with
 * tiers, bilingual products, users with latent interests, position-biased events of an incumbent
 * system that favours big merchants, and topic bursts (including the Olympics-backpack story)
 * that lift demand for matching products. Same options, same output, bit for bit; never reads
 * the clock. Throws ConfigError on invalid options.
 *
 * @example generateMarketplace({ seed: 7, users: 50, products: 80, merchants: 10, days: 14 }).truth.backpackId
 * // 'p-olympic-backpack'
 */
export function generateMarketplace(input: MarketplaceOptionsInput = {}): GeneratedMarketplace {
  const options = parseMarketplaceOptions(input);
  const catalogue = generateCatalogue(new Rng(deriveSeed(options.seed, 'catalogue')), options);
  const { products, merchants } = catalogue;
  const nCategories = CATEGORIES.length;
  const interests = generateInterests(options.seed, options.users, nCategories);
  const userIds = Array.from({ length: options.users }, (_, u) => paddedId('u', u, options.users, 4));
  const sport = categoryIndex('sport');
  const travel = categoryIndex('travel');
  const sportTravelUsers = userIds.filter(
    (_, u) => interests[u * nCategories + sport]! + interests[u * nCategories + travel]! >= SPORT_TRAVEL_THRESHOLD,
  );
  const { topics, bursts, matches } = generateTopics(new Rng(deriveSeed(options.seed, 'topics')), products, {
    start: options.start,
    days: options.days,
    resolution: options.topics.resolution,
  });
  const truth: MarketplaceTruth = {
    options,
    categories: CATEGORIES.map((c) => c.id),
    userIds,
    productIds: products.map((p) => p.id),
    interests,
    productCategory: catalogue.productCategory,
    productSecondary: catalogue.productSecondary,
    productQuality: catalogue.productQuality,
    sportTravelUsers,
    backpackId: BACKPACK_ID,
    topicId: OLYMPICS_TOPIC_ID,
    bursts,
  };
  const productIndex = new Map(products.map((p, i) => [p.id, i] as const));
  const topicLinks = topics.map((t) => Int32Array.from(t.productIds.map((id) => productIndex.get(id) ?? -1).filter((i) => i >= 0)));
  // The incumbent feed shows products by their merchant's size (the Matthew effect); the
  // backpack is a forgotten re-listing it hardly knows, so it gets a tenth of that.
  const productWeight = Float64Array.from(catalogue.productMerchant, (m) => Math.pow(catalogue.merchantSize[m]!, options.popularityBias));
  productWeight[catalogue.backpackIndex] = 0.1 * productWeight[catalogue.backpackIndex]!;
  const events = simulateEvents({ truth, products, productWeight, bursts, topicMatches: matches, topicLinks });
  return { products, merchants, events, topics, truth };
}
