export {
  createRecommender,
  Recommender,
  type ObserveResult,
  type RecommenderParts,
  type RecommendOptions,
  type SimilarOptions,
} from './recommender.js';
export type { ObserveInput } from './observe.js';
export type { SignalSlot } from './signal-slots.js';
export type { RecommenderState, SavedSignal } from './state.js';
export type { RequestContext, RequestScratch } from './request.js';
export type { CandidateScratch } from './candidates.js';
export type { CandidateRequest, CandidateSource, CatalogueSource } from './stages/sources.js';
export { weightedBlender, type Blender, type BlendInput, type BlendResult, type WeightedBlendOptions } from './stages/blend.js';
export { NO_BOOST, type Booster, type BoostResult } from './stages/boost.js';
export { fairnessReranker, type Reranker, type RerankRequest } from './stages/rerank.js';
export {
  DEFAULT_SIGNALS,
  parseRecommenderConfig,
  RecommenderConfigSchema,
  SignalSpecSchema,
  type RecommenderConfig,
  type RecommenderConfigInput,
  type SignalSpecInput,
} from './config.js';
export { NORMALISATIONS, TIE_RULES, usesTieRule, type Normalisation, type TieRule } from './normalise.js';
export { registerSignal, signalTypes, unregisterSignal, type SignalFactory } from './signal-registry.js';
export type { CheckedSignalSpec, CheckedSignals, RecommenderOptions, SignalConfigs, SignalSpec } from './signal-specs.js';
export type { FitOptions, FitProgress } from './fit-progress.js';
export type { PlacementStage, Slate, SlateItem, SlateTrace, TraceItem } from './slate.js';
export type { UserHistory } from './user-history.js';
export { loadRecommender, MODEL_FORMAT, MODEL_VERSION, recommenderToBinary, recommenderToJSON, type ModelFileJson } from './model-file.js';
export type { DetailLookup, ItemExplanation, SignalPart, SlateExplanation } from './explain.js';
