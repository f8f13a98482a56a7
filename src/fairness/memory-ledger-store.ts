/**
 * The reference {@link SharedLedgerStore}: the Redis store's algorithm in one process's memory.
 * For tests, single-process development and as the oracle the Redis store is checked against.
 */
import { DataError } from '../errors.js';
import { MAX_LEDGER_MASS } from './ledger-snapshot.js';
import type { ApplyResult, LedgerBatch, LedgerCursor, LedgerRead, LedgerRules, SharedLedgerStore, StoredLedgerEntry } from './shared-ledger-store.js';

/** Tombstones (removed merchants) kept for incremental readers; older readers get a full read. */
export const MAX_TOMBSTONES = 10_000;

interface Entry {
  exposure: number;
  merit: number;
  updatedAt: number;
}

let generations = 0;

/**
 * Decays `e` (valued at its `updatedAt`) and adds (dE, dM) valued at `at`: the result is valued at
 * the later of the two times, each mass saturating at MAX_LEDGER_MASS. Returns a new entry.
 */
export function decayAndAdd(e: Entry | undefined, dE: number, dM: number, at: number, halfLifeMs: number): Entry {
  if (e === undefined) return { exposure: Math.min(dE, MAX_LEDGER_MASS), merit: Math.min(dM, MAX_LEDGER_MASS), updatedAt: at };
  if (at >= e.updatedAt) {
    const f = at === e.updatedAt ? 1 : 2 ** (-(at - e.updatedAt) / halfLifeMs);
    return { exposure: Math.min(e.exposure * f + dE, MAX_LEDGER_MASS), merit: Math.min(e.merit * f + dM, MAX_LEDGER_MASS), updatedAt: at };
  }
  const f = 2 ** (-(e.updatedAt - at) / halfLifeMs);
  return { exposure: Math.min(e.exposure + dE * f, MAX_LEDGER_MASS), merit: Math.min(e.merit + dM * f, MAX_LEDGER_MASS), updatedAt: e.updatedAt };
}

/**
 * Eviction order of an entry, comparable across entries valued at different times:
 * log2(exposure + merit) + updatedAt / halfLife (decay lowers every entry's score alike).
 */
export function massScore(e: Entry, halfLifeMs: number): number {
  return Math.log2(e.exposure + e.merit) + e.updatedAt / halfLifeMs;
}

/**
 * In-memory shared ledger store, applying batches exactly as the Redis store's script does:
 * per-writer high-water marks make retries idempotent; entries below `minMass` at the store's
 * clock are dropped and past `maxEntries` the smallest go (down to 90%); removals are kept as
 * tombstones (a bounded number) so readers can follow incrementally.
 */
export class MemorySharedLedgerStore implements SharedLedgerStore {
  readonly name: string;
  readonly #entries = new Map<string, Entry>();
  /** Change counter at each merchant's last change. */
  readonly #changed = new Map<string, number>();
  /** Change counter at each removal. */
  readonly #removed = new Map<string, number>();
  readonly #writers = new Map<string, number>();
  #generation = `mem-${++generations}`;
  #seq = 0;
  #trimmedSeq = 0;
  #clock = -Infinity;
  #halfLifeMs: number | undefined;

  /** @param name label for log lines. @default 'memory' */
  constructor(name = 'memory') {
    this.name = name;
  }

  /** Number of merchants stored. */
  get size(): number {
    return this.#entries.size;
  }

  /** Applies a batch (see {@link SharedLedgerStore.apply}). */
  async apply(batch: LedgerBatch, rules: LedgerRules): Promise<ApplyResult> {
    await Promise.resolve();
    if (this.#halfLifeMs !== undefined && this.#halfLifeMs !== rules.halfLifeMs) {
      throw new DataError(`${this.name}: the stored ledger has halfLifeMs ${this.#halfLifeMs}, this writer uses ${rules.halfLifeMs}`);
    }
    if (batch.seq <= (this.#writers.get(batch.writer) ?? 0)) return { applied: false, repaired: [] };
    this.#halfLifeMs = rules.halfLifeMs;
    const seq = ++this.#seq;
    for (let i = 0; i < batch.merchants.length; i++) {
      const id = batch.merchants[i]!;
      this.#entries.set(id, decayAndAdd(this.#entries.get(id), batch.exposure[i]!, batch.merit[i]!, batch.at, rules.halfLifeMs));
      this.#changed.set(id, seq);
      this.#removed.delete(id);
    }
    if (batch.at > this.#clock) this.#clock = batch.at;
    this.#evict(rules, seq);
    this.#writers.set(batch.writer, batch.seq);
    return { applied: true, repaired: [] };
  }

  /** Reads entries (see {@link SharedLedgerStore.read}). */
  async read(since?: LedgerCursor): Promise<LedgerRead> {
    await Promise.resolve();
    const cursor = { generation: this.#generation, seq: this.#seq };
    const full = since === undefined || since.generation !== this.#generation || since.seq < this.#trimmedSeq;
    const entries: StoredLedgerEntry[] = [];
    const removed: string[] = [];
    for (const [id, e] of this.#entries) {
      if (full || this.#changed.get(id)! > since.seq) entries.push({ merchantId: id, ...e });
    }
    if (!full) for (const [id, s] of this.#removed) if (s > since.seq) removed.push(id);
    return { cursor, full, entries, removed };
  }

  /** Wipes the content (a new generation: readers reload in full). */
  clear(): void {
    this.#entries.clear();
    this.#changed.clear();
    this.#removed.clear();
    this.#writers.clear();
    this.#generation = `mem-${++generations}`;
    this.#seq = 0;
    this.#trimmedSeq = 0;
    this.#clock = -Infinity;
    this.#halfLifeMs = undefined;
  }

  /** Nothing to release. */
  async close(): Promise<void> {}

  #evict(rules: LedgerRules, seq: number): void {
    const h = rules.halfLifeMs;
    const threshold = Math.log2(rules.minMass) + this.#clock / h;
    const scored: Array<[string, number]> = [];
    for (const [id, e] of this.#entries) {
      const s = massScore(e, h);
      if (rules.minMass > 0 && s < threshold) this.#remove(id, seq);
      else scored.push([id, s]);
    }
    if (scored.length > rules.maxEntries) {
      // Smallest first, ties by id (a Redis sorted set's order).
      scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const target = Math.max(1, Math.floor(rules.maxEntries * 0.9));
      for (let i = 0; i < scored.length - target; i++) this.#remove(scored[i]![0], seq);
    }
    if (this.#removed.size > MAX_TOMBSTONES) {
      for (const [id, s] of this.#removed) {
        if (this.#removed.size <= MAX_TOMBSTONES) break;
        this.#removed.delete(id);
        if (s > this.#trimmedSeq) this.#trimmedSeq = s;
      }
    }
  }

  #remove(id: string, seq: number): void {
    this.#entries.delete(id);
    this.#changed.delete(id);
    this.#removed.set(id, seq);
  }
}
