/**
 * The bounded write queue of a shared ledger: records are summed per merchant into batches, sealed
 * batches wait for the store in order, and past the bound the oldest never-sent batches are dropped
 * (counted, with their mass).
 */
import type { LedgerDeltas } from './ledger-deltas.js';
import type { LedgerBatch } from './shared-ledger-store.js';

/** A batch waiting for the store, with its per-merchant index (for replay onto a fresh read). */
export interface QueuedBatch extends LedgerBatch {
  readonly index: ReadonlyMap<string, number>;
  /** True once it has been sent (it may have been applied: never dropped after that). */
  sent: boolean;
}

/** What the queue dropped so far. */
export interface DroppedWrites {
  readonly batches: number;
  readonly records: number;
  /** Dropped exposure and merit, summed and decayed to `at` (epoch ms; null before any drop). */
  readonly exposure: number;
  readonly merit: number;
  readonly at: number | null;
}

/** A batch being filled: masses kept relative to `ref` (grown by 2^((t - ref) / h)), so a record costs O(its merchants). */
class OpenBatch {
  readonly index = new Map<string, number>();
  readonly merchants: string[] = [];
  readonly exposure: number[] = [];
  readonly merit: number[] = [];
  records = 0;
  at: number;

  constructor(
    readonly ref: number,
    readonly halfLifeMs: number,
  ) {
    this.at = ref;
  }

  add(d: LedgerDeltas, at: number): void {
    const g = at === this.ref ? 1 : 2 ** ((at - this.ref) / this.halfLifeMs);
    for (let i = 0; i < d.merchants.length; i++) {
      const id = d.merchants[i]!;
      let slot = this.index.get(id);
      if (slot === undefined) {
        slot = this.merchants.length;
        this.index.set(id, slot);
        this.merchants.push(id);
        this.exposure.push(0);
        this.merit.push(0);
      }
      this.exposure[slot]! += d.exposure[i]! * g;
      this.merit[slot]! += d.merit[i]! * g;
    }
    if (at > this.at) this.at = at;
    this.records++;
  }

  seal(writer: string, seq: number): QueuedBatch {
    const f = this.at === this.ref ? 1 : 2 ** (-(this.at - this.ref) / this.halfLifeMs);
    return {
      writer,
      seq,
      at: this.at,
      records: this.records,
      merchants: this.merchants,
      exposure: Float64Array.from(this.exposure, (v) => v * f),
      merit: Float64Array.from(this.merit, (v) => v * f),
      index: this.index,
      sent: false,
    };
  }
}

/** Records further apart than this many half-lives go into separate batches (keeps 2^x finite). */
const MAX_BATCH_SPAN = 64;

/** The write queue of one writer. */
export class LedgerWriteQueue {
  readonly #batches: QueuedBatch[] = [];
  #open: OpenBatch | undefined;
  #seq = 0;
  #pendingRecords = 0;
  #dropped = { batches: 0, records: 0, exposure: 0, merit: 0, at: null as number | null };

  /**
   * @param writer the writer id stamped on every batch
   * @param halfLifeMs the ledger's half-life
   * @param maxPendingRecords records held at most (sealed and open); past it the oldest unsent batches go
   * @param maxBatchRecords a batch is sealed when it holds this many records
   */
  constructor(
    readonly writer: string,
    readonly halfLifeMs: number,
    readonly maxPendingRecords: number,
    readonly maxBatchRecords: number,
  ) {}

  /** Records waiting (sealed batches and the open one). */
  get pendingRecords(): number {
    return this.#pendingRecords;
  }

  /** Sealed batches waiting. */
  get pendingBatches(): number {
    return this.#batches.length;
  }

  /** What was dropped so far. */
  get dropped(): DroppedWrites {
    return { ...this.#dropped };
  }

  /** Adds one record's deltas valued at `at`; returns the records dropped to stay within the bound. */
  add(deltas: LedgerDeltas, at: number): number {
    const open = this.#open;
    if (open !== undefined && Math.abs(at - open.ref) > MAX_BATCH_SPAN * this.halfLifeMs) this.seal();
    this.#open ??= new OpenBatch(at, this.halfLifeMs);
    this.#open.add(deltas, at);
    this.#pendingRecords++;
    if (this.#open.records >= this.maxBatchRecords) this.seal();
    return this.#enforceBound();
  }

  /** Queues a ready batch of another writer (e.g. a merged snapshot, whose fingerprint is its writer id). */
  addBatch(batch: LedgerBatch): number {
    this.seal();
    this.#batches.push({ ...batch, index: new Map(batch.merchants.map((m, i) => [m, i] as const)), sent: false });
    this.#pendingRecords += batch.records;
    return this.#enforceBound();
  }

  /** Seals the open batch (if any) so it can be sent. */
  seal(): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    this.#batches.push(open.seal(this.writer, ++this.#seq));
  }

  /** The oldest sealed batch, marked as sent; undefined when none waits. */
  take(): QueuedBatch | undefined {
    const b = this.#batches[0];
    if (b !== undefined) b.sent = true;
    return b;
  }

  /** Removes `batch` (the one `take` gave) once the store has it. */
  done(batch: QueuedBatch): void {
    if (this.#batches[0] === batch) {
      this.#batches.shift();
      this.#pendingRecords -= batch.records;
    }
  }

  /** Every waiting record as deltas valued at a time: sealed batches, then the open one. */
  *pending(): Generator<{ deltas: LedgerDeltas & { index: ReadonlyMap<string, number> }; at: number }> {
    for (const b of this.#batches) yield { deltas: b, at: b.at };
    const open = this.#open;
    if (open !== undefined && open.records > 0) yield { deltas: open.seal(this.writer, 0), at: open.at };
  }

  /** Drops everything waiting (counted), e.g. at a close that could not flush. */
  dropAll(): number {
    this.seal();
    let records = 0;
    while (this.#batches.length > 0) records += this.#drop(0);
    return records;
  }

  #enforceBound(): number {
    let records = 0;
    let i = 0;
    while (this.#pendingRecords > this.maxPendingRecords && i < this.#batches.length) {
      if (this.#batches[i]!.sent) i++;
      else records += this.#drop(i);
    }
    return records;
  }

  #drop(i: number): number {
    const [b] = this.#batches.splice(i, 1);
    if (b === undefined) return 0;
    this.#pendingRecords -= b.records;
    const d = this.#dropped;
    let exposure = 0;
    let merit = 0;
    for (let k = 0; k < b.merchants.length; k++) {
      exposure += b.exposure[k]!;
      merit += b.merit[k]!;
    }
    const at = d.at === null ? b.at : Math.max(d.at, b.at);
    const fOld = d.at === null ? 0 : 2 ** (-(at - d.at) / this.halfLifeMs);
    const fNew = 2 ** (-(at - b.at) / this.halfLifeMs);
    this.#dropped = { batches: d.batches + 1, records: d.records + b.records, exposure: d.exposure * fOld + exposure * fNew, merit: d.merit * fOld + merit * fNew, at };
    return b.records;
  }
}
