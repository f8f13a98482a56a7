/** Ledger totals for the multi-process tests: what a store holds, and what replicas recorded. */
import { ExposureLedger, type LedgerSnapshot } from '../../src/fairness/index.js';
import { createRedisLedgerStore } from '../../src/redis/index.js';
import type { ReplicaRun } from './_replicas.js';

/** Totals of a Redis ledger's full content decayed to `at`. */
export async function storeTotals(storeUrl: string, prefix: string, at: number, halfLifeMs: number): Promise<{ exposure: number; merit: number }> {
  const store = await createRedisLedgerStore({ url: storeUrl, prefix });
  try {
    const read = await store.read();
    let exposure = 0;
    let merit = 0;
    for (const e of read.entries) {
      const f = 2 ** (-(at - e.updatedAt) / halfLifeMs);
      exposure += e.exposure * f;
      merit += e.merit * f;
    }
    return { exposure, merit };
  } finally {
    await store.close();
  }
}

/** Totals of everything the replicas recorded (disjoint traffic: merged by sum), at `at`. */
export function recordedTotals(runs: readonly ReplicaRun[], at: number): { exposure: number; merit: number } {
  const all = new ExposureLedger({ minMass: 0, maxEntries: 1_000_000 });
  for (const r of runs) all.merge(r.result!.recorded as LedgerSnapshot);
  return all.snapshot(at).totals;
}
