/**
 * An example recommendation service: one replica of many, sharing its exposure ledger through
 * Redis. Run several on one Redis:
 *   GFP_REDIS_URL=redis://127.0.0.1:6379 PORT=8080 node --import tsx examples/service/main.ts
 * Environment: GFP_DATA (marketplace folder, default fixtures/marketplace), GFP_REDIS_URL,
 * GFP_LEDGER_PREFIX (default {gfp-ledger}), HOST (default 127.0.0.1), PORT (default 8080; 0 = any).
 * SIGTERM / SIGINT: stop accepting, finish requests in flight, flush the ledger's write queue, exit.
 */
import { createServer } from 'node:http';
import { createRecommender } from 'goods-find-people';
import { loadMarketplace } from 'goods-find-people/io';
import { createRedisLedgerStore, SharedLedger } from 'goods-find-people/redis';
import { createServiceHandler } from './app.js';

const env = process.env;
const config = { fairness: { rerank: { lambda: 0.3 } } };

const { data } = await loadMarketplace(env.GFP_DATA ?? 'fixtures/marketplace');
const store = await createRedisLedgerStore({ url: env.GFP_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: env.GFP_LEDGER_PREFIX ?? '{gfp-ledger}' });
const ledger = await new SharedLedger(store).start();
const rec = createRecommender(config, { ledger }).fitRecords(data);
// Data problems that do not stop a fit (a decay that erases most events, crawler-like users).
for (const warning of rec.warnings) console.warn(`warning: ${warning}`);

const server = createServer(createServiceHandler(rec, ledger));
server.listen(Number(env.PORT ?? 8080), env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as { address: string; port: number };
  console.log(`listening on http://${address}:${port}`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const stats = await ledger.close();
  await store.close();
  console.log(`ledger flushed: ${stats.appliedRecords} records applied, ${stats.pendingRecords} pending, ${stats.dropped.records} dropped`);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
