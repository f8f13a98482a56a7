/**
 * Options of {@link SharedLedger}: refresh and flush intervals, the write buffer's bound, when a
 * view is too old to lift anything, and the logger hook.
 */
import * as z from 'zod/mini';
import { LedgerOptionsSchema } from './ledger-options.js';
import { parseConfig } from '../_internal/parse-config.js';

/** Serialisable options of a shared ledger (validated, `.strict()`). */
export const SharedLedgerOptionsSchema = z.strictObject({
  /** Ledger rules (half-life, bounds, exposure model), as for an in-memory ledger. @default {} */
  ledger: z._default(LedgerOptionsSchema, LedgerOptionsSchema.parse({})),
  /** Wall ms between background reads of the store into the local view. @default 1000 */
  refreshMs: z._default(z.number().check(z.int(), z.positive()), 1000),
  /**
   * Wall ms between sends of the buffered records. A batch carries each merchant its records
   * touched once, so longer intervals cost Redis less per record. @default 1000
   */
  flushMs: z._default(z.number().check(z.int(), z.positive()), 1000),
  /** While the store is down, wall ms between attempts to reach it. @default 1000 */
  retryMs: z._default(z.number().check(z.int(), z.positive()), 1000),
  /** Wall ms a store call may take before it counts as failed. @default 2000 */
  timeoutMs: z._default(z.number().check(z.int(), z.positive()), 2000),
  /** Records buffered at most; past it the oldest unsent batches are dropped (counted). @default 100000 */
  maxPendingRecords: z._default(z.number().check(z.int(), z.positive()), 100_000),
  /** A batch is sealed at this many records (drops come in steps of at most this). @default 5000 */
  maxBatchRecords: z._default(z.number().check(z.int(), z.positive()), 5000),
  /** Wall ms without a successful read after which snapshots are empty (no lift); null: never. @default 600000 */
  staleAfterMs: z._default(z.nullable(z.number().check(z.int(), z.positive())), 600_000),
  /** Wall ms `close()` waits for the buffer to reach the store. @default 5000 */
  closeTimeoutMs: z._default(z.number().check(z.int(), z.positive()), 5000),
  /** Writer id of this replica (unique per process). @default a random UUID */
  writer: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
}).check(z.refine((o) => o.maxBatchRecords <= o.maxPendingRecords, { message: 'maxBatchRecords must not exceed maxPendingRecords', path: ['maxBatchRecords'] }));

/** One event a shared ledger reports. */
export interface SharedLedgerEvent {
  /**
   * `store-down` (first failure of an outage), `store-up` (recovered), `stale` (the view passed
   * `staleAfterMs`: no lift until the store is back), `dropped` (the buffer overflowed, once until it
   * has drained), `refused` (a corrupt stored value), `repaired` (the store replaced a corrupt value),
   * `closed` (a record after close, or records that close could not flush).
   */
  readonly code: 'store-down' | 'store-up' | 'stale' | 'dropped' | 'refused' | 'repaired' | 'closed';
  readonly store: string;
  readonly error?: unknown;
  readonly [detail: string]: unknown;
}

/** Where a shared ledger reports; console-compatible (`console` itself works). */
export interface SharedLedgerLogger {
  /** An outage began, a value was refused, writes were dropped: once per event, not per request. */
  warn(message: string, event: SharedLedgerEvent): void;
  /** A fault the ledger cannot work around (e.g. a half-life that disagrees with the store's). */
  error(message: string, event: SharedLedgerEvent): void;
  /** Recovery and other news (optional). */
  info?(message: string, event: SharedLedgerEvent): void;
}

/** Options of a shared ledger as a caller writes them. */
export type SharedLedgerOptionsInput = z.input<typeof SharedLedgerOptionsSchema> & {
  /** Log hook. @default console (warnings and errors only) */
  readonly logger?: SharedLedgerLogger;
  /** Wall clock in epoch ms (for tests). @default Date.now */
  readonly wallClock?: () => number;
};

/** Parsed options. */
export type SharedLedgerOptions = z.output<typeof SharedLedgerOptionsSchema> & {
  readonly logger: SharedLedgerLogger;
  readonly wallClock: () => number;
};

const consoleLogger: SharedLedgerLogger = {
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/** Validates shared ledger options; a ConfigError names the bad key. */
export function parseSharedLedgerOptions(input: SharedLedgerOptionsInput): SharedLedgerOptions {
  const { logger, wallClock, ...rest } = input;
  const parsed = parseConfig('shared ledger', SharedLedgerOptionsSchema, rest);
  return { ...parsed, logger: logger ?? consoleLogger, wallClock: wallClock ?? Date.now };
}
