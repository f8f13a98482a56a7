/**
 * The exposure ledger (docs/design.md 5.2): per merchant, decayed exposure E and decayed merit M.
 * The only mutable state of the engine; rerankers read its frozen {@link LedgerSnapshot}.
 */
import { kthSmallest } from './_kth-smallest.js';
import type { ExposureModel } from './exposure-model.js';
import { parseLedgerOptions, type LedgerOptions, type LedgerOptionsInput } from './ledger-options.js';
import { checkDeltas, recordDeltas, type LedgerDeltas, type LedgerRecord } from './ledger-deltas.js';
import { checkLedgerTime, freezeSnapshot, parseFullSnapshot, MAX_LEDGER_MASS, type LedgerOrigin, type LedgerSnapshot, type LedgerSnapshotEntry } from './ledger-snapshot.js';
import { InMemoryLedgerStore, type LedgerEntry, type LedgerStore } from './ledger-store.js';
import { FingerprintSet, snapshotFingerprint, snapshotIncrement } from './snapshot-fingerprint.js';

export { LedgerOptionsSchema, type LedgerOptions, type LedgerOptionsInput } from './ledger-options.js';
export type { LedgerRecord, MerchantRefs } from './ledger-deltas.js';

/**
 * Per-merchant decayed exposure and merit with lazy decay: each entry stores its values and the
 * time they are exact at, and is decayed by `2^(-(t - last) / halfLife)` when read or written.
 * Adding mass at a time earlier than an entry's last update decays the new mass instead, so the
 * result does not depend on the order of records. Memory is bounded by a periodic sweep of
 * negligible entries and a hard cap (see {@link LedgerOptionsSchema}).
 */
export class ExposureLedger {
  /** Parsed options. */
  readonly options: LedgerOptions;
  readonly #store: LedgerStore;
  readonly #model: ExposureModel;
  #totalExposure = 0;
  #totalMerit = 0;
  #totalAt = -Infinity;
  #clock = -Infinity;
  #updatesSinceSweep = 0;
  #sizeAfterSweep = 0;
  #sweeps = 0;
  #origin: LedgerOrigin = 'memory'; // what adoptSaved took: kept on re-saving
  /** Fingerprints of the snapshots merged so far (bounded). */
  readonly #merged = new FingerprintSet();
  /** The last snapshot merged from each live ledger. */
  readonly #fromLedgers = new WeakMap<ExposureLedger, LedgerSnapshot>();

  /**
   * @param options ledger options (validated; ConfigError on a bad value)
   * @param store where entries live; an empty in-memory Map by default
   */
  constructor(options: LedgerOptionsInput = {}, store: LedgerStore = new InMemoryLedgerStore()) {
    this.options = parseLedgerOptions(options);
    this.#model = this.options.exposure;
    this.#store = store;
    if (store.size > 0) this.#rebuildTotals();
  }

  /** Number of merchants held. */
  get size(): number {
    return this.#store.size;
  }

  /** Latest time seen by `record`, `restore` or `merge` (epoch ms; -Infinity when none). */
  get clock(): number {
    return this.#clock;
  }

  /** Number of sweeps run so far (for tests and monitoring). */
  get sweeps(): number {
    return this.#sweeps;
  }

