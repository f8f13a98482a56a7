/** The counters and state a shared ledger reports (its `stats()`). */
import type { DroppedWrites } from './shared-ledger-queue.js';

/** Counters and state of a shared ledger (for health endpoints and tests). */
export interface SharedLedgerStats {
  readonly writer: string;
  /** `starting` before the first contact, `up`, `down` (in an outage), `closed`. */
  readonly state: 'starting' | 'up' | 'down' | 'closed';
  /** True when the view is older than `staleAfterMs`: snapshots are empty (no lift). */
  readonly stale: boolean;
  /** Wall ms of the last successful read, or null. */
  readonly lastReadAt: number | null;
  readonly pendingBatches: number;
  readonly pendingRecords: number;
  /** Batches and records the store applied (retries it had already applied are not counted twice). */
  readonly appliedBatches: number;
  readonly appliedRecords: number;
  /** Batches (and their records) the store reported as already applied: retries after a lost reply. */
  readonly duplicateBatches: number;
  readonly duplicateRecords: number;
  readonly dropped: DroppedWrites;
  /** Stored values refused as corrupt (never used), and values the store repaired. */
  readonly refused: number;
  readonly repaired: number;
  readonly outages: number;
  readonly reads: number;
  readonly fullReads: number;
}
