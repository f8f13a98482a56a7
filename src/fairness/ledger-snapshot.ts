/**
 * Frozen plain-data view of the exposure ledger at one instant, what the pure reranker reads.
 */
import { z } from 'zod';
import { DAY_MS } from '../dataset/event-weighting.js';

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

const nonNegative = z.number().finite().min(0);

/** zod schema of a serialised {@link LedgerSnapshot} (used by `restore` and `merge`). */
export const LedgerSnapshotSchema = z
  .object({
    version: z.literal(1),
    at: z.number().finite(),
    halfLifeMs: z.number().finite().positive(),
    partial: z.boolean(),
    entries: z.array(z.object({ merchantId: z.string(), exposure: nonNegative, merit: nonNegative }).strict()),
    totals: z.object({ exposure: nonNegative, merit: nonNegative, merchants: z.number().int().min(0) }).strict(),
  })
  .strict();

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
