import { medianInPlace } from '../_internal/median.js';
import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import type { ObservedItemEvents } from './observed-item-events.js';
import { upperBound } from './topic-heat.js';

/**
 * The users far busier than the rest in a window: crawlers, bots, load tests, bulk raters. A user
 * is heavy when its positive-weight events in the window (fitted and observed) number more than
 * `factor` times the median of the window's active users (a count equal to the bound is not
 * heavy). The products' own bursts leave heavy users out of every count, so one crawler can neither
 * make a product trend nor, by swelling the shop's activity, switch a real burst off. Marking costs the window's events plus a linear-time median of its active users'
 * counts; it is kept until the window, the factor or the events change.
 */
export class HeavyUsers {
  /** Fitted events in time order: times and user indices. */
  readonly #times: Float64Array;
  readonly #users: Int32Array;
  readonly #observed: ObservedItemEvents;
  readonly #counts = new SparseAccumulator();
  /** The active users' counts, for the median. */
  #scratch = new Float64Array(16);
  #flag = new Uint8Array(0);
  #heavy: number[] = [];
  #marked: { now: number; windowMs: number; factor: number; version: number } | undefined;
  /** {@link eventsIn} of the current marks, by window (a judgement asks the same two windows for every product). */
  readonly #eventsIn = new Map<string, number>();
  #version = 0;

  /**
   * `times` and `users`: the fitted positive-weight events in time order (kept by reference);
   * `observed`: the events observed after fit (read at each {@link mark}).
   */
  constructor(times: Float64Array, users: Int32Array, observed: ObservedItemEvents) {
    this.#times = times;
    this.#users = users;
    this.#observed = observed;
  }

  /** Marks the marks stale: events were observed. */
  eventsChanged(): void {
    this.#version++;
  }

  /** Number of users marked heavy. */
  get count(): number {
    return this.#heavy.length;
  }

  /** True when user key `u` is marked heavy. */
  has(u: number): boolean {
    return this.#flag[u] === 1;
  }

  /**
   * Marks the heavy users of `(now - windowMs, now]` at `factor` times the median (`Infinity`:
   * none), unless that is what is marked.
   */
  mark(now: number, windowMs: number, factor: number): void {
    const m = this.#marked;
    if (m !== undefined && m.now === now && m.windowMs === windowMs && m.factor === factor && m.version === this.#version) return;
    this.#marked = { now, windowMs, factor, version: this.#version };
    this.#eventsIn.clear();
    for (const u of this.#heavy) this.#flag[u] = 0;
    this.#heavy = [];
    if (!Number.isFinite(factor)) return;
    const counts = this.#counts;
    counts.reserve(this.#observed.userKeys);
    counts.reset();
    const end = upperBound(this.#times, now);
    for (let k = upperBound(this.#times, now - windowMs); k < end; k++) counts.add(this.#users[k]!, 1);
    const seen = this.#observed.allUsers;
    const seenEnd = seen.upperBound(now);
    for (let k = seen.upperBound(now - windowMs); k < seenEnd; k++) counts.add(seen.valueAt(k), 1);
    const active = counts.count;
    if (active > 0) {
      if (this.#scratch.length < active) this.#scratch = new Float64Array(Math.max(active, 2 * this.#scratch.length));
      for (let i = 0; i < active; i++) this.#scratch[i] = counts.values[counts.touchedAt(i)]!;
      const bound = factor * medianInPlace(this.#scratch, active);
      if (this.#flag.length < counts.size) {
        const flag = new Uint8Array(counts.size);
        flag.set(this.#flag);
        this.#flag = flag;
      }
      for (let i = 0; i < active; i++) {
        const u = counts.touchedAt(i);
        if (counts.values[u]! > bound) {
          this.#flag[u] = 1;
          this.#heavy.push(u);
        }
      }
    }
    counts.reset();
  }

  /**
   * The marked users' positive-weight events in `(now - windowMs, now]`, fitted and observed
   * (0 without marked users; else one scan of the window's events per window and marks).
   */
  eventsIn(now: number, windowMs: number): number {
    if (this.#heavy.length === 0) return 0;
    const key = `${now}:${windowMs}`;
    const known = this.#eventsIn.get(key);
    if (known !== undefined) return known;
    let n = 0;
    const end = upperBound(this.#times, now);
    for (let k = upperBound(this.#times, now - windowMs); k < end; k++) if (this.#flag[this.#users[k]!] === 1) n++;
    const seen = this.#observed.allUsers;
    const seenEnd = seen.upperBound(now);
    for (let k = seen.upperBound(now - windowMs); k < seenEnd; k++) if (this.#flag[seen.valueAt(k)] === 1) n++;
    this.#eventsIn.set(key, n);
    return n;
  }
}
