/**
 * Exposure fairness (docs/design.md 5): exposure models, the exposure ledger, the amortised reranker
 * with slate guards, FA*IR tables and merchant tiers.
 */
export {
  createExposureModel,
  DEFAULT_EXPOSURE_MODEL,
  exposureAt,
  exposureTable,
  ExposureModelSchema,
  type ExposureModel,
  type ExposureModelInput,
} from './exposure-model.js';
export {
  ExposureLedger,
  LedgerOptionsSchema,
  type LedgerOptions,
  type LedgerOptionsInput,
  type LedgerRecord,
  type MerchantRefs,
} from './exposure-ledger.js';
export type { LedgerDeltas } from './ledger-deltas.js';
export { InMemoryLedgerStore, type LedgerEntry, type LedgerStore } from './ledger-store.js';
export {
  emptySnapshot,
  LedgerSnapshotSchema,
  MAX_LEDGER_MASS,
  snapshotIndex,
  type LedgerOrigin,
  type LedgerSnapshot,
  type LedgerSnapshotEntry,
  type LedgerTotals,
} from './ledger-snapshot.js';
export { SharedLedger, type SharedLedgerStats } from './shared-ledger.js';
export {
  SharedLedgerOptionsSchema,
  type SharedLedgerEvent,
  type SharedLedgerLogger,
  type SharedLedgerOptionsInput,
} from './shared-ledger-options.js';
export type {
  ApplyResult,
  LedgerBatch,
  LedgerCursor,
  LedgerRead,
  LedgerRules,
  SharedLedgerStore,
  StoredLedgerEntry,
} from './shared-ledger-store.js';
export { MemorySharedLedgerStore } from './memory-ledger-store.js';
export type { DroppedWrites } from './shared-ledger-queue.js';
export { fairFailProbability, fairTable, type FairTable } from './fair-table.js';
export {
  createRerankConfig,
  DEFAULT_RERANK,
  FAIRNESS_POLICIES,
  RerankConfigSchema,
  type FairnessPolicy,
  type RerankConfig,
  type RerankConfigInput,
} from './rerank-config.js';
export { LIFT_REASONS, rerank, type LiftReasonCode, type RerankInput, type RerankResult } from './rerank.js';
export { explorationOrder, explorationSlots, type ExplorationInput, type ExplorationOptions } from './exploration.js';
export { TIER_HEAD, TIER_MID, TIER_SMALL } from './tier-codes.js';
export {
  deriveTiers,
  merchantMass,
  tierCode,
  tierName,
  tiersFromDataset,
  TierThresholdsSchema,
  type DatasetTierOptions,
  type TierThresholdsInput,
} from './tiers.js';
