import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import {
  createRerankConfig,
  ExposureLedger,
  MemorySharedLedgerStore,
  rerank,
  SharedLedger,
  type SharedLedgerOptionsInput,
  type SharedLedgerStore,
} from '../../src/fairness/index.js';
import { FaultyStore, MemoryLogger, requestStream } from './_faulty-store.js';

const T0 = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;

/** A shared ledger on `store` with a quiet logger and a hand-driven wall clock (no background loop unless started). */
function replica(store: SharedLedgerStore, options: SharedLedgerOptionsInput = {}): { ledger: SharedLedger; log: MemoryLogger; clock: { now: number } } {
  const log = new MemoryLogger();
  const clock = { now: 1_000_000 };
  const ledger = new SharedLedger(store, { logger: log, wallClock: () => clock.now, ...options });
  return { ledger, log, clock };
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

describe('SharedLedger: replicas share one ledger', () => {
  it('two replicas see the totals of one ledger that saw all traffic', async () => {
    const store = new MemorySharedLedgerStore();
    const a = replica(store).ledger;
    const b = replica(store).ledger;
    const all = new ExposureLedger();
    const stream = requestStream(1, 400, 30, T0);
    stream.forEach(({ record, at }, i) => {
      all.record(record, at);
      (i % 2 === 0 ? a : b).record(record, at);
    });
    // before any exchange each replica sees only its own half, at once (synchronous record)
    const end = stream.at(-1)!.at;
    expect(a.snapshot(end).totals.exposure).toBeLessThan(all.snapshot(end).totals.exposure * 0.6);
    for (const l of [a, b, a]) expect(await l.refresh()).toBe(true);
    for (const l of [a, b]) {
      const s = l.snapshot(end);
      const want = all.snapshot(end);
      expect(relErr(s.totals.exposure, want.totals.exposure)).toBeLessThan(1e-12);
      expect(relErr(s.totals.merit, want.totals.merit)).toBeLessThan(1e-12);
      expect(s.entries.map((e) => e.merchantId)).toEqual(want.entries.map((e) => e.merchantId));
      s.entries.forEach((e, i) => expect(relErr(e.exposure, want.entries[i]!.exposure)).toBeLessThan(1e-12));
    }
    expect(a.stats().appliedRecords + b.stats().appliedRecords).toBe(400);
  });

  it('the background loop ships records and brings other replicas\' in without explicit calls', async () => {
    const store = new MemorySharedLedgerStore();
    const log = new MemoryLogger();
    const a = await new SharedLedger(store, { logger: log, flushMs: 5, refreshMs: 10 }).start();
    const b = await new SharedLedger(store, { logger: log, flushMs: 5, refreshMs: 10 }).start();
    a.record({ slateMerchants: ['x'], slateExposure: [3], candidateMerchants: [], candidateRelevance: [] }, T0);
    const deadline = Date.now() + 5000;
    while (b.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(b.snapshot(T0, ['x']).entries).toEqual([{ merchantId: 'x', exposure: 3, merit: 0 }]);
    expect(a.stats().state).toBe('up');
    await a.close();
    await b.close();
    expect(log.lines).toEqual([]);
  });

  it('records made while a read is in flight stay in the view (not lost, not doubled)', async () => {
    const inner = new MemorySharedLedgerStore();
    const store = new FaultyStore(inner);
    const a = replica(store).ledger;
    const b = replica(inner).ledger;
    b.record({ slateMerchants: ['x'], slateExposure: [2], candidateMerchants: [], candidateRelevance: [] }, T0);
    await b.flush();
    a.record({ slateMerchants: ['x', 'y'], slateExposure: [1, 5], candidateMerchants: [], candidateRelevance: [] }, T0);
    store.onRead = () => a.record({ slateMerchants: ['x'], slateExposure: [10], candidateMerchants: [], candidateRelevance: [] }, T0);
    expect(await a.refresh()).toBe(true);
    store.onRead = undefined;
    expect(a.stats().pendingRecords).toBe(1);
    expect(a.snapshot(T0, ['x', 'y']).entries.map((e) => e.exposure)).toEqual([13, 5]);
    expect(await a.refresh()).toBe(true);
    expect(a.stats().pendingRecords).toBe(0);
    expect(a.snapshot(T0, ['x', 'y']).entries.map((e) => e.exposure)).toEqual([13, 5]);
    expect((await inner.read()).entries.map((e) => [e.merchantId, e.exposure])).toEqual([['x', 13], ['y', 5]]);
  });

  it('a batch whose reply was lost is retried and counted once', async () => {
    const store = new FaultyStore(new MemorySharedLedgerStore());
    const { ledger } = replica(store);
    ledger.record({ slateMerchants: ['a'], slateExposure: [3], candidateMerchants: [], candidateRelevance: [] }, T0);
    store.fault = 'lose-reply';
    expect(await ledger.flush()).toBe(false);
    expect(await ledger.flush()).toBe(true);
    expect(store.applyCalls).toBe(2);
    expect(ledger.stats()).toMatchObject({ appliedBatches: 0, duplicateBatches: 1, outages: 1 });
    await ledger.refresh();
    expect(ledger.snapshot(T0).totals.exposure).toBe(3);
    expect((await store.inner.read()).entries).toEqual([{ merchantId: 'a', exposure: 3, merit: 0, updatedAt: T0 }]);
  });

  it('merging one snapshot on two replicas counts it once in the store', async () => {
    const store = new MemorySharedLedgerStore();
    const a = replica(store).ledger;
    const b = replica(store).ledger;
    const source = new ExposureLedger();
    source.record({ slateMerchants: ['s'], slateExposure: [7], candidateMerchants: ['s'], candidateRelevance: [1] }, T0);
    const snap = JSON.parse(JSON.stringify(source.snapshot()));
    expect(a.merge(snap)).toBe(true);
    expect(a.merge(snap)).toBe(false);
    expect(b.merge(snap)).toBe(true);
    await a.flush();
    await b.flush();
    expect((await store.read()).entries).toEqual([{ merchantId: 's', exposure: 7, merit: 1, updatedAt: T0 }]);
    expect(() => a.restore()).toThrow(DataError);
  });
});

describe('SharedLedger: faults are survived and visible', () => {
  it('outage: last view served, one warning, bounded buffer drops the oldest (counted), flush on recovery', async () => {
    const inner = new MemorySharedLedgerStore();
    const store = new FaultyStore(inner);
    const { ledger, log } = replica(store, { maxPendingRecords: 50, maxBatchRecords: 10 });
    const stream = requestStream(2, 200, 20, T0);
    const all = new ExposureLedger();
    for (const { record, at } of stream.slice(0, 50)) {
      ledger.record(record, at);
      all.record(record, at);
    }
    expect(await ledger.refresh()).toBe(true);
    const before = ledger.snapshot(stream[49]!.at);
    store.fault = 'down';
    for (const [i, { record, at }] of stream.slice(50).entries()) {
      ledger.record(record, at);
      all.record(record, at);
      if (i % 10 === 9) expect(await ledger.flush()).toBe(false);
    }
    await ledger.refresh();
    expect(ledger.stats().state).toBe('down');
    expect(log.codes().filter((c) => c === 'store-down')).toHaveLength(1);
    expect(log.codes().filter((c) => c === 'dropped')).toHaveLength(1);
    const dropped = ledger.stats().dropped;
    expect(dropped.records).toBe(100);
    expect(dropped.batches).toBe(10);
    expect(ledger.stats().pendingRecords).toBe(50);
    // the view kept the last read plus local records: never below it
    expect(ledger.snapshot(stream[49]!.at).totals.exposure).toBeGreaterThanOrEqual(before.totals.exposure);

    store.fault = 'none';
    expect(await ledger.refresh()).toBe(true);
    expect(log.codes()).toContain('store-up');
    expect(ledger.stats().pendingRecords).toBe(0);
    const end = stream.at(-1)!.at;
    const got = ledger.snapshot(end).totals;
    const want = all.snapshot(end).totals;
    const f = 2 ** (-(end - dropped.at!) / DAY);
    expect(relErr(got.exposure, want.exposure - dropped.exposure * f)).toBeLessThan(1e-12);
    expect(relErr(got.merit, want.merit - dropped.merit * f)).toBeLessThan(1e-12);
    // a second outage warns again, once
    store.fault = 'down';
    ledger.record(stream[0]!.record, end);
    await ledger.flush();
    await ledger.flush();
    expect(log.codes().filter((c) => c === 'store-down')).toHaveLength(2);
  });

  it('a store that never answers times out and counts as down', async () => {
    const store = new FaultyStore(new MemorySharedLedgerStore());
    const { ledger, log } = replica(store, { timeoutMs: 20 });
    store.fault = 'hang';
    ledger.record({ slateMerchants: ['a'], candidateMerchants: [], candidateRelevance: [] }, T0);
    expect(await ledger.flush()).toBe(false);
    expect(log.lines[0]!.message).toMatch(/timed out after 20 ms/);
    store.fault = 'none';
    expect(await ledger.flush()).toBe(true);
  });

  it('past staleAfterMs snapshots are empty (no lift), one warning, lifts back after a read', async () => {
    const store = new FaultyStore(new MemorySharedLedgerStore());
    const { ledger, log, clock } = replica(store, { staleAfterMs: 60_000, flushMs: 5, retryMs: 5 });
    ledger.record({ slateMerchants: ['a', 'a', 'a'], candidateMerchants: ['a', 'b'], candidateRelevance: [1, 1] }, T0);
    await ledger.start();
    const input = { scores: Float32Array.of(0.9, 0.8), merchantOf: Int32Array.of(0, 1), merchantIds: ['a', 'b'], n: 2 };
    const cfg = createRerankConfig({ lambda: 0.3, meritPrior: 0 });
    expect(rerank(input, ledger.snapshot(T0, ['a', 'b']), cfg).merchantLift[1]).toBeGreaterThan(0);
    store.fault = 'down';
    clock.now += 61_000;
    expect(ledger.stale).toBe(true);
    expect(ledger.snapshot(T0, ['a', 'b']).entries).toEqual([]);
    expect(rerank(input, ledger.snapshot(T0, ['a', 'b']), cfg).merchantLift[1]).toBe(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(log.codes().filter((c) => c === 'stale')).toHaveLength(1);
    store.fault = 'none';
    await new Promise((r) => setTimeout(r, 40));
    await ledger.refresh();
    expect(ledger.stale).toBe(false);
    expect(rerank(input, ledger.snapshot(T0, ['a', 'b']), cfg).merchantLift[1]).toBeGreaterThan(0);
    await ledger.close();
  });

  it.each([
    ['NaN', { exposure: Number.NaN, merit: 1, updatedAt: T0 }, /exposure NaN/],
    ['negative', { exposure: -5, merit: 1, updatedAt: T0 }, /exposure -5/],
    ['huge', { exposure: 1, merit: 1e300, updatedAt: T0 }, /merit 1e\+300/],
    ['time far out', { exposure: 1, merit: 1, updatedAt: 1e300 }, /updatedAt 1e\+300/],
  ])('a %s stored value is refused with a clear error and never reaches a score', async (_, bad, pattern) => {
    const store = new FaultyStore(new MemorySharedLedgerStore());
    const { ledger, log } = replica(store);
    store.inject = [{ merchantId: 'evil', raw: 'garbage', ...bad }];
    ledger.record({ slateMerchants: ['a'], candidateMerchants: ['evil'], candidateRelevance: [1] }, T0);
    expect(await ledger.refresh()).toBe(true);
    const err = log.lines.find((l) => l.event.code === 'refused')!;
    expect(err.level).toBe('error');
    expect(err.message).toMatch(pattern);
    expect(err.message).toContain('merchant "evil" holds "garbage"');
    expect(err.event.error).toBeInstanceOf(DataError);
    expect(ledger.stats().refused).toBe(1);
    const snap = ledger.snapshot(T0);
    for (const e of snap.entries) expect(Number.isFinite(e.exposure) && e.exposure <= 1e15).toBe(true);
    // the refused merchant is absent; its queued local record is gone with it until the store has a valid value
    const r = rerank({ scores: Float32Array.of(0.5, 0.9), merchantOf: Int32Array.of(0, 1), merchantIds: ['a', 'evil'], n: 2 }, snap, createRerankConfig({ lambda: 0.3 }));
    for (const v of r.adjusted) expect(Number.isFinite(v)).toBe(true);
  });

  it('close flushes the buffer; a record after close stays local with a warning', async () => {
    const inner = new MemorySharedLedgerStore();
    const { ledger, log } = replica(inner);
    await ledger.start();
    ledger.record({ slateMerchants: ['a'], candidateMerchants: [], candidateRelevance: [] }, T0);
    const stats = await ledger.close();
    expect(stats).toMatchObject({ state: 'closed', pendingRecords: 0, appliedRecords: 1 });
    expect((await inner.read()).entries).toHaveLength(1);
    ledger.record({ slateMerchants: ['b'], candidateMerchants: [], candidateRelevance: [] }, T0);
    expect(log.codes()).toEqual(['closed']);
    await expect(ledger.start()).rejects.toThrow(ConfigError);
  });

  it('close with the store down gives up at closeTimeoutMs and reports what it dropped', async () => {
    const store = new FaultyStore(new MemorySharedLedgerStore());
    const log = new MemoryLogger();
    const ledger = new SharedLedger(store, { logger: log, closeTimeoutMs: 30, retryMs: 5 });
    store.fault = 'down';
    ledger.record({ slateMerchants: ['a'], candidateMerchants: [], candidateRelevance: [] }, T0);
    const stats = await ledger.close();
    expect(stats.dropped.records).toBe(1);
    expect(log.lines.at(-1)!.message).toMatch(/1 buffered records dropped/);
  });

  it('refuses bad options with the key', () => {
    expect(() => new SharedLedger(new MemorySharedLedgerStore(), { refreshMs: 0 })).toThrow(/refreshMs/);
    expect(() => new SharedLedger(new MemorySharedLedgerStore(), { maxPendingRecords: 5, maxBatchRecords: 10 })).toThrow(/maxBatchRecords/);
    expect(() => new SharedLedger(new MemorySharedLedgerStore(), { ledger: { halfLifeMs: -1 } })).toThrow(ConfigError);
  });
});
