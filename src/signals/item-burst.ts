import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import { DAY_MS } from '../dataset/event-weighting.js';
import type { Dataset } from '../dataset/dataset.js';
import { poissonTail } from '../_internal/poisson-tail.js';
import { HeavyUsers } from './heavy-users.js';
import { ObservedItemEvents, type ObservedItemEvent } from './observed-item-events.js';
import type { StateArray } from './signal.js';
import { burstFactor, upperBound } from './topic-heat.js';

/**
 * Prior of the shop's surge, events: the other products' events in the short window and those
 * expected at their earlier rate each get this many added, so a shop with a handful of events is
 * not judged to surge (3 events against 0.2 expected reads as x1.1, not x15).
 */
export const SURGE_PRIOR_EVENTS = 20;

/** Options of {@link ItemBursts.addBursts}. */
export interface ItemBurstOptions {
  /** Short window, ms. */
  readonly shortMs: number;
  /** Long window, ms. */
  readonly longMs: number;
  /** Fewest distinct users in the short window for a product to count as bursting. */
  readonly minUsers: number;
  /** Smallest burst factor that counts. */
  readonly minBurst: number;
  /**
   * Largest expected number of products bursting by chance: a burst counts only when its
   * {@link ItemBurst.chance} times the products active in the short window is at most this
   * (`Infinity`: no chance test).
   */
  readonly significance: number;
  /** Multiplier of the burst factor in the trend score. */
  readonly weight: number;
  /** Judge a product against the whole shop's activity ({@link ItemBurst.surge}). */
  readonly relative: boolean;
  /** Leave out users with more than this many times the median events in the short window ({@link HeavyUsers}; `Infinity`: none). */
  readonly heavyUserFactor: number;
}

/** A product's own burst at one time: distinct users per window, the burst factor and its chance. */
export interface ItemBurst {
  /** Distinct users in the short window. */
  readonly short: number;
  /** Distinct users in the long window (the short one included). */
  readonly long: number;
  /**
   * Burst factor, `(short users/day + 1) / (long'/day + 1)`, where `long'` is the long window's
   * users with those of its earlier part (before the short window) counted `surge` times.
   */
  readonly burst: number;
  /**
   * Users expected in the short window at the product's earlier rate: distinct users in the long
   * window before the short one, plus one as a prior, per day, times the short window's days and
   * the {@link ItemBurst.surge}.
   */
  readonly expected: number;
  /** `P(X >= short)` for `X ~ Poisson(expected)`: the chance of this many users at the earlier rate. */
  readonly chance: number;
  /**
   * How much busier the rest of the shop is in the short window than before it: the other
   * products' events in the short window over those expected at their earlier rate, each plus
   * {@link SURGE_PRIOR_EVENTS}, at least 1 (1 when not judged relative to it). The product's earlier rate
   * is multiplied by it, in the expected users and in the burst factor's long-window rate: when
   * the whole shop is four times as busy (a day of bulk rating, a sale), a product four times as
   * busy is not bursting.
   */
  readonly surge: number;
  /** Users of the shop left out of every count as heavy in the short window ({@link HeavyUsers}), whether or not they touched this product. */
  readonly heavyUsers: number;
}

/**
 * Item-level trending: each product's own interaction rate, counted as distinct users with an
 * event of positive base weight (impressions do not count; one user's click, view and cart count
 * once), over a short window against a long one, from the dataset's event log and the events
 * observed after fit ({@link observe}; kept for `retentionMs` before the newest). Events after
 * `now` are ignored; so are, in every count, the users heavy in the short window when a heavy-user
 * factor is given ({@link HeavyUsers}). Cost per judgement (the trending signal judges once a
 * step, `ItemBurstCache`): the events in the short window, plus the long-window events of the
 * products that pass `minUsers`.
 */
export class ItemBursts {
  /** Positive-weight events sorted by time: times, products and users. */
  readonly #times: Float64Array;
  readonly #products: Int32Array;
  readonly #users: Int32Array;
  /** Per product, its events ascending by time (CSR by product): times and users. */
  readonly #indptr: Int32Array;
  readonly #productTimes: Float64Array;
  readonly #productUsers: Int32Array;
  /** Per user, the stamp of the last count that saw it (distinct counting without allocation). */
  #stamp: Int32Array;
  #token = 0;
  readonly #counts: SparseAccumulator;
  readonly #observed: ObservedItemEvents;
  readonly #heavy: HeavyUsers;

