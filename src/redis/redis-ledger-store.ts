/**
 * The Redis implementation of {@link SharedLedgerStore}: per-merchant decay-and-add in one Lua
 * script per batch (atomic, idempotent by writer high-water marks, bounded, keys expiring).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConfigError, DataError } from '../errors.js';
import { MAX_LEDGER_MASS } from '../fairness/ledger-snapshot.js';
import { MAX_TOMBSTONES } from '../fairness/memory-ledger-store.js';
import type { ApplyResult, LedgerBatch, LedgerCursor, LedgerRead, LedgerRules, SharedLedgerStore, StoredLedgerEntry } from '../fairness/shared-ledger-store.js';
import { APPLY_SCRIPT, KEY_SUFFIXES, READ_SCRIPT } from './ledger-scripts.js';

/**
 * The few client methods the store uses; an ioredis `Redis` instance has them. `evalsha` and
 * `eval` take the key count, then keys and arguments.
 */
export interface RedisScriptClient {
  evalsha(sha1: string, numkeys: number, ...args: Array<string | number>): Promise<unknown>;
  eval(script: string, numkeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/** Options of {@link RedisLedgerStore}. */
export interface RedisLedgerStoreOptions {
  /** Key prefix; keep the braces (a Redis Cluster hash tag) so every key lands on one slot. @default '{gfp-ledger}' */
  readonly prefix?: string;
  /** Idle time after which the whole ledger expires, in half-lives (2^-30 of any mass is left by then). @default 30 */
  readonly keyTtlHalfLives?: number;
  /** A writer idle this long (ms) is forgotten; a batch it retries after that would count twice. @default 7 days */
  readonly writerTtlMs?: number;
  /** Writers remembered at most (the longest idle forgotten first). @default 100000 */
  readonly maxWriters?: number;
  /** Name in log lines. @default `redis <prefix>` */
  readonly name?: string;
  /** Called by `close()` (e.g. to quit a client the store opened). */
  readonly onClose?: () => Promise<void>;
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const APPLY_SHA = sha1(APPLY_SCRIPT);
const READ_SHA = sha1(READ_SCRIPT);

/** Runs a script by its SHA-1, loading it with EVAL when the server does not know it (e.g. after a restart). */
async function runScript(client: RedisScriptClient, script: string, sha: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script, keys.length, ...keys, ...args);
  }
}

const text = (x: unknown): string => (typeof x === 'string' ? x : Buffer.isBuffer(x) ? x.toString('utf8') : String(x));

/** Parses a stored "exposure merit updatedAt" value; non-numbers become NaN (refused by the reader). */
function parseEntry(merchantId: string, raw: string): StoredLedgerEntry {
  const parts = raw.split(' ');
  const num = (s: string | undefined): number => (s === undefined || s.trim() === '' ? Number.NaN : Number(s));
  return { merchantId, exposure: num(parts[0]), merit: num(parts[1]), updatedAt: parts.length === 3 ? num(parts[2]) : Number.NaN, raw };
}

/**
 * A shared ledger store on Redis (5+; scripts use TIME, which needs effect replication).
 * @example
 * const store = new RedisLedgerStore(new Redis(url, { enableOfflineQueue: false }));
 * const ledger = await new SharedLedger(store).start();
 */
export class RedisLedgerStore implements SharedLedgerStore {
  readonly name: string;
  readonly prefix: string;
  readonly #client: RedisScriptClient;
  readonly #keys: readonly string[];
  readonly #readKeys: readonly string[];
  readonly #keyTtlHalfLives: number;
  readonly #writerTtlMs: number;
  readonly #maxWriters: number;
  readonly #onClose: (() => Promise<void>) | undefined;

  /**
   * @param client a connected client (not closed by `close()` unless `onClose` says so)
   * @param options see {@link RedisLedgerStoreOptions}
   * @throws ConfigError for a bad option
   */
  constructor(client: RedisScriptClient, options: RedisLedgerStoreOptions = {}) {
    const prefix = options.prefix ?? '{gfp-ledger}';
    if (prefix === '') throw new ConfigError('redis ledger store: prefix must not be empty', 'prefix');
    const positive = (v: number | undefined, name: string, fallback: number): number => {
      if (v === undefined) return fallback;
      if (!(Number.isFinite(v) && v > 0)) throw new ConfigError(`redis ledger store: ${name} must be a positive number, got ${v}`, name);
      return v;
    };
    this.#keyTtlHalfLives = positive(options.keyTtlHalfLives, 'keyTtlHalfLives', 30);
    this.#writerTtlMs = positive(options.writerTtlMs, 'writerTtlMs', 7 * 86_400_000);
    this.#maxWriters = Math.floor(positive(options.maxWriters, 'maxWriters', 100_000));
    this.prefix = prefix;
    this.name = options.name ?? `redis ${prefix}`;
    this.#client = client;
    this.#keys = KEY_SUFFIXES.map((s) => `${prefix}:${s}`);
    this.#readKeys = ['e', 'v', 'd', 'm'].map((s) => `${prefix}:${s}`);
    this.#onClose = options.onClose;
  }

  /** Applies a batch in one atomic script (see {@link SharedLedgerStore.apply}). */
  async apply(batch: LedgerBatch, rules: LedgerRules): Promise<ApplyResult> {
    const args: Array<string | number> = [
      batch.writer,
      batch.seq,
      batch.at,
      rules.halfLifeMs,
      rules.maxEntries,
      rules.minMass,
      Math.max(1, Math.round(rules.halfLifeMs * this.#keyTtlHalfLives)),
      Math.round(this.#writerTtlMs),
      this.#maxWriters,
      randomUUID(),
      MAX_TOMBSTONES,
      MAX_LEDGER_MASS,
    ];
    for (let i = 0; i < batch.merchants.length; i++) args.push(batch.merchants[i]!, batch.exposure[i]!, batch.merit[i]!);
    let reply: unknown;
    try {
      reply = await runScript(this.#client, APPLY_SCRIPT, APPLY_SHA, this.#keys, args);
    } catch (error) {
      const m = error instanceof Error ? /GFP_HALF_LIFE (\S+)/.exec(error.message) : null;
      if (m !== null) throw new DataError(`${this.name}: the stored ledger has halfLifeMs ${m[1]}, this writer uses ${rules.halfLifeMs}`);
      throw error;
    }
    if (!Array.isArray(reply) || reply.length === 0) throw new DataError(`${this.name}: unexpected reply to apply: ${JSON.stringify(reply)}`);
    return { applied: Number(reply[0]) === 1, repaired: reply.slice(1).map(text) };
  }

  /** Reads entries changed since `since` in one atomic script (see {@link SharedLedgerStore.read}). */
  async read(since?: LedgerCursor): Promise<LedgerRead> {
    const reply = await runScript(this.#client, READ_SCRIPT, READ_SHA, this.#readKeys, [since?.generation ?? '\u0000none', since?.seq ?? -1]);
    if (!Array.isArray(reply) || reply.length !== 5 || !Array.isArray(reply[3]) || !Array.isArray(reply[4])) {
      throw new DataError(`${this.name}: unexpected reply to read`);
    }
    const flat = reply[3] as unknown[];
    const entries: StoredLedgerEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push(parseEntry(text(flat[i]), text(flat[i + 1])));
    return {
      cursor: { generation: text(reply[0]), seq: Number(text(reply[1])) },
      full: Number(reply[2]) === 1,
      entries,
      removed: (reply[4] as unknown[]).map(text),
    };
  }

  /** Runs `onClose` (quits the client when the store opened it). */
  async close(): Promise<void> {
    await this.#onClose?.();
  }
}
