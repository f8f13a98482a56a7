/**
 * Opens a Redis ledger store from a URL with ioredis, the optional peer dependency this entry
 * needs (loaded on first use, so a plain install of the package does not carry it).
 */
import { ConfigError } from '../errors.js';
import { RedisLedgerStore, type RedisLedgerStoreOptions } from './redis-ledger-store.js';

/** Options of {@link createRedisLedgerStore}. */
export interface RedisConnectOptions extends Omit<RedisLedgerStoreOptions, 'onClose'> {
  /** Server URL (`redis://[user:password@]host:port[/db]`, `rediss://` for TLS). @default 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /** Ms to wait for a connection. @default 2000 */
  readonly connectTimeoutMs?: number;
  /** Ms a command may take before it fails. @default 2000 */
  readonly commandTimeoutMs?: number;
}

type IoredisModule = typeof import('ioredis');

/** Imports ioredis, or throws a ConfigError saying how to install it. */
export async function loadIoredis(load: () => Promise<IoredisModule> = () => import('ioredis')): Promise<IoredisModule['Redis']> {
  let mod: IoredisModule;
  try {
    mod = await load();
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError(
      `goods-find-people/redis needs the optional peer dependency "ioredis", which could not be loaded (${why}); install it with: npm install ioredis`,
      'ioredis',
    );
  }
  return mod.Redis ?? (mod as unknown as { default: IoredisModule['Redis'] }).default;
}

/**
 * Connects to Redis with ioredis and returns a {@link RedisLedgerStore} that quits the client on
 * `close()`. The client fails fast while disconnected (no offline queue, no resend: the shared
 * ledger buffers and retries itself) and reconnects in the background; the store is returned even
 * when Redis is down at start, so a replica can serve and catch up later.
 *
 * @throws ConfigError when ioredis is not installed
 * @example
 * const store = await createRedisLedgerStore({ url: process.env.REDIS_URL });
 * const ledger = await new SharedLedger(store, { ledger: config.fairness.ledger }).start();
 */
export async function createRedisLedgerStore(options: RedisConnectOptions = {}): Promise<RedisLedgerStore> {
  const Redis = await loadIoredis();
  const { url = 'redis://127.0.0.1:6379', connectTimeoutMs = 2000, commandTimeoutMs = 2000, ...storeOptions } = options;
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
  });
  // Failures reach the caller through failed commands (and the shared ledger's logger).
  client.on('error', () => undefined);
  await client.connect().catch(() => undefined);
  const where = new URL(url);
  return new RedisLedgerStore(client, {
    name: `redis ${where.hostname}:${where.port || '6379'} ${storeOptions.prefix ?? '{gfp-ledger}'}`,
    ...storeOptions,
    onClose: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  });
}
