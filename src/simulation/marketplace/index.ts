export { generateMarketplace, SPORT_TRAVEL_THRESHOLD, type GeneratedMarketplace } from './generate.js';
export {
  MarketplaceOptionsSchema,
  MarketplaceTopicOptionsSchema,
  parseMarketplaceOptions,
  DEFAULT_MARKETPLACE_START,
  BUNDLED_MARKETPLACE_OPTIONS,
  type MarketplaceOptions,
  type MarketplaceOptionsInput,
} from './options.js';
export {
  trueRelevance,
  truthToJSON,
  truthFromJSON,
  TRUTH_FORMAT,
  MarketplaceTruthJsonSchema,
  type MarketplaceTruth,
  type MarketplaceTruthJson,
  type TopicBurst,
} from './truth.js';
export { BACKPACK_ID } from './catalogue.js';
export { OLYMPICS_TOPIC_ID, TOPIC_SPECS, burstShape, type TopicSpec } from './topics.js';
export { CATEGORIES, type CategoryVocabulary, type BilingualWord, type ProductNoun } from './vocabulary.js';
export { tiersFromSizes } from './tiers.js';
