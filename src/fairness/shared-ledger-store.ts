/**
 * The asynchronous store behind a shared exposure ledger (docs/design.md 5.3c): replicas write
 * batches of per-merchant deltas, applied atomically and idempotently, and read the entries
 * changed since their last read. Implementations: {@link MemorySharedLedgerStore} (reference,
 * one process) and `RedisLedgerStore` (entry `goods-find-people/redis`).
 */
import { isLedgerMass, MAX_LEDGER_MASS, MAX_LEDGER_TIME } from './ledger-snapshot.js';
import type { LedgerDeltas } from './ledger-deltas.js';

/** The ledger rules a store applies (from the writer's ledger options; all writers must agree on the half-life). */
export interface LedgerRules {
  /** Half-life of exposure and merit, ms. */
  readonly halfLifeMs: number;
  /** Merchants kept at most; past it the smallest decayed masses are evicted (down to 90%). */
  readonly maxEntries: number;
  /** Merchants whose decayed exposure + merit falls below this are dropped. */
  readonly minMass: number;
}

/**
 * One batch of a writer's records: per-merchant deltas valued at `at` (epoch ms). `(writer, seq)`
 * identifies it: a store applies each writer's batches in increasing `seq` and skips a batch whose
 * `seq` is not above the last it applied for that writer, so a retried batch is never counted twice.
 */
export interface LedgerBatch extends LedgerDeltas {
  /** Id of the writer (one per replica process). */
  readonly writer: string;
  /** 1, 2, 3, ... per writer; gaps are allowed (dropped batches), going back is not. */
  readonly seq: number;
  /** Epoch ms the deltas are valued at. */
  readonly at: number;
  /** Requests folded into the batch (for counts only). */
  readonly records: number;
}

/** What `apply` did. */
export interface ApplyResult {
  /** False when the store had already applied this batch (a retry): nothing changed. */
  readonly applied: boolean;
  /** Merchants whose stored value was corrupt (not a valid mass or time) and was replaced by the batch's delta. */
  readonly repaired: readonly string[];
}

/** Where a reader is: the store's generation (changes when its content is wiped) and change counter. */
export interface LedgerCursor {
  readonly generation: string;
  readonly seq: number;
}

/** One merchant as stored: exposure and merit valued at `updatedAt` (epoch ms), as read (unchecked). */
export interface StoredLedgerEntry {
  readonly merchantId: string;
  readonly exposure: number;
  readonly merit: number;
  readonly updatedAt: number;
  /** The stored text, when the store keeps text (for error messages). */
  readonly raw?: string;
}

/** A read: every entry (`full`) or those changed since the cursor, and the merchants removed since. */
export interface LedgerRead {
  readonly cursor: LedgerCursor;
  readonly full: boolean;
  readonly entries: readonly StoredLedgerEntry[];
  /** Merchants evicted since the cursor (empty on a full read). */
  readonly removed: readonly string[];
}

/** An asynchronous, shared store of ledger entries. Every method may reject (store down, timeout). */
export interface SharedLedgerStore {
  /** Human-readable name for log lines, e.g. `redis 127.0.0.1:6379 {gfp-ledger}`. */
  readonly name: string;
  /**
   * Atomically decays each merchant's entry to the batch time and adds the batch's deltas (or
   * skips a batch already applied), then evicts past the rules' bounds.
   * @throws DataError when the store holds a ledger with another half-life.
   */
  apply(batch: LedgerBatch, rules: LedgerRules): Promise<ApplyResult>;
  /** Entries changed since `since` (all of them when `since` is undefined or no longer valid). */
  read(since?: LedgerCursor): Promise<LedgerRead>;
  /** Releases connections the store opened itself. */
  close(): Promise<void>;
}

/**
 * Why a stored entry cannot be used (a mass outside [0, MAX_LEDGER_MASS], a time outside the
 * Date range, a non-numeric value), or undefined when it is valid. `store` names the store.
 *
 * @example
 * storedEntryProblem({ merchantId: 'm1', exposure: NaN, merit: 1, updatedAt: 0, raw: 'x 1 0' }, 'redis')
 * // 'redis: merchant "m1" holds "x 1 0": exposure NaN is not a number in [0, 1e15]'
 */
export function storedEntryProblem(e: StoredLedgerEntry, store: string): string | undefined {
  const why = !isLedgerMass(e.exposure)
    ? `exposure ${e.exposure} is not a number in [0, ${MAX_LEDGER_MASS}]`
    : !isLedgerMass(e.merit)
      ? `merit ${e.merit} is not a number in [0, ${MAX_LEDGER_MASS}]`
      : !(Math.abs(e.updatedAt) <= MAX_LEDGER_TIME)
        ? `updatedAt ${e.updatedAt} is not an epoch ms within +-${MAX_LEDGER_TIME}`
        : undefined;
  if (why === undefined) return undefined;
  const held = e.raw === undefined ? '' : ` holds ${JSON.stringify(e.raw.length > 120 ? `${e.raw.slice(0, 117)}...` : e.raw)}`;
  return `${store}: merchant ${JSON.stringify(e.merchantId)}${held}: ${why}`;
}
