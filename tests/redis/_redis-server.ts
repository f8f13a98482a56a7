/**
 * Real Redis for tests. `.ci/run` installs Debian's redis-server and exports GFP_REDIS_URL; tests
 * that must kill their server start their own from the same binary. Outside CI, when no server
 * can be had, the caller skips with the printed reason; inside CI (CI=true) that is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The redis-server binary: GFP_REDIS_SERVER or the one on PATH. */
export const REDIS_SERVER = process.env.GFP_REDIS_SERVER ?? 'redis-server';

/** A redis-server process this test run owns. */
export interface OwnedRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILLs the server (as a crash would). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops it and removes its data directory. */
  stop(): Promise<void>;
}

/** Why Redis cannot be used here, or undefined when the binary runs. */
export function redisServerMissing(): string | undefined {
  const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (r.error !== undefined) return `${REDIS_SERVER} cannot be run (${r.error.message}); install Debian's redis-server or set GFP_REDIS_SERVER`;
  return r.status === 0 ? undefined : `${REDIS_SERVER} --version exited ${r.status}`;
}

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves true once `PING` on host:port answers `+PONG`, false after `ms`. */
export async function waitForPong(port: number, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = createConnection({ host: '127.0.0.1', port }, () => c.write('PING\r\n'));
      c.setTimeout(500, () => c.destroy());
      c.once('data', (d) => {
        c.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      c.once('error', () => resolve(false));
      c.once('close', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const owned = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of owned) p.kill('SIGKILL');
});

/**
 * Starts a redis-server on a free loopback port. `persist`: append-only file fsynced on every
 * write, so a SIGKILL loses nothing acknowledged and a restart reloads it.
 */
export async function startRedis(options: { persist?: boolean } = {}): Promise<OwnedRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gfp-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--protected-mode', 'no'];
  if (options.persist === true) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  let proc: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const p = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    owned.add(p);
    p.once('exit', () => owned.delete(p));
    proc = p;
    if (!(await waitForPong(port))) throw new Error(`${REDIS_SERVER} did not answer on 127.0.0.1:${port}`);
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const p = proc;
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => end('SIGKILL'),
    restart: launch,
    stop: async () => {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Redis a test file uses: GFP_REDIS_URL when set, else one it starts; or why it cannot. */
export type TestRedis = { readonly url: string; release(): Promise<void> } | { readonly skip: string };

/** Gets a Redis for tests; outside CI an unavailable Redis is a skip (the reason printed), in CI an error. */
export async function redisForTests(): Promise<TestRedis> {
  const given = process.env.GFP_REDIS_URL;
  if (given !== undefined && given !== '') {
    const port = Number(new URL(given).port || 6379);
    if (await waitForPong(port, 3000)) return { url: given, release: async () => undefined };
    return unavailable(`GFP_REDIS_URL=${given} does not answer PING`);
  }
  const missing = redisServerMissing();
  if (missing !== undefined) return unavailable(missing);
  const server = await startRedis();
  return { url: server.url, release: () => server.stop() };
}

function unavailable(reason: string): TestRedis {
  if (process.env.CI === 'true') throw new Error(`Redis is required in CI: ${reason}`);
  console.warn(`skipping Redis tests: ${reason}`);
  return { skip: reason };
}
