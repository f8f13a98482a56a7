/**
 * Frozen plain-data view of the exposure ledger at one instant, what the pure reranker reads.
 */
import * as z from 'zod/mini';
import { safeParseEnglish } from '../_internal/zod-english.js';
import { DAY_MS } from '../dataset/event-weighting.js';
import { DataError } from '../errors.js';

/** One merchant in a snapshot; values are decayed to the snapshot's `at`. */
export interface LedgerSnapshotEntry {
  readonly merchantId: string;
  /** Decayed exposure (unitless, sum of position exposures). */
  readonly exposure: number;
  /** Decayed merit (sum of model relevance of the merchant's candidates). */
  readonly merit: number;
}

/** Sums over every merchant held by the ledger (not only those listed when `partial`). */
export interface LedgerTotals {
  readonly exposure: number;
  readonly merit: number;
  /** Number of merchants held by the ledger. */
  readonly merchants: number;
}

/**
 * The ledger at time `at` (epoch ms), deeply frozen. A full snapshot lists every merchant sorted
 * by id (UTF-16 code-unit order); a `partial` one lists only the merchants asked for, with the
 * totals of the whole ledger.
 */
export interface LedgerSnapshot {
  readonly version: 1;
  /** Epoch ms the values are decayed to. */
  readonly at: number;
  /** Half-life of the ledger that produced the snapshot, ms. */
  readonly halfLifeMs: number;
  /** True when `entries` lists only some merchants. */
  readonly partial: boolean;
  readonly entries: readonly LedgerSnapshotEntry[];
  readonly totals: LedgerTotals;
}

/**
 * Largest exposure or merit one merchant can hold (unitless). A merchant shown in the first slot
 * of a million requests a second for a whole half-life gathers about 1.2e11; values above this
 * bound are refused as corrupt on the way in (restore, merge, shared stores), and a ledger's own
 * masses saturate at it, so that no sum over merchants can reach Infinity.
 */
export const MAX_LEDGER_MASS = 1e15;

/** Largest |epoch ms| the ledger accepts: the range of a JavaScript Date (about 275,000 years). */
export const MAX_LEDGER_TIME = 8.64e15;

/**
 * Throws a DataError unless `at` is a finite epoch ms within the Date range (`what` names the
 * caller, e.g. `record`). A time beyond that range would decay every later mass to 0.
 */
export function checkLedgerTime(at: number, what: string): void {
  if (!(Math.abs(at) <= MAX_LEDGER_TIME)) {
    throw new DataError(`${what}: at must be a finite epoch ms within +-${MAX_LEDGER_TIME} (the Date range), got ${at}`);
  }
}

/** True when `v` is a valid stored mass: a finite number in [0, MAX_LEDGER_MASS]. */
export function isLedgerMass(v: number): boolean {
  return v >= 0 && v <= MAX_LEDGER_MASS;
}

const mass = z.number().check(z.minimum(0), z.maximum(MAX_LEDGER_MASS));
const total = z.number().check(z.minimum(0));

/**
 * zod schema of a serialised {@link LedgerSnapshot} (used by `restore` and `merge`): masses in
 * [0, MAX_LEDGER_MASS], `at` within the Date range, each merchant listed at most once.
 */
export const LedgerSnapshotSchema = z.strictObject({
  version: z.literal(1),
  at: z.number().check(z.minimum(-MAX_LEDGER_TIME), z.maximum(MAX_LEDGER_TIME)),
  halfLifeMs: z.number().check(z.positive()),
  partial: z.boolean(),
  entries: z.array(z.strictObject({ merchantId: z.string(), exposure: mass, merit: mass })),
  totals: z.strictObject({ exposure: total, merit: total, merchants: z.number().check(z.int(), z.minimum(0)) }),
}).check(z.superRefine((snap, ctx) => {
  const seen = new Set<string>();
  snap.entries.forEach((e, i) => {
    if (seen.has(e.merchantId)) {
      ctx.addIssue({ code: 'custom', path: ['entries', i, 'merchantId'], message: `merchant ${JSON.stringify(e.merchantId)} is listed more than once (entries.${i})` });
    }
    seen.add(e.merchantId);
  });
}));

/**
 * Validates a snapshot for `restore` or `merge` (`what`) and returns the parsed copy.
 * @throws DataError naming the first bad field, or for a partial snapshot.
 */
export function parseFullSnapshot(snapshot: LedgerSnapshot, what: string): LedgerSnapshot {
  const parsed = safeParseEnglish(LedgerSnapshotSchema, snapshot);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(`${what}: invalid ledger snapshot at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  if (parsed.data.partial) throw new DataError(`${what}: needs a full snapshot, got a partial one`);
  return parsed.data;
}

/** A snapshot with no merchants (a cold ledger) at time `at`. */
export function emptySnapshot(at = 0, halfLifeMs = DAY_MS): LedgerSnapshot {
  return freezeSnapshot({
    version: 1,
    at,
    halfLifeMs,
    partial: false,
    entries: [],
    totals: { exposure: 0, merit: 0, merchants: 0 },
  });
}

/** Freezes a snapshot, its entries array, each entry and the totals; returns it. */
export function freezeSnapshot(snapshot: LedgerSnapshot): LedgerSnapshot {
  for (const e of snapshot.entries) Object.freeze(e);
  Object.freeze(snapshot.entries);
  Object.freeze(snapshot.totals);
  return Object.freeze(snapshot);
}

const indexCache = new WeakMap<LedgerSnapshot, Map<string, number>>();

/**
 * Merchant id -> position in `snapshot.entries`, built once per snapshot object (O(entries))
 * and cached weakly, so reranking many requests against one snapshot costs O(1) per lookup.
 */
export function snapshotIndex(snapshot: LedgerSnapshot): ReadonlyMap<string, number> {
  let index = indexCache.get(snapshot);
  if (index === undefined) {
    index = new Map<string, number>();
    const entries = snapshot.entries;
    for (let i = 0; i < entries.length; i++) {
      const id = entries[i]!.merchantId;
      if (!index.has(id)) index.set(id, i);
    }
    indexCache.set(snapshot, index);
  }
  return index;
}

/**
 * Where a saved ledger lived: `'memory'`, a process's own ledger; `'shared'`, a `SharedLedger`'s
 * view of its store (the store already holds that content).
 */
export type LedgerOrigin = 'memory' | 'shared';