  /** `retentionMs`: how long before the newest observed event one is kept (the long window). */
  constructor(dataset: Dataset, retentionMs: number) {
    this.#observed = new ObservedItemEvents(dataset.users, retentionMs);
    const log = dataset.events;
    const P = dataset.products.size;
    const keep: number[] = [];
    for (let e = 0; e < log.length; e++) if (log.weight[e]! > 0) keep.push(e);
    keep.sort((a, b) => log.time[a]! - log.time[b]! || a - b);
    this.#times = Float64Array.from(keep, (e) => log.time[e]!);
    this.#products = Int32Array.from(keep, (e) => log.product[e]!);
    this.#users = Int32Array.from(keep, (e) => log.user[e]!);
    const indptr = new Int32Array(P + 1);
    for (const p of this.#products) indptr[p + 1]!++;
    for (let p = 0; p < P; p++) indptr[p + 1]! += indptr[p]!;
    const fill = indptr.slice(0, P);
    const productTimes = new Float64Array(keep.length);
    const productUsers = new Int32Array(keep.length);
    // Events are visited in time order, so each product's slice comes out ascending.
    for (let k = 0; k < keep.length; k++) {
      const at = fill[this.#products[k]!]!++;
      productTimes[at] = this.#times[k]!;
      productUsers[at] = this.#users[k]!;
    }
    this.#indptr = indptr;
    this.#productTimes = productTimes;
    this.#productUsers = productUsers;
    this.#stamp = new Int32Array(dataset.users.size);
    this.#counts = new SparseAccumulator(P);
    this.#heavy = new HeavyUsers(this.#times, this.#users, this.#observed);
  }

  /**
   * Takes events observed after fit (positive base weight, products of the catalogue as it
   * stands): they count from now on, like the fitted log's.
   */
  observe(events: readonly ObservedItemEvent[]): void {
    if (events.length === 0) return;
    this.#observed.add(events);
    this.#heavy.eventsChanged();
    let top = 0;
    for (const e of events) if (e.product >= top) top = e.product + 1;
    this.#fitScratch(top);
  }

  /** Sizes the per-product counts (for products below `top`) and the per-user stamps for the observed users. */
  #fitScratch(top: number): void {
    this.#counts.reserve(top);
    if (this.#stamp.length < this.#observed.userKeys) {
      const stamp = new Int32Array(Math.max(this.#observed.userKeys, 2 * this.#stamp.length));
      stamp.set(this.#stamp);
      this.#stamp = stamp;
    }
  }

  /** The observed events as named state arrays (for model files; empty when there are none). */
  observedState(): Map<string, StateArray> {
    return this.#observed.toState();
  }

  /** Restores observed events saved by {@link observedState} (checked against `products`). */
  restoreObserved(state: ReadonlyMap<string, StateArray>, products: number): void {
    this.#observed.restore(state, products);
    this.#heavy.eventsChanged();
    this.#fitScratch(products);
  }

  /**
   * Distinct users with an event on product `p` in `(now - windowMs, now]`, fitted and observed,
   * the users marked heavy left out.
   */
  #distinctUsers(p: number, now: number, windowMs: number): number {
    if (this.#token === 0x7fffffff) {
      // The stamps are Int32: start the tokens over before they would wrap.
      this.#stamp.fill(0);
      this.#token = 0;
    }
    const token = ++this.#token;
    const stamp = this.#stamp;
    const heavy = this.#heavy;
    let n = 0;
    // A product added after fit has no events in the log.
    if (p >= 0 && p < this.#indptr.length - 1) {
      const s = this.#indptr[p]!;
      const e = this.#indptr[p + 1]!;
      const end = upperBound(this.#productTimes, now, s, e);
      for (let k = upperBound(this.#productTimes, now - windowMs, s, e); k < end; k++) {
        const u = this.#productUsers[k]!;
        if (stamp[u] !== token && !heavy.has(u)) {
          stamp[u] = token;
          n++;
        }
      }
    }
    const seen = this.#observed.ofProduct(p);
    if (seen !== undefined) {
      const end = seen.upperBound(now);
      for (let k = seen.upperBound(now - windowMs); k < end; k++) {
        const u = seen.valueAt(k);
        if (stamp[u] !== token && !heavy.has(u)) {
          stamp[u] = token;
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Distinct users per window, the burst factor (rates per day) and its chance of product `p` at
   * `now`. The long window's rate is taken over the history the log has (`now` minus its first
   * event, when shorter than the window), so a log that starts inside the long window does not read
   * as a burst; without more history than the short window there is no burst to judge (factor 1,
   * chance 1). With `relative`, the product's earlier rate is scaled by the shop's
   * {@link ItemBurst.surge}. Users with more than `heavyUserFactor` times the median events in the
   * short window are left out of every count.
   */
  burstOf(p: number, now: number, shortMs: number, longMs: number, relative = false, heavyUserFactor = Number.POSITIVE_INFINITY): ItemBurst {
    this.#heavy.mark(now, shortMs, heavyUserFactor);
    const heavyUsers = this.#heavy.count;
    const short = this.#distinctUsers(p, now, shortMs);
    const long = this.#distinctUsers(p, now, longMs);
    const first = Math.min(this.#times.length === 0 ? Infinity : this.#times[0]!, this.#observed.first);
    const history = Number.isFinite(first) ? now - first : 0;
    const longEffective = Math.min(longMs, history);
    if (!(longEffective > shortMs)) return { short, long, burst: 1, expected: short, chance: 1, surge: 1, heavyUsers };
    const earlierMs = longEffective - shortMs;
    const surge = relative ? this.#surge(p, now, shortMs, earlierMs) : 1;
    const earlier = this.#distinctUsers(p, now - shortMs, earlierMs);
    const expected = (((earlier + 1) * shortMs) / earlierMs) * surge;
    return {
      short,
      long,
      // Only the earlier part of the long window is scaled: the short window is the busy one.
      burst: burstFactor(short, shortMs / DAY_MS, long + (surge - 1) * earlier, longEffective / DAY_MS),
      expected,
      chance: poissonTail(short, expected),
      surge,
      heavyUsers,
    };
  }

  /**
   * The other products' events in `(now - shortMs, now]` over those expected there at their rate
   * in the `earlierMs` before it, each plus {@link SURGE_PRIOR_EVENTS}; at least 1.
   */
  #surge(p: number, now: number, shortMs: number, earlierMs: number): number {
    const recent = this.#events(now, shortMs) - this.#events(now, shortMs, p);
    const atEarlierRate = ((this.#events(now - shortMs, earlierMs) - this.#events(now - shortMs, earlierMs, p)) * shortMs) / earlierMs;
    return Math.max(1, (recent + SURGE_PRIOR_EVENTS) / (atEarlierRate + SURGE_PRIOR_EVENTS));
  }

  /**
   * Positive-weight events in `(now - windowMs, now]`, fitted and observed, of every product or of
   * product `p`, those of the users marked heavy left out.
   */
  #events(now: number, windowMs: number, p?: number): number {
    const heavy = this.#heavy;
    if (p === undefined) {
      const all = this.#observed.all;
      const n = upperBound(this.#times, now) - upperBound(this.#times, now - windowMs) + all.upperBound(now) - all.upperBound(now - windowMs);
      return heavy.count === 0 ? n : n - heavy.eventsIn(now, windowMs);
    }
    let n = 0;
    if (p >= 0 && p < this.#indptr.length - 1) {
      const s = this.#indptr[p]!;
      const e = this.#indptr[p + 1]!;
      const end = upperBound(this.#productTimes, now, s, e);
      const start = upperBound(this.#productTimes, now - windowMs, s, e);
      n += end - start;
      if (heavy.count > 0) for (let k = start; k < end; k++) if (heavy.has(this.#productUsers[k]!)) n--;
    }
    const seen = this.#observed.ofProduct(p);
    if (seen !== undefined) {
      const end = seen.upperBound(now);
      const start = seen.upperBound(now - windowMs);
      n += end - start;
      if (heavy.count > 0) for (let k = start; k < end; k++) if (heavy.has(seen.valueAt(k))) n--;
    }
    return n;
  }

  /**
   * Distinct products with a positive-weight event in `(now - shortMs, now]` from a user not heavy
   * at `heavyUserFactor` (as in {@link burstOf}).
   */
  activeProducts(now: number, shortMs: number, heavyUserFactor = Number.POSITIVE_INFINITY): number {
    this.#heavy.mark(now, shortMs, heavyUserFactor);
    const n = this.#countWindow(now, shortMs);
    this.#counts.reset();
    return n;
  }

  /**
   * Counts the positive-weight events per product in `(now - shortMs, now]` (the marked heavy
   * users' left out) into the scratch accumulator (left filled: the caller resets it); returns the
   * number of products touched.
   */
  #countWindow(now: number, shortMs: number): number {
    const counts = this.#counts;
    const heavy = this.#heavy;
    counts.reset();
    const end = upperBound(this.#times, now);
    for (let k = upperBound(this.#times, now - shortMs); k < end; k++) if (!heavy.has(this.#users[k]!)) counts.add(this.#products[k]!, 1);
    const seen = this.#observed.all;
    const seenUsers = this.#observed.allUsers;
    const seenEnd = seen.upperBound(now);
    for (let k = seen.upperBound(now - shortMs); k < seenEnd; k++) if (!heavy.has(seenUsers.valueAt(k))) counts.add(seen.valueAt(k), 1);
    return counts.count;
  }

  /**
   * True when a product's burst counts: enough users, a large enough factor, and unlikely by chance
   * across the `active` products of the short window (`chance * active <= significance`, a
   * Bonferroni bound on the products that burst by chance).
   */
  static counts(b: ItemBurst, o: ItemBurstOptions, active: number): boolean {
    return b.short >= o.minUsers && b.burst >= o.minBurst && b.chance * active <= o.significance;
  }

  /**
   * Adds `weight * b` to `out` for every product whose burst counts ({@link ItemBursts.counts}):
   * at least `minUsers` distinct users in the short window, a burst factor `b >= minBurst`, and
   * unlikely by chance among the products active in the window.
   */
  addBursts(now: number, o: ItemBurstOptions, out: SparseAccumulator): void {
    // Events in the window bound the distinct users from above: skip products that cannot pass.
    this.#heavy.mark(now, o.shortMs, o.heavyUserFactor);
    const active = this.#countWindow(now, o.shortMs);
    const counts = this.#counts;
    for (let k = 0; k < active; k++) {
      const p = counts.touchedAt(k);
      if (counts.values[p]! < o.minUsers) continue;
      const b = this.burstOf(p, now, o.shortMs, o.longMs, o.relative, o.heavyUserFactor);
      if (ItemBursts.counts(b, o, active)) out.add(p, o.weight * b.burst);
    }
    counts.reset();
  }
}
