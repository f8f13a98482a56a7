export {
  createRecommender,
  Recommender,
  type ObserveResult,
  type RecommendOptions,
  type SimilarOptions,
} from './recommender.js';
export {
  DEFAULT_SIGNALS,
  parseRecommenderConfig,
  RecommenderConfigSchema,
  SignalSpecSchema,
  type RecommenderConfig,
  type RecommenderConfigInput,
  type SignalSpecInput,
} from './config.js';
export { BlendScratch, NORMALISATIONS, normaliseScores, type Normalisation } from './normalise.js';
export { SIGNAL_FACTORIES, type SignalFactory } from './signal-registry.js';
export type { PlacementStage, Slate, SlateItem, SlateTrace, TraceItem } from './slate.js';
export type { UserHistory } from './user-history.js';
export { loadRecommender, MODEL_FORMAT, MODEL_VERSION, recommenderToBinary, recommenderToJSON, type ModelFileJson } from './model-file.js';
export { explainSlate, type DetailLookup, type ItemExplanation, type SignalPart, type SlateExplanation } from './explain.js';
