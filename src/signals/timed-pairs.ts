import { upperBound } from './topic-heat.js';

/**
 * A growable list of (time, value) pairs kept in time order (equal times: arrival order), with
 * window queries and pruning of the oldest pairs. Times are epoch ms, values int32.
 */
export class TimedPairs {
  #times: Float64Array;
  #values: Int32Array;
  /** Live pairs are [#start, #end). */
  #start = 0;
  #end = 0;

  constructor(capacity = 4) {
    this.#times = new Float64Array(Math.max(1, capacity));
    this.#values = new Int32Array(Math.max(1, capacity));
  }

  /** Number of pairs held. */
  get length(): number {
    return this.#end - this.#start;
  }

  /** Time of the oldest pair (Infinity when empty). */
  get first(): number {
    return this.#end > this.#start ? this.#times[this.#start]! : Number.POSITIVE_INFINITY;
  }

  /** Time of the newest pair (-Infinity when empty). */
  get last(): number {
    return this.#end > this.#start ? this.#times[this.#end - 1]! : Number.NEGATIVE_INFINITY;
  }

  /** Time of the i-th pair in time order (0 = oldest). */
  timeAt(i: number): number {
    return this.#times[this.#start + i]!;
  }

  /** Value of the i-th pair in time order. */
  valueAt(i: number): number {
    return this.#values[this.#start + i]!;
  }

  /** Adds a pair at its place in time order: O(1) when it is the newest, else O(pairs after it). */
  insert(time: number, value: number): void {
    if (this.#end === this.#times.length) this.#make(Math.max(8, 2 * this.length + 1));
    let at = this.#end;
    if (time < this.last) at = this.#start + this.upperBound(time);
    if (at < this.#end) {
      this.#times.copyWithin(at + 1, at, this.#end);
      this.#values.copyWithin(at + 1, at, this.#end);
    }
    this.#times[at] = time;
    this.#values[at] = value;
    this.#end++;
  }

  /**
   * Adds pairs given in time order (equal times keep their order, after the pairs held at that
   * time): appended when none is older than the newest held, else merged in one pass. O(n + m).
   */
  insertSorted(times: readonly number[], values: readonly number[]): void {
    const m = times.length;
    if (m === 0) return;
    if (!(times[0]! < this.last)) {
      for (let k = 0; k < m; k++) this.insert(times[k]!, values[k]!);
      return;
    }
    const n = this.length;
    const outTimes = new Float64Array(Math.max(8, 2 * (n + m)));
    const outValues = new Int32Array(outTimes.length);
    let i = this.#start;
    let k = 0;
    for (let o = 0; o < n + m; o++) {
      const takeHeld = k >= m || (i < this.#end && this.#times[i]! <= times[k]!);
      outTimes[o] = takeHeld ? this.#times[i]! : times[k]!;
      outValues[o] = takeHeld ? this.#values[i++]! : values[k++]!;
    }
    this.#times = outTimes;
    this.#values = outValues;
    this.#start = 0;
    this.#end = n + m;
  }

  /** Number of pairs with time <= t (the index, in time order, of the first pair after t). */
  upperBound(t: number): number {
    return upperBound(this.#times, t, this.#start, this.#end) - this.#start;
  }

  /** Drops the pairs older than `t`; returns how many were dropped. Storage shrinks when most of it is dropped. */
  dropBefore(t: number): number {
    let lo = this.#start;
    let hi = this.#end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    const dropped = lo - this.#start;
    this.#start = lo;
    if (this.#start > this.length) this.#make(Math.max(4, 2 * this.length));
    return dropped;
  }

  /** Replaces every value `v` with `map(v)` in place. */
  mapValues(map: (value: number) => number): void {
    for (let i = this.#start; i < this.#end; i++) this.#values[i] = map(this.#values[i]!);
  }

  /** The live pairs as new arrays (times, values). */
  toArrays(): { times: Float64Array; values: Int32Array } {
    return { times: this.#times.slice(this.#start, this.#end), values: this.#values.slice(this.#start, this.#end) };
  }

  /** Moves the live pairs to the front of new storage of `capacity` (>= length). */
  #make(capacity: number): void {
    const n = this.length;
    const times = new Float64Array(capacity);
    const values = new Int32Array(capacity);
    times.set(this.#times.subarray(this.#start, this.#end));
    values.set(this.#values.subarray(this.#start, this.#end));
    this.#times = times;
    this.#values = values;
    this.#start = 0;
    this.#end = n;
  }
}
