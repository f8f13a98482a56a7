/**
 * A shared exposure ledger (docs/design.md 5.3c): the serving path stays synchronous on a local view,
 * kept in step with an asynchronous store in the background.
 */
import { ConfigError, DataError } from '../errors.js';
import { ExposureLedger } from './exposure-ledger.js';
import type { LedgerDeltas } from './ledger-deltas.js';
import { emptySnapshot, freezeSnapshot, type LedgerOrigin, type LedgerSnapshot } from './ledger-snapshot.js';
import { LedgerWriteQueue, type QueuedBatch } from './shared-ledger-queue.js';
import { parseSharedLedgerOptions, type SharedLedgerOptions, type SharedLedgerOptionsInput } from './shared-ledger-options.js';
import { errorMessage, withTimeout } from './_with-timeout.js';
import type { SharedLedgerStats } from './shared-ledger-stats.js';
import { storedEntryProblem, type LedgerCursor, type LedgerRead, type LedgerRules, type SharedLedgerStore } from './shared-ledger-store.js';

export type { SharedLedgerStats } from './shared-ledger-stats.js';

/**
 * An {@link ExposureLedger} shared by several replicas through a {@link SharedLedgerStore}.
 * `record` and `snapshot` stay synchronous: records apply to the local view at once and wait in a
 * bounded queue, sent in batches every `flushMs`; every `refreshMs` the view takes the entries
 * the store changed (every replica's traffic) plus what is still queued here. When the store is
 * down or slow, the view keeps its last state (empty snapshots, so no lift, past `staleAfterMs`),
 * one warning per outage goes to the logger, writes buffer up to `maxPendingRecords` (the oldest
 * unsent dropped beyond, counted), and on recovery the buffer is flushed and the view caught up.
 * Stored values that are not valid masses are refused (logged, counted) and never reach a score.
 *
 * @example
 * const ledger = new SharedLedger(store, { refreshMs: 500 });
 * await ledger.start();
 * const rec = createRecommender(config, { ledger });
 * // ... serve; on shutdown:
 * await ledger.close();
 */
export class SharedLedger extends ExposureLedger {
  /** The store shared with the other replicas. */
  readonly store: SharedLedgerStore;
  /** This replica's writer id. */
  readonly writer: string;
  readonly #opts: SharedLedgerOptions;
  readonly #rules: LedgerRules;
  readonly #queue: LedgerWriteQueue;
  #cursor: LedgerCursor | undefined;
  #state: SharedLedgerStats['state'] = 'starting';
  #startedAt: number;
  #lastRead = -Infinity;
  #lastReadAttempt = -Infinity;
  #downSince = 0;
  #warned = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closing = false;
  #started = false;
  #busy: Promise<unknown> = Promise.resolve();
  #counts = { appliedBatches: 0, appliedRecords: 0, duplicateBatches: 0, duplicateRecords: 0, refused: 0, repaired: 0, outages: 0, reads: 0, fullReads: 0 };

  /**
   * @param store the shared store
   * @param options see {@link SharedLedgerOptionsSchema} (ConfigError on a bad value)
   */
  constructor(store: SharedLedgerStore, options: SharedLedgerOptionsInput = {}) {
    const opts = parseSharedLedgerOptions(options);
    super(opts.ledger);
    this.store = store;
    this.#opts = opts;
    this.writer = opts.writer ?? globalThis.crypto.randomUUID();
    this.#rules = { halfLifeMs: this.options.halfLifeMs, maxEntries: this.options.maxEntries, minMass: this.options.minMass };
    this.#queue = new LedgerWriteQueue(this.writer, this.options.halfLifeMs, opts.maxPendingRecords, opts.maxBatchRecords);
    this.#startedAt = opts.wallClock();
  }

