/**
 * goods-find-people: the core entry, what a service puts to work: the recommender and its config,
 * the signal registry, the record schemas and their validation, the error classes, the exposure
 * ledger (in memory and shared), the reranker's config, model files and the parallel-runner
 * contract. Runs in any JS runtime (no Node-only modules); nothing happens on import.
 * Files and data formats live in `goods-find-people/io`, evaluation in `/evaluation`, the
 * feedback-loop simulator in `/simulation`, threads in `/node`, Redis in `/redis`.
 */

// Errors.
export {
  ConfigError,
  DataError,
  FormatError,
  GfpError,
  NotFittedError,
  NotFoundError,
  ValidationError,
  type ConfigIssue,
  type GfpErrorCode,
  type ValidationIssue,
} from './errors.js';

// Records: schemas, types and validation.
export * from './schema/index.js';
export { ProductRemovalSchema, type ProductChangeCounts, type ProductChangeInput, type ProductRemovalInput } from './dataset/product-changes.js';
export type { CatalogueChange } from './dataset/catalogue.js';
export {
  DAY_MS,
  DEFAULT_TYPE_WEIGHTS,
  EventWeightingSchema,
  HOUR_MS,
  type EventWeightingConfig,
  type EventWeighting,
  type EventWeightingInput,
} from './dataset/event-weighting.js';
export type { Dataset, DatasetStats, DecayStats, ObservedInteractions } from './dataset/dataset.js';
export type { DatasetAfterFit, DatasetParts } from './dataset/dataset-parts.js';
export type { IdIndex } from './dataset/id-index.js';
export type { CsrMatrix } from './dataset/csr.js';
export type { EventLog } from './dataset/event-log.js';

// The recommender, its config, stages and model files.
export * from './engine/index.js';
export type { BlendScratch } from './engine/normalise.js';

// Signals: the contract a custom signal implements, and each built-in signal's config schema.
export type { FitContext, ProductSubset, ScoredItems, Signal, SignalBoost, SignalCapabilities, SignalConfigJson, SignalState, StateArray, UserContext } from './signals/signal.js';
export type { ObservedItemEvent } from './signals/observed-item-events.js';
export { IalsConfigSchema, type IalsConfig, type IalsConfigInput, type IalsProgress } from './signals/ials.js';
export { ItemKnnConfigSchema, type ItemKnnConfig, type ItemKnnConfigInput } from './signals/item-knn.js';
export { EaseConfigSchema, type EaseConfig, type EaseConfigInput } from './signals/ease.js';
export { PopularityConfigSchema, type PopularityConfig, type PopularityConfigInput } from './signals/popularity.js';
export { ContentConfigSchema, type ContentConfig, type ContentConfigInput } from './signals/content.js';
export { TrendingConfigSchema, type TopicHeatState, type TrendingConfig, type TrendingConfigInput } from './signals/trending.js';

// Exposure fairness: the ledger (in memory, shared), its snapshots and stores, the reranker's config, tiers.
export {
  createExposureModel, DEFAULT_EXPOSURE_MODEL, ExposureModelSchema, ExposureLedger, LedgerOptionsSchema, InMemoryLedgerStore, emptySnapshot, LedgerSnapshotSchema,
  MAX_LEDGER_MASS, SharedLedger, SharedLedgerOptionsSchema, MemorySharedLedgerStore, createRerankConfig, DEFAULT_RERANK, FAIRNESS_POLICIES, RerankConfigSchema,
  LIFT_REASONS, TierThresholdsSchema,
} from './fairness/index.js';
export type {
  ExposureModel, ExposureModelInput, LedgerOptions, LedgerOptionsInput, LedgerOrigin, LedgerRecord, MerchantRefs, LedgerDeltas, LedgerEntry, LedgerStore, LedgerSnapshot,
  LedgerSnapshotEntry, LedgerTotals, SharedLedgerStats, SharedLedgerEvent, SharedLedgerLogger, SharedLedgerOptionsInput, ApplyResult, LedgerBatch, LedgerCursor,
  LedgerRead, LedgerRules, SharedLedgerStore, StoredLedgerEntry, DroppedWrites, FairnessPolicy, RerankConfig, RerankConfigInput, LiftReasonCode, RerankResult, TierThresholdsInput,
} from './fairness/index.js';

// Parallel fitting: the runner contract a thread pool implements, and the calling-thread runner.
export * from './parallel/index.js';
