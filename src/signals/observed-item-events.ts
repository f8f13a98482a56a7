import type { IdIndex } from '../dataset/id-index.js';
import { FormatError } from '../errors.js';
import type { StateArray } from './signal.js';
import { TimedPairs } from './timed-pairs.js';

/** One event observed after fit, as the products' own bursts count it. */
export interface ObservedItemEvent {
  /** Product index (in the dataset as it stands). */
  readonly product: number;
  /** The user's id. */
  readonly userId: string;
  /** Event time, epoch ms. */
  readonly time: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The prune clock is the time of this newest event (1 = the newest). */
const CLOCK_RANK = 8;

/** State keys under which the events are saved (a signal's state is a map of named arrays). */
const KEYS = { times: 'observedEvents.times', products: 'observedEvents.products', users: 'observedEvents.users', newUsers: 'observedEvents.newUsers' } as const;

/**
 * The positive-weight events observed after fit, for the products' own bursts: per product its
 * (time, user) pairs, and over all products its (time, product) and (time, user) pairs (the same
 * events in the same order), all in time order. A user is keyed by its index among the fitted
 * users, or by `fittedUsers + k` for the k-th user new since the fit, so a user counts once over
 * the fitted log and these events together. Events older than
 * `retentionMs` before the newest ones are dropped (no request near that time can count them;
 * pruning waits until the oldest is an eighth of the retention past it, so it runs now and then).
 */
export class ObservedItemEvents {
  readonly #all = new TimedPairs();
  /** The events of {@link #all} in the same order, with their user keys. */
  readonly #allUsers = new TimedPairs();
  readonly #byProduct = new Map<number, TimedPairs>();
  readonly #users: IdIndex;
  readonly #newUsers = new Map<string, number>();
  readonly #newUserIds: string[] = [];
  readonly #retentionMs: number;

  /** `users`: the fitted users' index; `retentionMs`: how long before the newest event one is kept. */
  constructor(users: IdIndex, retentionMs: number) {
    this.#users = users;
    this.#retentionMs = retentionMs;
  }

  /** Number of events held. */
  get length(): number {
    return this.#all.length;
  }

  /** Number of distinct user keys (fitted users plus users new since the fit). */
  get userKeys(): number {
    return this.#users.size + this.#newUserIds.length;
  }

  /** Time of the oldest event held (Infinity when none). */
  get first(): number {
    return this.#all.first;
  }

  /**
   * Adds events (any order: sorted by time here, equal times in the order given, then appended or
   * merged, O(held + batch log batch)), then drops those older than the retention.
   */
  add(events: readonly ObservedItemEvent[]): void {
    const order = Array.from(events.keys()).sort((a, b) => events[a]!.time - events[b]!.time || a - b);
    const times = order.map((i) => events[i]!.time);
    const users = order.map((i) => this.#userKey(events[i]!.userId));
    // Both lists merge by time alone, so the same events land at the same positions in each.
    this.#all.insertSorted(times, order.map((i) => events[i]!.product));
    this.#allUsers.insertSorted(times, users);
    const byProduct = new Map<number, { times: number[]; users: number[] }>();
    order.forEach((i, k) => {
      const e = events[i]!;
      let batch = byProduct.get(e.product);
      if (batch === undefined) byProduct.set(e.product, (batch = { times: [], users: [] }));
      batch.times.push(e.time);
      batch.users.push(users[k]!);
    });
    for (const [p, batch] of byProduct) {
      let pairs = this.#byProduct.get(p);
      if (pairs === undefined) this.#byProduct.set(p, (pairs = new TimedPairs()));
      pairs.insertSorted(batch.times, batch.users);
    }
    this.#prune();
  }

  /** The product's (time, user key) pairs, or undefined when it has none. */
  ofProduct(p: number): TimedPairs | undefined {
    return this.#byProduct.get(p);
  }

  /** The (time, product) pairs of every product. */
  get all(): TimedPairs {
    return this.#all;
  }

  /** The events of {@link all} in the same order, as (time, user key) pairs. */
  get allUsers(): TimedPairs {
    return this.#allUsers;
  }

  #userKey(userId: string): number {
    const fitted = this.#users.indexOf(userId);
    if (fitted >= 0) return fitted;
    let k = this.#newUsers.get(userId);
    if (k === undefined) {
      k = this.#newUserIds.length;
      this.#newUsers.set(userId, k);
      this.#newUserIds.push(userId);
    }
    return this.#users.size + k;
  }