  /** Reads the store once (a failure is logged, not thrown) and starts the background loop. */
  async start(): Promise<this> {
    if (this.#closing) throw new ConfigError('shared ledger: start after close');
    if (!this.#started) {
      this.#started = true;
      this.#startedAt = this.#opts.wallClock();
      await this.refresh();
      this.#schedule();
    }
    return this;
  }

  /** True when the view is older than `staleAfterMs` (snapshots are then empty: no lift). */
  get stale(): boolean {
    const limit = this.#opts.staleAfterMs;
    if (limit === null) return false;
    const since = this.#lastRead === -Infinity ? this.#startedAt : this.#lastRead;
    return this.#opts.wallClock() - since > limit;
  }

  /** Adds deltas to the local view and queues them for the store. */
  override addDeltas(deltas: LedgerDeltas, at: number): void {
    super.addDeltas(deltas, at);
    if (this.#state === 'closed') {
      this.#warnOnce('closed', `shared ledger: a record after close stays local to this replica`, {});
      return;
    }
    const dropped = this.#queue.add(deltas, at);
    if (dropped > 0) this.#reportDrop();
  }

  /** The local view (see {@link ExposureLedger.snapshot}); empty when {@link stale}. */
  override snapshot(at?: number, merchants?: Iterable<string>): LedgerSnapshot {
    const snap = super.snapshot(at, merchants);
    if (!this.stale) return snap;
    const empty = emptySnapshot(snap.at, this.options.halfLifeMs);
    return merchants === undefined ? empty : freezeSnapshot({ ...empty, partial: true, entries: [] });
  }

  /** Not supported: a shared ledger's content lives in its store (merge adds to it). */
  override restore(): void {
    throw new DataError('restore: a SharedLedger takes its content from its store; use merge() to add a snapshot to it');
  }

  /** Its content lives in the store (`'shared'`). */
  override get origin(): LedgerOrigin {
    return 'shared';
  }

  /**
   * A model file's saved ledger: one saved by a process's own ledger (`'memory'`) joins the store
   * through {@link merge}, counted once over replicas; one saved by a shared ledger is a copy of
   * what its store holds, so it is not added again (a replica restarting from its own file would
   * count its store twice). To move such a file's ledger into a new store, `merge()` its snapshot.
   * Records still queued when a file is saved are in its copy only: `await flush()` before saving.
   */
  override adoptSaved(snapshot: LedgerSnapshot, origin: LedgerOrigin = 'memory'): void {
    if (origin === 'memory' && snapshot.entries.length > 0) this.merge(snapshot);
  }

  /**
   * Adds a snapshot or another ledger to the shared ledger, once: the content's fingerprint is the
   * batch's writer id, so replicas merging the same snapshot count it once. Returns false when
   * this ledger merged it before.
   */
  override merge(other: ExposureLedger | LedgerSnapshot): boolean {
    const d = this.mergeDeltas(other);
    if (d === undefined) return false;
    super.addDeltas(d, d.at);
    let records = 0;
    if (this.#state !== 'closed') records = this.#queue.addBatch({ ...d, writer: `merge:${d.id}`, seq: 1, records: 1 });
    if (records > 0) this.#reportDrop();
    return true;
  }

  /** Counters and state. */
  stats(): SharedLedgerStats {
    return {
      writer: this.writer,
      state: this.#state,
      stale: this.stale,
      lastReadAt: this.#lastRead === -Infinity ? null : this.#lastRead,
      pendingBatches: this.#queue.pendingBatches,
      pendingRecords: this.#queue.pendingRecords,
      dropped: this.#queue.dropped,
      ...this.#counts,
    };
  }

  /** Sends every buffered record now; resolves true when the store has them all. */
  flush(): Promise<boolean> {
    return this.#exclusive(() => this.#flush());
  }

  /** Reads the store into the view now (after sending the buffer); resolves true on success. */
  refresh(): Promise<boolean> {
    return this.#exclusive(async () => (await this.#flush()) && (await this.#read()));
  }

  /**
   * Stops the background loop and flushes the buffer, waiting at most `closeTimeoutMs`; what is
   * still buffered then is dropped and reported. Resolves with the final counters.
   */
  async close(): Promise<SharedLedgerStats> {
    if (this.#closing) {
      await this.#busy;
      return this.stats();
    }
    this.#closing = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const deadline = this.#opts.wallClock() + this.#opts.closeTimeoutMs;
    let flushed = false;
    while (!flushed && this.#opts.wallClock() < deadline) {
      flushed = await this.flush();
      if (!flushed) await new Promise((resolve) => setTimeout(resolve, Math.min(this.#opts.retryMs, Math.max(1, deadline - this.#opts.wallClock()))));
    }
    this.#state = 'closed';
    const lost = this.#queue.dropAll();
    if (lost > 0) this.#opts.logger.warn(`shared ledger: close could not reach ${this.store.name}; ${lost} buffered records dropped`, { code: 'closed', store: this.store.name, records: lost });
    return this.stats();
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(task);
    this.#busy = run.catch(() => undefined);
    return run;
  }

  #schedule(): void {
    if (this.#closing) return;
    const wait = this.#state === 'down' ? this.#opts.retryMs : this.#opts.flushMs;
    this.#timer = setTimeout(() => void this.#cycle(), wait);
    // Never keep a process alive for the background loop alone.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  async #cycle(): Promise<void> {
    if (this.#closing) return;
    try {
      await this.#exclusive(async () => {
        const sent = await this.#flush();
        if (sent && this.#opts.wallClock() - this.#lastReadAttempt >= this.#opts.refreshMs) await this.#read();
      });
    } catch (error) {
      this.#down(error);
    }
    if (this.stale) this.#warnOnce('stale', `shared ledger: no read from ${this.store.name} for over ${this.#opts.staleAfterMs} ms; fairness lift off until it is back`, {});
    this.#schedule();
  }

  async #flush(): Promise<boolean> {
    this.#queue.seal();
    for (let b = this.#queue.take(); b !== undefined; b = this.#queue.take()) {
      if (!(await this.#send(b))) return false;
    }
    // The buffer has drained: a later overflow is a new episode, worth a new warning.
    this.#warned.delete('dropped');
    return true;
  }

  async #send(batch: QueuedBatch): Promise<boolean> {
    try {
      const r = await withTimeout(this.store.apply(batch, this.#rules), this.#opts.timeoutMs, `apply to ${this.store.name}`);
      this.#queue.done(batch);
      if (r.applied) {
        this.#counts.appliedBatches++;
        this.#counts.appliedRecords += batch.records;
      } else {
        this.#counts.duplicateBatches++;
        this.#counts.duplicateRecords += batch.records;
      }
      if (r.repaired.length > 0) {
        this.#counts.repaired += r.repaired.length;
        this.#opts.logger.error(`shared ledger: ${this.store.name} held corrupt values for ${r.repaired.length} merchants (${r.repaired.slice(0, 3).map((m) => JSON.stringify(m)).join(', ')}${r.repaired.length > 3 ? ', ...' : ''}); replaced by new records`, { code: 'repaired', store: this.store.name, merchants: r.repaired });
      }
      this.#up();
      return true;
    } catch (error) {
      // Unreachable, slow, or refusing the batch (e.g. a ledger with another half-life): retried later.
      this.#down(error);
      return false;
    }
  }

  async #read(): Promise<boolean> {
    this.#lastReadAttempt = this.#opts.wallClock();
    let read: LedgerRead;
    try {
      read = await withTimeout(this.store.read(this.#cursor), this.#opts.timeoutMs, `read from ${this.store.name}`);
    } catch (error) {
      this.#down(error);
      return false;
    }
    this.#applyRead(read);
    this.#cursor = read.cursor;
    this.#lastRead = this.#opts.wallClock();
    this.#counts.reads++;
    if (read.full) this.#counts.fullReads++;
    this.#warned.delete('stale');
    this.#up();
    return true;
  }

  /** The view becomes the store's entries plus what is still queued here. */
  #applyRead(read: LedgerRead): void {
    const problems: string[] = [];
    const touched = new Set<string>();
    if (read.full) this.clearEntries();
    for (const e of read.entries) {
      const problem = storedEntryProblem(e, this.store.name);
      if (problem !== undefined) problems.push(problem);
      this.replaceEntry(e.merchantId, problem === undefined ? { exposure: e.exposure, merit: e.merit, updatedAt: e.updatedAt } : undefined);
      touched.add(e.merchantId);
    }
    for (const id of read.removed) {
      this.replaceEntry(id, undefined);
      touched.add(id);
    }
    for (const { deltas, at } of this.#queue.pending()) {
      if (read.full) {
        super.addDeltas(deltas, at);
        continue;
      }
      const merchants: string[] = [];
      const exposure: number[] = [];
      const merit: number[] = [];
      for (const id of touched) {
        const i = deltas.index.get(id);
        if (i === undefined) continue;
        merchants.push(id);
        exposure.push(deltas.exposure[i]!);
        merit.push(deltas.merit[i]!);
      }
      if (merchants.length > 0) super.addDeltas({ merchants, exposure: Float64Array.from(exposure), merit: Float64Array.from(merit) }, at);
    }
    if (problems.length > 0) {
      this.#counts.refused += problems.length;
      const error = new DataError(`${problems[0]!}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; refused, the merchant counts as absent`);
      this.#opts.logger.error(`shared ledger: ${error.message}`, { code: 'refused', store: this.store.name, error, count: problems.length });
    }
  }

  #down(error: unknown): void {
    if (this.#state === 'down' || this.#state === 'closed') return;
    this.#state = 'down';
    this.#downSince = this.#opts.wallClock();
    this.#counts.outages++;
    const last = this.#lastRead === -Infinity ? 'no snapshot yet' : `the snapshot of ${new Date(this.#lastRead).toISOString()}`;
    this.#opts.logger.warn(`shared ledger: ${this.store.name} unreachable (${errorMessage(error)}); serving ${last}, buffering writes`, { code: 'store-down', store: this.store.name, error });
  }

  #up(): void {
    if (this.#state === 'down') {
      const d = this.#queue.dropped;
      this.#opts.logger.info?.(`shared ledger: ${this.store.name} back after ${this.#opts.wallClock() - this.#downSince} ms; ${d.records} records dropped so far`, { code: 'store-up', store: this.store.name, dropped: d });
      this.#warned.delete('stale');
    }
    if (this.#state !== 'closed') this.#state = 'up';
  }

  #reportDrop(): void {
    const d = this.#queue.dropped;
    this.#warnOnce('dropped', `shared ledger: write buffer full (${this.#opts.maxPendingRecords} records); dropping the oldest (${d.records} so far)`, { dropped: d });
  }

  #warnOnce(code: 'stale' | 'dropped' | 'closed', text: string, detail: Record<string, unknown>): void {
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    this.#opts.logger.warn(text, { ...detail, code, store: this.store.name });
  }
}
