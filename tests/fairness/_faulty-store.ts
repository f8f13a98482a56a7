/**
 * Test helpers for shared ledgers: a store wrapper that fails on demand, a logger that keeps its
 * lines, and a seeded request stream.
 */
import { Rng } from '../../src/_internal/rng.js';
import type {
  ApplyResult,
  LedgerBatch,
  LedgerCursor,
  LedgerRead,
  LedgerRecord,
  LedgerRules,
  SharedLedgerEvent,
  SharedLedgerLogger,
  SharedLedgerStore,
  StoredLedgerEntry,
} from '../../src/fairness/index.js';

/** How the wrapped store misbehaves: `down` rejects, `hang` never answers, `lose-reply` applies then rejects once. */
export type Fault = 'none' | 'down' | 'hang' | 'lose-reply';

/** A store that forwards to `inner` unless told to fail; `inject` adds entries to the next reads. */
export class FaultyStore implements SharedLedgerStore {
  readonly name = 'faulty';
  fault: Fault = 'none';
  inject: StoredLedgerEntry[] = [];
  /** Called while a read is in flight (after the store answered, before the reader sees it). */
  onRead: (() => void) | undefined;
  applyCalls = 0;

  constructor(readonly inner: SharedLedgerStore) {}

  async apply(batch: LedgerBatch, rules: LedgerRules): Promise<ApplyResult> {
    this.applyCalls++;
    this.#check();
    if (this.fault === 'hang') return new Promise<never>(() => undefined);
    const r = await this.inner.apply(batch, rules);
    if (this.fault === 'lose-reply') {
      this.fault = 'none';
      throw new Error('connection reset after the write');
    }
    return r;
  }

  async read(since?: LedgerCursor): Promise<LedgerRead> {
    this.#check();
    if (this.fault === 'hang') return new Promise<never>(() => undefined);
    const r = await this.inner.read(since);
    this.onRead?.();
    return this.inject.length === 0 ? r : { ...r, entries: [...r.entries, ...this.inject] };
  }

  async close(): Promise<void> {}

  #check(): void {
    if (this.fault === 'down') throw new Error('connect ECONNREFUSED 127.0.0.1:1');
  }
}

/** A logger keeping every line with its event code. */
export class MemoryLogger implements SharedLedgerLogger {
  readonly lines: Array<{ level: string; message: string; event: SharedLedgerEvent }> = [];
  warn(message: string, event: SharedLedgerEvent): void {
    this.lines.push({ level: 'warn', message, event });
  }
  error(message: string, event: SharedLedgerEvent): void {
    this.lines.push({ level: 'error', message, event });
  }
  info(message: string, event: SharedLedgerEvent): void {
    this.lines.push({ level: 'info', message, event });
  }
  codes(): string[] {
    return this.lines.map((l) => l.event.code);
  }
}

/** `count` seeded records over `merchants` merchants, a minute apart from `t0`. */
export function requestStream(seed: number, count: number, merchants: number, t0: number): Array<{ record: LedgerRecord; at: number }> {
  const rng = new Rng(seed);
  const ids = Array.from({ length: merchants }, (_, i) => `m${i}`);
  const out: Array<{ record: LedgerRecord; at: number }> = [];
  for (let r = 0; r < count; r++) {
    const slate = Int32Array.from({ length: 5 }, () => rng.int(merchants));
    const cands = Int32Array.from({ length: 12 }, () => rng.int(merchants));
    const rel = Float32Array.from(cands, () => rng.next());
    out.push({ record: { merchantIds: ids, slateMerchants: slate, candidateMerchants: cands, candidateRelevance: rel }, at: t0 + r * 60_000 });
  }
  return out;
}
