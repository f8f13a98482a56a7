/**
 * goods-find-people/redis: the exposure ledger shared by service replicas through Redis
 * (Node-only; needs the optional peer dependency ioredis). Nothing runs on import.
 */
export { createRedisLedgerStore, type RedisConnectOptions } from './connect.js';
export { RedisLedgerStore, type RedisLedgerStoreOptions, type RedisScriptClient } from './redis-ledger-store.js';
export {
  MemorySharedLedgerStore,
  SharedLedger,
  SharedLedgerOptionsSchema,
  type SharedLedgerLogger,
  type SharedLedgerOptionsInput,
  type SharedLedgerStats,
  type SharedLedgerStore,
} from '../fairness/index.js';
