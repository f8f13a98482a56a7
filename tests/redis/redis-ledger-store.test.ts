import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { ExposureLedger, MemorySharedLedgerStore, SharedLedger, type LedgerRules } from '../../src/fairness/index.js';
import { loadIoredis } from '../../src/redis/connect.js';
import { createRedisLedgerStore, type RedisLedgerStore } from '../../src/redis/index.js';
import { batch, storeContract } from '../fairness/_store-contract.js';
import { MemoryLogger, requestStream } from '../fairness/_faulty-store.js';
import { redisForTests } from './_redis-server.js';

const redis = await redisForTests();
const skip = 'skip' in redis;
const url = 'url' in redis ? redis.url : '';
const clients: Redis[] = [];
const stores: RedisLedgerStore[] = [];

afterAll(async () => {
  for (const s of stores) await s.close();
  for (const c of clients) c.disconnect();
  if ('release' in redis) await redis.release();
});

/** A store on a fresh key prefix of the test server. */
async function freshStore(): Promise<RedisLedgerStore> {
  const s = await createRedisLedgerStore({ url, prefix: `{gfp-test-${randomUUID()}}` });
  stores.push(s);
  return s;
}

function raw(): Redis {
  const c = new Redis(url);
  clients.push(c);
  return c;
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);
const RULES: LedgerRules = { halfLifeMs: DAY, maxEntries: 1000, minMass: 1e-6 };

storeContract('RedisLedgerStore', freshStore, skip);

describe.skipIf(skip)('RedisLedgerStore on a real server', () => {
  it('matches the in-memory reference on a 2,000-request stream from three writers (relative error <= 1e-12)', async () => {
    const store = await freshStore();
    const mem = new MemorySharedLedgerStore();
    const stream = requestStream(7, 2000, 200, T0);
    const writers = ['w0', 'w1', 'w2'];
    const seqs = [0, 0, 0];
    const model = new ExposureLedger();
    for (let i = 0; i < stream.length; i += 10) {
      // one batch per 10 requests, writers interleaved, times not sorted across writers
      const part = new ExposureLedger();
      for (const { record, at } of stream.slice(i, i + 10)) part.record(record, at);
      const snap = part.snapshot();
      const k = (i / 10) % 3;
      const b = batch(writers[k]!, ++seqs[k]!, snap.at, snap.entries.map((e) => [e.merchantId, e.exposure, e.merit]));
      await store.apply(b, RULES);
      await mem.apply(b, RULES);
      model.merge(snap);
    }
    const got = new Map((await store.read()).entries.map((e) => [e.merchantId, e] as const));
    const want = (await mem.read()).entries;
    expect(got.size).toBe(want.length);
    for (const w of want) {
      const g = got.get(w.merchantId)!;
      expect(g.updatedAt).toBe(w.updatedAt);
      expect(Math.abs(g.exposure - w.exposure)).toBeLessThanOrEqual(1e-12 * w.exposure);
      expect(Math.abs(g.merit - w.merit)).toBeLessThanOrEqual(1e-12 * Math.max(w.merit, 1e-300));
    }
  });

  it('keys expire after keyTtlHalfLives of idleness; the whole ledger shares one hash tag', async () => {
    const prefix = `{gfp-test-${randomUUID()}}`;
    const store = await createRedisLedgerStore({ url, prefix, keyTtlHalfLives: 2 });
    stores.push(store);
    await store.apply(batch('w', 1, T0, [['a', 1, 1]]), RULES);
    const r = raw();
    const keys = (await r.keys(`${prefix}:*`)).sort();
    expect(keys).toEqual(['e', 'm', 'v', 'w', 'wt', 'z'].map((s) => `${prefix}:${s}`));
    for (const k of keys) {
      const ttl = await r.pttl(k);
      expect(ttl).toBeGreaterThan(2 * DAY - 60_000);
      expect(ttl).toBeLessThanOrEqual(2 * DAY);
    }
  });

  it('remembers at most maxWriters writers (the longest idle forgotten first)', async () => {
    const prefix = `{gfp-test-${randomUUID()}}`;
    const store = await createRedisLedgerStore({ url, prefix, maxWriters: 3 });
    stores.push(store);
    for (const w of ['a', 'b', 'c', 'd']) {
      await store.apply(batch(w, 1, T0, [['m', 1, 0]]), RULES);
      await new Promise((res) => setTimeout(res, 5));
    }
    expect((await raw().hkeys(`${prefix}:w`)).sort()).toEqual(['b', 'c', 'd']);
    // a remembered writer's retry is skipped
    expect((await store.apply(batch('d', 1, T0, [['m', 1, 0]]), RULES)).applied).toBe(false);
  });

  it('corrupt stored values: refused on read (logged, counted), repaired by the next write', async () => {
    const prefix = `{gfp-test-${randomUUID()}}`;
    const store = await createRedisLedgerStore({ url, prefix });
    stores.push(store);
    await store.apply(batch('w', 1, T0, [['ok', 1, 1], ['bad', 1, 1], ['neg', 1, 1], ['huge', 1, 1], ['short', 1, 1]]), RULES);
    const r = raw();
    await r.hset(`${prefix}:e`, 'bad', 'nan 1 1780000000000', 'neg', '-3 1 1780000000000', 'huge', '1e300 1 1780000000000', 'short', 'banana');
    const log = new MemoryLogger();
    const ledger = new SharedLedger(store, { logger: log });
    expect(await ledger.refresh()).toBe(true);
    expect(ledger.stats().refused).toBe(4);
    const line = log.lines.find((l) => l.event.code === 'refused')!;
    expect(line.message).toMatch(/merchant "(bad|neg|huge|short)" holds "/);
    expect(line.message).toContain('(and 3 more)');
    expect(ledger.snapshot(T0).entries.map((e) => e.merchantId)).toEqual(['ok']);
    ledger.record({ slateMerchants: ['bad', 'neg'], slateExposure: [2, 2], candidateMerchants: [], candidateRelevance: [] }, T0);
    expect(await ledger.flush()).toBe(true);
    expect(ledger.stats().repaired).toBe(2);
    expect(log.codes()).toContain('repaired');
    expect(await r.hget(`${prefix}:e`, 'bad')).toBe(`2 0 ${T0}`);
  });

  it('reloads its scripts after the server forgot them (SCRIPT FLUSH, as after a restart)', async () => {
    const store = await freshStore();
    await store.apply(batch('w', 1, T0, [['a', 1, 0]]), RULES);
    await raw().script('FLUSH');
    expect((await store.apply(batch('w', 2, T0, [['a', 1, 0]]), RULES)).applied).toBe(true);
    expect((await store.read()).entries[0]!.exposure).toBe(2);
  });
});

describe('goods-find-people/redis without ioredis', () => {
  it('says which package to install', async () => {
    const missing = (): Promise<never> => Promise.reject(new Error("Cannot find package 'ioredis'"));
    await expect(loadIoredis(missing)).rejects.toThrow(ConfigError);
    await expect(loadIoredis(missing)).rejects.toThrow(/optional peer dependency "ioredis".*npm install ioredis/);
  });
});
