/**
 * Storage behind the exposure ledger. The ledger only talks to this interface, so a shared store
 * (e.g. a write-through cache in front of Redis) can replace the in-memory default later.
 */

/** One merchant's decayed exposure and merit, both valid at `updatedAt` (epoch ms). */
export interface LedgerEntry {
  /** Decayed exposure (sum of position exposures, unitless). */
  exposure: number;
  /** Decayed merit (sum of model relevance in [0, 1] of the merchant's candidates). */
  merit: number;
  /** Epoch ms at which `exposure` and `merit` are exact. */
  updatedAt: number;
}

/**
 * Key-value store of ledger entries keyed by merchant id. Keys are caller strings (`__proto__`
 * included). `get` may return a live object: the ledger mutates it and then calls `set`.
 */
export interface LedgerStore {
  /** Number of stored merchants. */
  readonly size: number;
  /** The entry of `merchantId`, or undefined. */
  get(merchantId: string): LedgerEntry | undefined;
  /** Stores (or replaces) the entry of `merchantId`. */
  set(merchantId: string, entry: LedgerEntry): void;
  /** Removes `merchantId`; true when it was there. */
  delete(merchantId: string): boolean;
  /** Every (merchantId, entry) pair; deleting the current key while iterating must be safe. */
  entries(): IterableIterator<[string, LedgerEntry]>;
  /** Removes everything. */
  clear(): void;
}

/** The default store: a `Map` in this process. */
export class InMemoryLedgerStore implements LedgerStore {
  readonly #map = new Map<string, LedgerEntry>();

  /** Number of stored merchants. */
  get size(): number {
    return this.#map.size;
  }

  /** The live entry of `merchantId`, or undefined. */
  get(merchantId: string): LedgerEntry | undefined {
    return this.#map.get(merchantId);
  }

  /** Stores the entry of `merchantId`. */
  set(merchantId: string, entry: LedgerEntry): void {
    this.#map.set(merchantId, entry);
  }

  /** Removes `merchantId`; true when it was there. */
  delete(merchantId: string): boolean {
    return this.#map.delete(merchantId);
  }

  /** Every (merchantId, entry) pair in insertion order. */
  entries(): IterableIterator<[string, LedgerEntry]> {
    return this.#map.entries();
  }

  /** Removes everything. */
  clear(): void {
    this.#map.clear();
  }
}
