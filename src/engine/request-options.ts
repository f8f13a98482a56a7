import { DataError } from '../errors.js';
import type { Product, TopicInput } from '../schema/entities.js';

/** Options of one `recommend` call; each overrides the config for this call only. */
export interface RecommendOptions {
  /** Slate length (a positive integer; the slate never holds more than the catalogue). @default config.n */
  readonly n?: number;
  /** Request time, epoch ms (trend heat and decay are computed at this time). @default the fit's reference time */
  readonly now?: number;
  /** Product ids never to return (unknown ids are ignored). */
  readonly exclude?: Iterable<string>;
  /** Caller's predicate: return false to drop a product. */
  readonly filter?: (product: Product) => boolean;
  /**
   * Topics this request is about (the hot search a user came from, a topic the caller just
   * learned of), used for this request only. Under trending's default `requestTopics: 'lead'`
   * they are the request's only trends: the held topics and the products' own bursts do not
   * count in it; with `'add'` they join the held ones.
   */
  readonly topics?: readonly TopicInput[];
  /** Product ids to consider as candidates in addition to the sources' (source `caller` in the trace). */
  readonly candidates?: Iterable<string>;
  /** Record this slate into the exposure ledger. @default config.fairness.record */
  readonly record?: boolean;
}

/** Options of `similarItems`. */
export interface SimilarOptions {
  /** Number of products. @default config.n */
  readonly n?: number;
  /** Leave out-of-stock products out. @default config.excludeOutOfStock */
  readonly inStockOnly?: boolean;
}

const isIterable = (x: unknown): x is Iterable<unknown> =>
  x !== null && typeof x === 'object' && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';

/**
 * Checks a `recommend` call's arguments before anything runs, so that a wrong type is a
 * DataError naming the option instead of a TypeError from deep inside. Returns the slate length.
 * @throws DataError naming the bad argument, what was expected and what was received.
 */
export function checkRecommendOptions(userId: unknown, options: unknown, defaultN: number): { n: number } {
  const fail = (what: string, expected: string, got: unknown): never => {
    throw new DataError(`recommend: ${what} must be ${expected}, got ${describe(got)}`);
  };
  if (typeof userId !== 'string' || userId.trim() === '') fail('userId', 'a non-empty string', userId);
  // An array is an object too, and inherits a `filter` function: refused before its methods are read as options.
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail('options', 'an object', options);
  const o = options as Record<string, unknown>;
  const n = o['n'] ?? defaultN;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('n', 'a positive integer', n);
  const now = o['now'];
  if (now !== undefined && (typeof now !== 'number' || !Number.isFinite(now) || Math.abs(now) > MAX_DATE_MS)) fail('now', 'a finite epoch ms within the Date range', now);
  for (const key of ['exclude', 'candidates'] as const) {
    const v = o[key];
    if (v !== undefined && (typeof v === 'string' || !isIterable(v))) fail(key, 'an iterable of product ids', v);
  }
  if (o['filter'] !== undefined && typeof o['filter'] !== 'function') fail('filter', 'a function', o['filter']);
  if (o['topics'] !== undefined && !Array.isArray(o['topics'])) fail('topics', 'an array of topics', o['topics']);
  if (o['record'] !== undefined && typeof o['record'] !== 'boolean') fail('record', 'a boolean', o['record']);
  return { n: n as number };
}

/** The largest epoch ms a Date holds (about 275,760 years either side of 1970). */
const MAX_DATE_MS = 8.64e15;
/** How far after the data's reference time a recorded request may lie, ms (10 years). */
const MAX_RECORD_AHEAD_MS = 10 * 365.25 * 86_400_000;

/**
 * Refuses a time at which a slate cannot meaningfully be recorded into the exposure ledger: more
 * than 10 years after the data's reference time (the ledger's clock would move there and every
 * later record decay to nothing), or a time that reads as epoch seconds against data in epoch ms
 * (recorded in January 1970, it would decay to nothing at once). Not recording, any time goes.
 * @throws DataError naming `now`, the data's time and what to check.
 */
export function checkRecordTime(now: number, referenceTime: number): void {
  if (!Number.isFinite(referenceTime)) return;
  const at = (t: number): string => new Date(t).toISOString();
  if (now > referenceTime + MAX_RECORD_AHEAD_MS) {
    throw new DataError(
      `recommend: now ${at(now)} is more than 10 years after the data (${at(referenceTime)}); recording this slate would move the exposure ledger's clock there and every later record would decay to nothing. Check the clock, or pass record: false`,
    );
  }
  if (referenceTime >= 1e11 && now > 0 && now < referenceTime / 100) {
    throw new DataError(`recommend: now ${now} reads as ${at(now)}, long before the data (${at(referenceTime)}): it looks like epoch seconds; now is epoch milliseconds`);
  }
}

/** A short description of a received value for messages: its type, and the value when short. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
