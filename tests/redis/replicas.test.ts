/**
 * Issue 14 acceptance: four replica processes serve one seeded request stream against one Redis.
 * The shared ledger's totals equal the sum of every recorded slate, and the merchant exposure
 * Gini over the stream is within 1% of one process serving the same stream with an in-memory ledger.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { gini } from '../../src/evaluation/metrics/gini.js';
import { redisForTests } from './_redis-server.js';
import { runReplicas, type ReplicaRun } from './_replicas.js';
import { recordedTotals, storeTotals } from './_totals.js';

const redis = await redisForTests();
const skip = 'skip' in redis;
const url = 'url' in redis ? redis.url : '';
afterAll(async () => {
  if ('release' in redis) await redis.release();
});

const REQUESTS = 1600;
const SEED = 2026;

/** Merchant exposure Gini over the merchants any run showed (0 for those one run never showed). */
function exposureGini(runs: readonly ReplicaRun[], merchants: readonly string[]): number {
  const sum = new Map<string, number>(merchants.map((m) => [m, 0]));
  for (const r of runs) for (const [m, v] of Object.entries(r.result!.exposure)) sum.set(m, sum.get(m)! + v);
  return gini([...sum.values()]);
}

describe.skipIf(skip)('four replica processes share one ledger on Redis', () => {
  it('ledger totals = recorded slates (rel. error <= 1e-9); Gini within 1% of one in-memory process', async () => {
    const prefix = `{gfp-replicas-${randomUUID()}}`;
    const shared = await runReplicas(
      [0, 1, 2, 3].map((index) => ({ mode: 'shared' as const, url, prefix, index, replicas: 4, seed: SEED, requests: REQUESTS, stepMs: 4, shared: { refreshMs: 20, flushMs: 10 } })),
    );
    const [single, unfair] = await runReplicas([
      { mode: 'memory', index: 0, replicas: 1, seed: SEED, requests: REQUESTS, stepMs: 0 },
      // control: the same stream without fairness, to show the 1% bound tells ledgers apart
      { mode: 'memory', index: 0, replicas: 1, seed: SEED, requests: REQUESTS, stepMs: 0, lambda: 0 },
    ]);
    for (const r of [...shared, single!]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.result!.nonFinite).toBe(0);
    }
    expect(shared.reduce((a, r) => a + r.result!.served, 0)).toBe(REQUESTS);
    for (const r of shared) {
      expect(r.result!.stats).toMatchObject({ pendingRecords: 0, dropped: { records: 0 }, refused: 0, outages: 0 });
      expect(r.result!.stats!.appliedRecords).toBe(r.result!.served);
    }

    const ref = single!.result!.ref;
    const got = await storeTotals(url, prefix, ref, 86_400_000);
    const want = recordedTotals(shared, ref);
    const slates = shared.reduce((a, r) => a + r.result!.slateMass, 0);
    expect(Math.abs(got.exposure - slates) / slates).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(got.exposure - want.exposure) / want.exposure).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(got.merit - want.merit) / want.merit).toBeLessThanOrEqual(1e-9);

    const merchants = [...new Set([...shared, single!, unfair!].flatMap((r) => Object.keys(r.result!.exposure)))];
    const gShared = exposureGini(shared, merchants);
    const gSingle = exposureGini([single!], merchants);
    const gUnfair = exposureGini([unfair!], merchants);
    console.log(`merchant exposure Gini over ${REQUESTS} requests: 4 replicas on Redis ${gShared.toFixed(4)}, one in-memory process ${gSingle.toFixed(4)}, without fairness ${gUnfair.toFixed(4)}`);
    expect(Math.abs(gShared - gSingle) / gSingle).toBeLessThanOrEqual(0.01);
    expect(Math.abs(gUnfair - gSingle) / gSingle).toBeGreaterThan(0.01);
  }, 180_000);
});
