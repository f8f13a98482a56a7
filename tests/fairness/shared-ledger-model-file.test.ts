/**
 * Replicas that serve a model file fitted elsewhere share one exposure ledger: a file loads into a
 * recommender built on a SharedLedger (it threw "restore: a SharedLedger takes its content from its
 * store"), and the file's saved ledger is counted once however many replicas load it; a replica
 * restarting from a file it saved itself does not add its store's content to the store again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRecommender, recommenderToJSON } from '../../src/engine/model-file.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { MemorySharedLedgerStore, SharedLedger } from '../../src/fairness/index.js';
import { MemoryLogger } from './_faulty-store.js';

const NOW = Date.UTC(2026, 0, 3);

function fittedFile(recorded: number): { json: string; exposure: number } {
  const rec = createRecommender({ signals: [{ type: 'item-knn' }, { type: 'popularity', weight: 0.1 }] });
  rec.fit(JSON.parse(readFileSync(new URL('../../fixtures/known-answer/blocks.json', import.meta.url), 'utf8')));
  for (let i = 0; i < recorded; i++) rec.recommend(`g${i % 3}-user${i % 4}`, { n: 3, now: NOW, record: true });
  return { json: recommenderToJSON(rec), exposure: rec.ledger.snapshot(NOW).totals.exposure };
}

describe('a model file loaded by replicas on a SharedLedger', () => {
  it('loads with an empty saved ledger and serves the slates of a plain load', async () => {
    const { json } = fittedFile(0);
    const store = new MemorySharedLedgerStore();
    const ledger = new SharedLedger(store, { logger: new MemoryLogger() });
    const replica = loadRecommender(json, { ledger });
    const plain = loadRecommender(json);
    const slate = (r: typeof plain) => r.recommend('g0-user0', { n: 4, now: NOW, record: false }).items.map((i) => [i.productId, i.score]);
    expect(slate(replica)).toEqual(slate(plain));
    expect(await ledger.refresh()).toBe(true);
    expect(ledger.snapshot(NOW).totals.exposure).toBe(0);
  });

  it("two replicas loading a file with a recorded ledger count it once in the store", async () => {
    const { json, exposure } = fittedFile(12);
    expect(exposure).toBeGreaterThan(0);
    const store = new MemorySharedLedgerStore();
    const a = new SharedLedger(store, { logger: new MemoryLogger() });
    const b = new SharedLedger(store, { logger: new MemoryLogger() });
    loadRecommender(json, { ledger: a });
    loadRecommender(json, { ledger: b });
    for (const l of [a, b, a, b]) expect(await l.refresh()).toBe(true);
    for (const l of [a, b]) expect(l.snapshot(NOW).totals.exposure).toBeCloseTo(exposure, 9);
  });

  it('a replica restarting from a file it saved itself leaves the store as it was; a plain load keeps the ledger', async () => {
    const store = new MemorySharedLedgerStore();
    const a = await new SharedLedger(store, { writer: 'A', logger: new MemoryLogger() }).start();
    const rec = createRecommender({ signals: [{ type: 'item-knn' }, { type: 'popularity', weight: 0.1 }] }, { ledger: a });
    rec.fit(JSON.parse(readFileSync(new URL('../../fixtures/known-answer/blocks.json', import.meta.url), 'utf8')));
    for (let i = 0; i < 12; i++) rec.recommend(`g${i % 3}-user${i % 4}`, { n: 3, now: NOW, record: true });
    await a.flush();
    const served = a.snapshot(NOW).totals.exposure;
    expect(served).toBeGreaterThan(0);
    const json = recommenderToJSON(rec);
    expect((JSON.parse(json) as { body: { ledgerOrigin: string } }).body.ledgerOrigin).toBe('shared');
    await a.close();
    const restarted = await new SharedLedger(store, { writer: 'A-restarted', logger: new MemoryLogger() }).start();
    loadRecommender(json, { ledger: restarted });
    await restarted.flush();
    expect(await restarted.refresh()).toBe(true);
    // Was twice the served exposure: the file's copy of the store merged into the store.
    expect(restarted.snapshot(NOW).totals.exposure).toBeCloseTo(served, 9);
    // Loaded without a shared ledger (e.g. offline), the file's ledger is the process's own; saved
    // again from there it is still the store's copy, so a replica loading that file adds nothing.
    const offline = loadRecommender(json);
    expect(offline.ledger.snapshot(NOW).totals.exposure).toBeCloseTo(served, 9);
    const resaved = recommenderToJSON(offline);
    expect((JSON.parse(resaved) as { body: { ledgerOrigin: string } }).body.ledgerOrigin).toBe('shared');
    loadRecommender(resaved, { ledger: restarted });
    await restarted.flush();
    expect(await restarted.refresh()).toBe(true);
    expect(restarted.snapshot(NOW).totals.exposure).toBeCloseTo(served, 9);
    await restarted.close();
  });
});
