/**
 * Issue 14 acceptance: two instances of examples/service on loopback, one Redis, answer
 * recommend and observe (events, topics, products added and removed without a refit) over HTTP,
 * share one exposure ledger, and flush it on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { redisForTests } from '../redis/_redis-server.js';
import { storeTotals } from '../redis/_totals.js';

const ROOT = resolve(import.meta.dirname, '../..');
const redis = await redisForTests();
const skip = 'skip' in redis;
const url = 'url' in redis ? redis.url : '';
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if ('release' in redis) await redis.release();
});

interface Instance {
  readonly base: string;
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
}

/** Starts examples/service/main.ts on a free port; resolves once it listens. */
async function startService(prefix: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/service/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, GFP_REDIS_URL: url, GFP_LEDGER_PREFIX: prefix, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const base = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m !== null) res(m[1]!);
    });
    void exited.then((code) => rej(new Error(`service exited ${code}: ${output.join('\n')}`)));
  });
  return { base, child, output, exited };
}

async function post(base: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

async function health(base: string): Promise<{ status: string; ledger: { state: string; totals: { exposure: number } } }> {
  return (await (await fetch(`${base}/health`)).json()) as { status: string; ledger: { state: string; totals: { exposure: number } } };
}

describe.skipIf(skip)('examples/service: two instances on one Redis', () => {
  it('answer recommend and observe over HTTP, share the ledger, flush it on SIGTERM', async () => {
    const prefix = `{gfp-service-${randomUUID()}}`;
    const [a, b] = await Promise.all([startService(prefix), startService(prefix)]);
    expect((await health(a!.base)).status).toBe('ok');
    const now = Date.parse('2026-06-20T00:00:00Z');

    let shown = 0;
    for (const userId of ['u-0001', 'u-0002', 'u-0003', 'u-0004']) {
      const r = await post(a!.base, '/recommend', { userId, n: 5, now });
      expect(r.status).toBe(200);
      const items = r.json.items as Array<{ rank: number; score: number; productId: string }>;
      expect(items.map((i) => i.rank)).toEqual([1, 2, 3, 4, 5]);
      for (const i of items) expect(Number.isFinite(i.score)).toBe(true);
      shown += items.reduce((s, i) => s + 1 / Math.log2(i.rank + 1), 0);
    }

    // b observes a new user's events and a hot topic, then serves that user from the observed history
    const observed = await post(b!.base, '/observe', {
      events: [{ userId: 'new-user', productId: 'p-0001', type: 'purchase', timestamp: now - 60_000 }],
      topics: [{ id: 'hot-9', text: '奥运 背包', heat: [{ timestamp: now - 60_000, count: 500 }] }],
    });
    expect(observed.status, JSON.stringify(observed.json)).toBe(200);
    expect(observed.json).toMatchObject({ events: 1, users: 1, topics: 1 });
    const forNew = await post(b!.base, '/recommend', { userId: 'new-user', n: 3, now });
    expect(forNew.status).toBe(200);
    expect(forNew.json.coldStart).toBe(false);
    shown += (forNew.json.items as Array<{ rank: number }>).reduce((s, i) => s + 1 / Math.log2(i.rank + 1), 0);

    // b lists a new product without a refit: its first buyers put it in a cold-start slate; removed, it leaves
    const items = (r: { json: Record<string, unknown> }): Array<{ rank: number; productId: string }> => r.json.items as Array<{ rank: number; productId: string }>;
    const exposure = (r: { json: Record<string, unknown> }): number => items(r).reduce((sum, i) => sum + 1 / Math.log2(i.rank + 1), 0);
    const listed = await post(b!.base, '/observe', {
      products: [{ id: 'p-new-1', merchantId: 'm-new', title: 'retro backpack 复古背包', tags: ['backpack', '背包'], category: 'travel' }],
      events: [1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({ userId: `buyer-${k}`, productId: 'p-new-1', type: 'purchase', timestamp: now - 60_000 })),
    });
    expect(listed.status, JSON.stringify(listed.json)).toBe(200);
    expect(listed.json).toMatchObject({ events: 8, users: 8, skippedUnknownProduct: 0, products: { added: 1, unknownRemoved: [] } });
    const withNew = await post(b!.base, '/recommend', { userId: 'stranger', n: 5, now });
    expect(items(withNew).map((i) => i.productId)).toContain('p-new-1');
    shown += exposure(withNew);
    const removed = await post(b!.base, '/observe', { products: [{ id: 'p-new-1', remove: true }, { id: 'never-listed', remove: true }] });
    expect(removed.json).toMatchObject({ products: { removed: 1, unknownRemoved: ['never-listed'] } });
    const withoutNew = await post(b!.base, '/recommend', { userId: 'stranger', n: 5, now });
    expect(items(withoutNew).map((i) => i.productId)).not.toContain('p-new-1');
    shown += exposure(withoutNew);
    const badProduct = await post(b!.base, '/observe', { products: [{ id: 'p-new-2', merchantId: 'm-new', title: '' }] });
    expect(badProduct.status).toBe(400);
    expect(String(badProduct.json.error)).toMatch(/^observe\.products\[0\]: field "title"/);

    // the ledger is shared: b's view comes to hold a's slates too
    const deadline = Date.now() + 10_000;
    let seen = 0;
    while (Date.now() < deadline) {
      seen = (await health(b!.base)).ledger.totals.exposure;
      if (Math.abs(seen - shown) < 1e-9 * shown) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toBeCloseTo(shown, 9);

    // bad input is a 400 with the library's message
    const bad = await post(a!.base, '/recommend', { userId: 'u-0001', n: 0 });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toMatch(/n must be a positive integer/);
    expect((await post(a!.base, '/nowhere', {})).status).toBe(404);

    // graceful shutdown flushes the write queues
    a!.child.kill('SIGTERM');
    b!.child.kill('SIGTERM');
    expect(await a!.exited).toBe(0);
    expect(await b!.exited).toBe(0);
    expect(a!.output.join('\n')).toMatch(/ledger flushed: 4 records applied, 0 pending, 0 dropped/);
    expect(b!.output.join('\n')).toMatch(/ledger flushed: 3 records applied, 0 pending, 0 dropped/);
    const totals = await storeTotals(url, prefix, now, 86_400_000);
    expect(totals.exposure).toBeCloseTo(shown, 9);
  }, 120_000);
});