  /**
   * Adds one request: exposure of the shown slate and merit of all candidates, at `at` (epoch ms).
   * Cost O(slate + candidates) plus amortised O(1) upkeep per merchant touched.
   * @throws DataError on mismatched lengths, a merchant index outside `merchantIds`, a bad
   *   `slateExposure` value, or an `at` outside the Date range.
   */
  record(input: LedgerRecord, at: number): void {
    checkLedgerTime(at, 'record');
    this.addDeltas(recordDeltas(input, this.#model), at);
  }

  /**
   * Adds per-merchant exposure and merit valued at `at` (epoch ms): what {@link record} does
   * after summing a request. A merchant's masses saturate at MAX_LEDGER_MASS.
   * @throws DataError when the arrays differ in length, a value is not a finite number in
   *   [0, MAX_LEDGER_MASS], or `at` is outside the Date range (nothing is added then).
   */
  addDeltas(deltas: LedgerDeltas, at: number): void {
    checkLedgerTime(at, 'addDeltas');
    checkDeltas(deltas);
    const { merchants, exposure, merit } = deltas;
    for (let i = 0; i < merchants.length; i++) this.#add(merchants[i]!, exposure[i]!, merit[i]!, at);
    this.#upkeep();
  }

  /**
   * Frozen plain-data view decayed to `at` (default: the ledger's clock, or 0 when empty).
   * A time earlier than the clock reads the ledger at its clock (the snapshot's `at` says so):
   * values are never grown backwards, and since decay scales every merchant alike, a reranker
   * reads the same proportions. With `merchants`, only those merchants (that the ledger holds)
   * are listed, in the order given, and the snapshot is `partial`; the totals always cover the
   * whole ledger. Cost O(L log L) for a full snapshot of L merchants, O(|merchants|) for a partial one.
   *
   * @throws DataError for an `at` outside the Date range.
   */
  snapshot(at: number = this.#defaultAt(), merchants?: Iterable<string>): LedgerSnapshot {
    checkLedgerTime(at, 'snapshot');
    if (at < this.#clock) at = this.#clock;
    const entries: LedgerSnapshotEntry[] = [];
    if (merchants !== undefined) {
      const seen = new Set<string>();
      for (const id of merchants) {
        if (seen.has(id)) continue;
        seen.add(id);
        const e = this.#store.get(id);
        if (e !== undefined) entries.push(this.#view(id, e, at));
      }
      const f = this.#totalAt === -Infinity ? 0 : this.#factor(Math.max(0, at - this.#totalAt));
      return freezeSnapshot({
        version: 1,
        at,
        halfLifeMs: this.options.halfLifeMs,
        partial: true,
        entries,
        totals: { exposure: this.#totalExposure * f, merit: this.#totalMerit * f, merchants: this.#store.size },
      });
    }
    for (const [id, e] of this.#store.entries()) entries.push(this.#view(id, e, at));
    entries.sort((a, b) => (a.merchantId < b.merchantId ? -1 : a.merchantId > b.merchantId ? 1 : 0));
    let exposure = 0;
    let merit = 0;
    for (const e of entries) {
      exposure += e.exposure;
      merit += e.merit;
    }
    const totals = { exposure, merit, merchants: entries.length };
    return freezeSnapshot({ version: 1, at, halfLifeMs: this.options.halfLifeMs, partial: false, entries, totals });
  }

  /**
   * Replaces the whole content with a full snapshot (validated). The clock becomes `snapshot.at`.
   * @throws DataError for an invalid or partial snapshot.
   */
  restore(snapshot: LedgerSnapshot): void {
    const parsed = parseFullSnapshot(snapshot, 'restore');
    this.clearEntries();
    for (const e of parsed.entries) this.#add(e.merchantId, e.exposure, e.merit, parsed.at);
    if (parsed.entries.length === 0) this.#clock = parsed.at;
    this.#upkeep();
  }

  /** Where a saved copy says this content lives: `'memory'`, or the origin it adopted (`'shared'` stays so on re-saving). */
  get origin(): LedgerOrigin {
    return this.#origin;
  }

  /** Takes a model file's saved ledger on load: {@link restore} here, whatever its origin (see `SharedLedger`), which it keeps. */
  adoptSaved(snapshot: LedgerSnapshot, origin: LedgerOrigin = 'memory'): void {
    this.restore(snapshot);
    this.#origin = origin;
  }

  /**
   * Adds another ledger's content (or a full snapshot of one), merchant by merchant, as sums of
   * decayed values: merging replicas that saw disjoint traffic gives the ledger that saw it all.
   * Idempotent: a snapshot whose content (fingerprint) this ledger merged before is skipped, and
   * merging a live ledger again adds only what it gained since it was last merged here (per
   * merchant, never negative). Returns false when nothing was added.
   * @throws DataError for an invalid or partial snapshot (nothing is added then).
   */
  merge(other: ExposureLedger | LedgerSnapshot): boolean {
    const deltas = this.mergeDeltas(other);
    if (deltas === undefined) return false;
    for (let i = 0; i < deltas.merchants.length; i++) this.#add(deltas.merchants[i]!, deltas.exposure[i]!, deltas.merit[i]!, deltas.at);
    this.#upkeep();
    return true;
  }

  /**
   * What {@link merge} would add, without adding it, and marks it as merged: the deltas valued at
   * `at`, or undefined when there is nothing new. For subclasses that route merges elsewhere.
   */
  protected mergeDeltas(other: ExposureLedger | LedgerSnapshot): (LedgerDeltas & { readonly at: number; readonly id: string }) | undefined {
    const snap = other instanceof ExposureLedger ? other.snapshot() : parseFullSnapshot(other, 'merge');
    const id = snapshotFingerprint(snap);
    if (this.#merged.has(id)) return undefined;
    const prev = other instanceof ExposureLedger ? this.#fromLedgers.get(other) : undefined;
    const { merchants, exposure, merit } = snapshotIncrement(snap, prev, this.options.halfLifeMs);
    this.#merged.add(id);
    if (other instanceof ExposureLedger) this.#fromLedgers.set(other, snap);
    if (merchants.length === 0) return undefined;
    return { id, at: snap.at, merchants, exposure, merit };
  }

  /**
   * Drops merchants whose decayed E + M at `at` (default: the clock) is below `minMass`, and
   * then, above `maxEntries`, the smallest ones. Runs by itself; call it to force one.
   */
  sweep(at: number = this.#clock): void {
    this.#sweeps++;
    this.#updatesSinceSweep = 0;
    if (!Number.isFinite(at)) return;
    const drop: string[] = [];
    for (const [id, e] of this.#store.entries()) {
      if ((e.exposure + e.merit) * this.#factor(at - e.updatedAt) < this.options.minMass) drop.push(id);
    }
    for (const id of drop) this.#remove(id);
    if (this.#store.size > this.options.maxEntries) this.#prune(at);
    this.#sizeAfterSweep = this.#store.size;
  }

  /**
   * Replaces one merchant's entry (or removes it when `entry` is undefined), keeping the totals
   * right. For subclasses that keep the ledger in step with a shared store.
   */
  protected replaceEntry(merchantId: string, entry: LedgerEntry | undefined): void {
    this.#remove(merchantId);
    if (entry !== undefined && (entry.exposure > 0 || entry.merit > 0)) this.#add(merchantId, entry.exposure, entry.merit, entry.updatedAt);
  }

  /** Removes every entry and resets the clock (the memory of merged snapshots stays). */
  protected clearEntries(): void {
    this.#store.clear();
    this.#totalExposure = 0;
    this.#totalMerit = 0;
    this.#totalAt = -Infinity;
    this.#clock = -Infinity;
    this.#updatesSinceSweep = 0;
    this.#sizeAfterSweep = 0;
  }

  #defaultAt(): number {
    return Number.isFinite(this.#clock) ? this.#clock : 0;
  }

  #factor(dt: number): number {
    return dt === 0 ? 1 : 2 ** (-dt / this.options.halfLifeMs);
  }

  #view(merchantId: string, e: LedgerEntry, at: number): LedgerSnapshotEntry {
    const f = this.#factor(at - e.updatedAt);
    return { merchantId, exposure: e.exposure * f, merit: e.merit * f };
  }

  /**
   * Adds (dE, dM) valid at `at` to merchant `id` and to the totals. The entry saturates at
   * MAX_LEDGER_MASS; the totals gain what the entry gained.
   */
  #add(id: string, dExposure: number, dMerit: number, at: number): void {
    const e = this.#store.get(id);
    let oldE = 0;
    let oldM = 0;
    let valuedAt = at;
    if (e !== undefined && at >= e.updatedAt) {
      const f = this.#factor(at - e.updatedAt);
      oldE = e.exposure * f;
      oldM = e.merit * f;
    } else if (e !== undefined) {
      const f = this.#factor(e.updatedAt - at);
      dExposure *= f;
      dMerit *= f;
      oldE = e.exposure;
      oldM = e.merit;
      valuedAt = e.updatedAt;
    }
    if (oldE + dExposure > MAX_LEDGER_MASS) dExposure = MAX_LEDGER_MASS - oldE;
    if (oldM + dMerit > MAX_LEDGER_MASS) dMerit = MAX_LEDGER_MASS - oldM;
    const entry = e ?? { exposure: 0, merit: 0, updatedAt: at };
    entry.exposure = oldE + dExposure;
    entry.merit = oldM + dMerit;
    entry.updatedAt = valuedAt;
    this.#store.set(id, entry);
    if (valuedAt >= this.#totalAt) {
      const f = this.#totalAt === -Infinity ? 0 : this.#factor(valuedAt - this.#totalAt);
      this.#totalExposure = this.#totalExposure * f + dExposure;
      this.#totalMerit = this.#totalMerit * f + dMerit;
      this.#totalAt = valuedAt;
    } else {
      const f = this.#factor(this.#totalAt - valuedAt);
      this.#totalExposure += dExposure * f;
      this.#totalMerit += dMerit * f;
    }
    if (at > this.#clock) this.#clock = at;
    this.#updatesSinceSweep++;
  }

  #remove(id: string): void {
    const e = this.#store.get(id);
    if (e === undefined) return;
    this.#store.delete(id);
    if (this.#store.size === 0) {
      this.#totalExposure = 0;
      this.#totalMerit = 0;
      return;
    }
    // Every entry's updatedAt is <= totalAt, so this factor is <= 1.
    const f = this.#factor(this.#totalAt - e.updatedAt);
    this.#totalExposure = Math.max(0, this.#totalExposure - e.exposure * f);
    this.#totalMerit = Math.max(0, this.#totalMerit - e.merit * f);
  }

  #rebuildTotals(): void {
    let at = -Infinity;
    for (const [, e] of this.#store.entries()) if (e.updatedAt > at) at = e.updatedAt;
    let exposure = 0;
    let merit = 0;
    for (const [, e] of this.#store.entries()) {
      const f = this.#factor(at - e.updatedAt);
      exposure += e.exposure * f;
      merit += e.merit * f;
    }
    this.#totalExposure = exposure;
    this.#totalMerit = merit;
    this.#totalAt = at;
    this.#clock = at;
  }

  #upkeep(): void {
    const size = this.#store.size;
    // A sweep costs O(size) and runs after at least as many updates: amortised O(1) per update.
    const due = this.#updatesSinceSweep >= Math.max(this.options.sweepInterval, this.#sizeAfterSweep);
    if (size > this.options.maxEntries || due) {
      this.sweep(this.#clock);
    }
  }

  /** Drops the smallest merchants until 90% of `maxEntries` remain (ties: first stored first). */
  #prune(at: number): void {
    const size = this.#store.size;
    const target = Math.max(1, Math.floor(this.options.maxEntries * 0.9));
    const excess = size - target;
    if (excess <= 0) return;
    const mass = new Float64Array(size);
    let i = 0;
    for (const [, e] of this.#store.entries()) mass[i++] = (e.exposure + e.merit) * this.#factor(at - e.updatedAt);
    const threshold = kthSmallest(mass.slice(), excess - 1);
    let below = 0;
    for (let k = 0; k < size; k++) if (mass[k]! < threshold) below++;
    let tiesToDrop = excess - below;
    const drop: string[] = [];
    i = 0;
    for (const [id] of this.#store.entries()) {
      const m = mass[i++]!;
      if (m < threshold) drop.push(id);
      else if (m === threshold && tiesToDrop > 0) {
        drop.push(id);
        tiesToDrop--;
      }
    }
    for (const id of drop) this.#remove(id);
  }
}
