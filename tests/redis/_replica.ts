/**
 * One replica process of the multi-process tests (run with `node --import tsx`). Settings come as
 * JSON in GFP_REPLICA. It fits the fixture marketplace, prints `ready`, waits for `go` on stdin,
 * serves its share (request r when r % replicas === index) of one seeded request stream on a
 * shared wall-clock schedule, and writes what it served and recorded to `out`.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Rng } from '../../src/_internal/rng.js';
import { createRecommender, ExposureLedger, SharedLedger, type LedgerDeltas, type SharedLedgerEvent } from 'goods-find-people';
import { loadMarketplace } from 'goods-find-people/io';
import { createRedisLedgerStore } from 'goods-find-people/redis';

/** Settings of one replica. */
export interface ReplicaSettings {
  readonly mode: 'shared' | 'memory';
  readonly url?: string;
  readonly prefix?: string;
  readonly index: number;
  readonly replicas: number;
  readonly seed: number;
  readonly requests: number;
  /** Wall ms between consecutive requests of the whole stream (0: as fast as possible). */
  readonly stepMs: number;
  readonly out: string;
  /** Fairness lambda. @default 0.3 */
  readonly lambda?: number;
  /** SharedLedger options (intervals, bounds). */
  readonly shared?: Record<string, number | null>;
}

/** What a replica reports. */
export interface ReplicaResult {
  readonly served: number;
  readonly nonFinite: number;
  /** Undiscounted exposure per merchant from the served slates (sum of 1/log2(rank + 1)). */
  readonly exposure: Record<string, number>;
  /** Exposure of every served slate, decayed to `ref` (the stream's end) with the default half-life. */
  readonly slateMass: number;
  readonly ref: number;
  /** Everything this replica recorded, as a full snapshot of a plain ledger. */
  readonly recorded: ReturnType<ExposureLedger['snapshot']>;
  readonly events: Array<{ code: string; message: string }>;
  readonly stats?: ReturnType<SharedLedger['stats']>;
  readonly lastNow: number;
}

const settings = JSON.parse(process.env.GFP_REPLICA ?? '{}') as ReplicaSettings;
const { data } = await loadMarketplace('fixtures/marketplace');
const config = { fairness: { rerank: { lambda: settings.lambda ?? 0.3 } } };
const events: Array<{ code: string; message: string }> = [];
const keep = (message: string, e: SharedLedgerEvent): void => void events.push({ code: e.code, message });
const logger = { warn: keep, error: keep, info: keep };
const recorded = new ExposureLedger({ minMass: 0, maxEntries: 1_000_000 });

/** A shared ledger that also keeps, in a plain ledger, every delta this replica recorded. */
class TrackingLedger extends SharedLedger {
  override addDeltas(deltas: LedgerDeltas, at: number): void {
    recorded.addDeltas(deltas, at);
    super.addDeltas(deltas, at);
  }
}

let ledger: SharedLedger | undefined;
if (settings.mode === 'shared') {
  const store = await createRedisLedgerStore({ url: settings.url!, prefix: settings.prefix! });
  ledger = await new TrackingLedger(store, { logger, ...settings.shared }).start();
}
const rec = createRecommender(config, ledger === undefined ? {} : { ledger });
rec.fitRecords(data);
if (ledger === undefined) {
  const plain = rec.ledger;
  const add = plain.addDeltas.bind(plain);
  plain.addDeltas = (d: LedgerDeltas, at: number): void => {
    recorded.addDeltas(d, at);
    add(d, at);
  };
}
const users = rec.dataset.users.ids();
const t0 = rec.dataset.referenceTime;

process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
const start = performance.now();

const rng = new Rng(settings.seed);
const exposure = new Map<string, number>();
let served = 0;
let nonFinite = 0;
let lastNow = t0;
let slateMass = 0;
const ref = t0 + settings.requests * 30_000;
const halfLife = rec.ledger.options.halfLifeMs;
for (let r = 0; r < settings.requests; r++) {
  const user = users[rng.int(users.length)]!;
  if (r % settings.replicas !== settings.index) continue;
  const due = start + r * settings.stepMs;
  // Yield at least once per request so the background loop runs; wait for the schedule.
  do await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  while (performance.now() < due);
  lastNow = t0 + r * 30_000;
  const slate = rec.recommend(user, { n: 10, now: lastNow });
  for (const item of slate.items) {
    if (!Number.isFinite(item.score)) nonFinite++;
    const v = 1 / Math.log2(item.rank + 1);
    exposure.set(item.merchantId, (exposure.get(item.merchantId) ?? 0) + v);
    slateMass += v * 2 ** (-(ref - lastNow) / halfLife);
  }
  served++;
  if (served % 50 === 0) process.stdout.write(`progress ${served}\n`);
}
const stats = ledger === undefined ? undefined : await ledger.close();
await ledger?.store.close();
const result: ReplicaResult = {
  served,
  nonFinite,
  exposure: Object.fromEntries(exposure),
  slateMass,
  ref,
  recorded: recorded.snapshot(lastNow),
  events,
  ...(stats === undefined ? {} : { stats }),
  lastNow,
};
writeFileSync(settings.out, JSON.stringify(result));
lines.close();
process.stdout.write('done\n');