  /**
   * Drops the events older than the retention before the clock, once the oldest is an eighth of it
   * past (amortised). The clock is the {@link CLOCK_RANK}-th newest event's time, not the newest, so
   * a few events dated far ahead (a wrong clock or time unit) cannot make the tail forget the present.
   */
  #prune(): void {
    const all = this.#all;
    if (all.length < CLOCK_RANK) return;
    const horizon = all.timeAt(all.length - CLOCK_RANK) - this.#retentionMs;
    if (!(all.first < horizon - this.#retentionMs / 8)) return;
    all.dropBefore(horizon);
    this.#allUsers.dropBefore(horizon);
    for (const [p, pairs] of this.#byProduct) {
      pairs.dropBefore(horizon);
      if (pairs.length === 0) this.#byProduct.delete(p);
    }
    this.#forgetUsers();
  }

  /**
   * Renumbers the users new since the fit to those the held events still name, once the others
   * are most of the table (so the table, and the stamps sized by it, stay within twice the live ones).
   */
  #forgetUsers(): void {
    const fitted = this.#users.size;
    const live = new Set<number>();
    const all = this.#allUsers;
    for (let k = 0; k < all.length; k++) if (all.valueAt(k) >= fitted) live.add(all.valueAt(k));
    if (this.#newUserIds.length <= 2 * live.size + 64) return;
    const kept = [...live].sort((a, b) => a - b);
    const remap = new Map<number, number>(kept.map((key, i) => [key, fitted + i]));
    const ids = kept.map((key) => this.#newUserIds[key - fitted]!);
    const renumber = (u: number): number => (u < fitted ? u : remap.get(u)!);
    for (const pairs of this.#byProduct.values()) pairs.mapValues(renumber);
    all.mapValues(renumber);
    this.#newUsers.clear();
    this.#newUserIds.length = 0;
    for (const id of ids) {
      this.#newUsers.set(id, this.#newUserIds.length);
      this.#newUserIds.push(id);
    }
  }

  /** The events as named arrays for a signal's state (empty map when there are none). */
  toState(): Map<string, StateArray> {
    const out = new Map<string, StateArray>();
    if (this.length === 0) return out;
    const { times, values: products } = this.#all.toArrays();
    const users = this.#allUsers.toArrays().values;
    out.set(KEYS.times, times);
    out.set(KEYS.products, products);
    out.set(KEYS.users, users);
    out.set(KEYS.newUsers, encoder.encode(JSON.stringify(this.#newUserIds)));
    return out;
  }

  /**
   * Restores events saved by {@link toState} into this (empty) tail, checked against the dataset
   * (`products` products).
   * @throws FormatError naming the key and the entry that does not fit.
   */
  restore(state: ReadonlyMap<string, StateArray>, products: number): void {
    const times = state.get(KEYS.times);
    if (times === undefined) return;
    const productsOf = state.get(KEYS.products);
    const users = state.get(KEYS.users);
    const names = state.get(KEYS.newUsers);
    if (!(times instanceof Float64Array) || !(productsOf instanceof Int32Array) || !(users instanceof Int32Array) || !(names instanceof Uint8Array)) {
      throw new FormatError(`trending state: ${KEYS.times} (float64), ${KEYS.products}, ${KEYS.users} (int32) and ${KEYS.newUsers} (uint8) go together`);
    }
    const n = times.length;
    if (productsOf.length !== n || users.length !== n) throw new FormatError(`trending state: ${n} observed event times but ${productsOf.length} products and ${users.length} users`);
    const newUsers = parseNames(names);
    for (const id of newUsers) {
      if (this.#users.has(id) || this.#newUsers.has(id)) throw new FormatError(`trending state: ${KEYS.newUsers} lists ${JSON.stringify(id)}, a fitted user or a repeat`);
      this.#newUsers.set(id, this.#newUserIds.length);
      this.#newUserIds.push(id);
    }
    const keys = this.userKeys;
    const events: ObservedItemEvent[] = [];
    for (let i = 0; i < n; i++) {
      const t = times[i]!;
      if (!Number.isFinite(t) || (i > 0 && t < times[i - 1]!)) throw new FormatError(`trending state: ${KEYS.times}[${i}] = ${t} is not finite and ascending`);
      if (!(productsOf[i]! >= 0 && productsOf[i]! < products)) throw new FormatError(`trending state: ${KEYS.products}[${i}] = ${productsOf[i]}, outside 0..${products - 1}`);
      const u = users[i]!;
      if (!(u >= 0 && u < keys)) throw new FormatError(`trending state: ${KEYS.users}[${i}] = ${u}, outside 0..${keys - 1}`);
      events.push({ product: productsOf[i]!, userId: u < this.#users.size ? this.#users.idAt(u) : newUsers[u - this.#users.size]!, time: t });
    }
    this.add(events);
  }
}

function parseNames(bytes: Uint8Array): string[] {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new FormatError(`trending state: ${KEYS.newUsers} is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(json) || !json.every((s) => typeof s === 'string')) throw new FormatError(`trending state: ${KEYS.newUsers} must be a JSON array of strings`);
  return json as string[];
}
