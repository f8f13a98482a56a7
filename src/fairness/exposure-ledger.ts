/**
 * The exposure ledger (DESIGN.md 5.2): per merchant, decayed exposure E and decayed merit M.
 * The only mutable state of the engine; rerankers read its frozen {@link LedgerSnapshot}.
 */
import { z } from 'zod';
import { DAY_MS } from '../dataset/event-weighting.js';
import { ConfigError, DataError } from '../errors.js';
import { ExposureModelSchema, exposureAt, type ExposureModel } from './exposure-model.js';
import {
  freezeSnapshot,
  LedgerSnapshotSchema,
  type LedgerSnapshot,
  type LedgerSnapshotEntry,
} from './ledger-snapshot.js';
import { InMemoryLedgerStore, type LedgerEntry, type LedgerStore } from './ledger-store.js';

/** Options of {@link ExposureLedger}. */
export const LedgerOptionsSchema = z
  .object({
    /** Half-life of exposure and merit, ms. @default 1 day */
    halfLifeMs: z.number().finite().positive().default(DAY_MS),
    /** Entries whose decayed E + M falls below this are dropped by the sweep. @default 1e-6 */
    minMass: z.number().finite().min(0).default(1e-6),
    /** Hard cap on merchants held; beyond it the smallest (by decayed E + M) are dropped. @default 100000 */
    maxEntries: z.number().int().positive().default(100_000),
    /** A sweep runs after max(sweepInterval, size after the last sweep) merchant updates (amortised O(1)). @default 4096 */
    sweepInterval: z.number().int().positive().default(4096),
    /** Exposure of a shown item by its rank. @default { kind: 'log' } */
    exposure: ExposureModelSchema.default({ kind: 'log' }),
  })
  .strict();

/** Ledger options as a caller writes them. */
export type LedgerOptionsInput = z.input<typeof LedgerOptionsSchema>;
/** Parsed ledger options. */
export type LedgerOptions = z.output<typeof LedgerOptionsSchema>;

/** Merchant references: ids, or indices into `merchantIds`. */
export type MerchantRefs = readonly string[] | Int32Array;

/**
 * One request for {@link ExposureLedger.record}, as parallel arrays (no object per item).
 *
 * - Shown slate: `slateMerchants[k]` is the merchant of the k-th shown item; its 1-based rank is
 *   `slateRanks[k]` (default k + 1) and it adds `slateExposure[k]` (default `v(rank)` of the
 *   ledger's exposure model) to that merchant's exposure.
 * - Candidates: `candidateMerchants[c]` and `candidateRelevance[c]` (the model's normalised
 *   blended relevance in [0, 1], clamped; NaN counts as 0) for EVERY candidate of the request,
 *   shown or not. A merchant's merit grows by the sum of its candidates' relevance. Merit never
 *   comes from clicks.
 * - When either merchant array is an Int32Array, its values index `merchantIds`.
 *
 * @example
 * ledger.record({ merchantIds: ['a', 'b'], slateMerchants: Int32Array.of(1, 0),
 *   candidateMerchants: Int32Array.of(0, 1, 1), candidateRelevance: Float32Array.of(0.9, 0.5, 0.25) }, now)
 * // b gets exposure 1 and merit 0.75, a gets exposure 1/log2(3) and merit 0.9
 */
export interface LedgerRecord {
  /** Merchant index -> id, required when a merchant array is an Int32Array. */
  readonly merchantIds?: readonly string[];
  readonly slateMerchants: MerchantRefs;
  readonly slateRanks?: ArrayLike<number>;
  readonly slateExposure?: ArrayLike<number>;
  readonly candidateMerchants: MerchantRefs;
  readonly candidateRelevance: ArrayLike<number>;
}

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

  /**
   * @param options ledger options (validated; ConfigError on a bad value)
   * @param store where entries live; an empty in-memory Map by default
   */
  constructor(options: LedgerOptionsInput = {}, store: LedgerStore = new InMemoryLedgerStore()) {
    const parsed = LedgerOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join('.') ?? '';
      throw new ConfigError(`invalid ledger options: ${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid'}`, path);
    }
    this.options = parsed.data;
    this.#model = parsed.data.exposure;
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
   *
   * @throws DataError on mismatched lengths, a merchant index outside `merchantIds`, or a
   *   non-finite `at`.
   */
  record(input: LedgerRecord, at: number): void {
    if (!Number.isFinite(at)) throw new DataError(`record: at must be a finite epoch ms, got ${at}`);
    const { slateMerchants, candidateMerchants, candidateRelevance } = input;
    if (candidateMerchants.length !== candidateRelevance.length) {
      throw new DataError(
        `record: candidateMerchants has ${candidateMerchants.length} entries but candidateRelevance has ${candidateRelevance.length}`,
      );
    }
    if (input.slateRanks !== undefined && input.slateRanks.length !== slateMerchants.length) {
      throw new DataError(`record: slateRanks has ${input.slateRanks.length} entries, slateMerchants ${slateMerchants.length}`);
    }
    if (input.slateExposure !== undefined && input.slateExposure.length !== slateMerchants.length) {
      throw new DataError(
        `record: slateExposure has ${input.slateExposure.length} entries, slateMerchants ${slateMerchants.length}`,
      );
    }
    const table = input.merchantIds;
    const byIndex = table === undefined ? undefined : new Float64Array(table.length * 2);
    const touched: number[] = [];
    const byId = new Map<string, number>();
    const sums: number[] = [];
    const add = (ref: string | number, dExposure: number, dMerit: number, what: string): void => {
      if (typeof ref === 'number') {
        if (byIndex === undefined || table === undefined) {
          throw new DataError(`record: ${what} is an Int32Array but merchantIds is missing`);
        }
        if (ref < 0 || ref >= table.length) {
          throw new DataError(`record: ${what} holds merchant index ${ref}, outside 0..${table.length - 1}`);
        }
        const k = ref * 2;
        if (byIndex[k] === 0 && byIndex[k + 1] === 0) touched.push(ref);
        byIndex[k]! += dExposure;
        byIndex[k + 1]! += dMerit;
        return;
      }
      let slot = byId.get(ref);
      if (slot === undefined) {
        slot = sums.length;
        byId.set(ref, slot);
        sums.push(0, 0);
      }
      sums[slot]! += dExposure;
      sums[slot + 1]! += dMerit;
    };
    for (let k = 0; k < slateMerchants.length; k++) {
      let v: number;
      if (input.slateExposure !== undefined) v = input.slateExposure[k]!;
      else v = exposureAt(this.#model, input.slateRanks === undefined ? k + 1 : input.slateRanks[k]!);
      if (!(v > 0)) continue;
      add(slateMerchants[k]!, v, 0, 'slateMerchants');
    }
    for (let c = 0; c < candidateMerchants.length; c++) {
      const r = candidateRelevance[c]!;
      const rel = r > 1 ? 1 : r > 0 ? r : 0;
      if (rel === 0) continue;
      add(candidateMerchants[c]!, 0, rel, 'candidateMerchants');
    }
    if (byIndex !== undefined && table !== undefined) {
      for (const m of touched) this.#add(table[m]!, byIndex[m * 2]!, byIndex[m * 2 + 1]!, at);
    }
    for (const [id, slot] of byId) this.#add(id, sums[slot]!, sums[slot + 1]!, at);
    this.#upkeep();
  }

  /**
   * Frozen plain-data view decayed to `at` (default: the ledger's clock, or 0 when empty).
   * With `merchants`, only those merchants (that the ledger holds) are listed, in the order
   * given, and the snapshot is `partial`; the totals always cover the whole ledger.
   * Cost O(L log L) for a full snapshot of L merchants, O(|merchants|) for a partial one.
   */
  snapshot(at: number = this.#defaultAt(), merchants?: Iterable<string>): LedgerSnapshot {
    if (!Number.isFinite(at)) throw new DataError(`snapshot: at must be a finite epoch ms, got ${at}`);
    const entries: LedgerSnapshotEntry[] = [];
    if (merchants !== undefined) {
      const seen = new Set<string>();
      for (const id of merchants) {
        if (seen.has(id)) continue;
        seen.add(id);
        const e = this.#store.get(id);
        if (e !== undefined) entries.push(this.#view(id, e, at));
      }
      const f = this.#totalAt === -Infinity ? 0 : this.#factor(at - this.#totalAt);
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
    return freezeSnapshot({
      version: 1,
      at,
      halfLifeMs: this.options.halfLifeMs,
      partial: false,
      entries,
      totals: { exposure, merit, merchants: entries.length },
    });
  }

  /**
   * Replaces the whole content with a full snapshot (validated). The clock becomes `snapshot.at`.
   *
   * @throws DataError for an invalid or partial snapshot.
   */
  restore(snapshot: LedgerSnapshot): void {
    const parsed = this.#check(snapshot, 'restore');
    this.#store.clear();
    this.#totalExposure = 0;
    this.#totalMerit = 0;
    this.#totalAt = -Infinity;
    this.#clock = -Infinity;
    this.#updatesSinceSweep = 0;
    this.#sizeAfterSweep = 0;
    for (const e of parsed.entries) this.#add(e.merchantId, e.exposure, e.merit, parsed.at);
    if (parsed.entries.length === 0) this.#clock = parsed.at;
    this.#upkeep();
  }

  /**
   * Adds another ledger's content (or a full snapshot of one), merchant by merchant, as sums of
   * decayed values: merging replicas that saw disjoint traffic gives the ledger that saw it all.
   *
   * @throws DataError for an invalid or partial snapshot.
   */
  merge(other: ExposureLedger | LedgerSnapshot): void {
    const snap = other instanceof ExposureLedger ? other.snapshot() : this.#check(other, 'merge');
    for (const e of snap.entries) this.#add(e.merchantId, e.exposure, e.merit, snap.at);
    this.#upkeep();
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

  #check(snapshot: LedgerSnapshot, what: string): LedgerSnapshot {
    const parsed = LedgerSnapshotSchema.safeParse(snapshot);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DataError(`${what}: invalid ledger snapshot at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
    }
    if (parsed.data.partial) throw new DataError(`${what}: needs a full snapshot, got a partial one`);
    return parsed.data;
  }

  /** Adds (dE, dM) valid at `at` to merchant `id` and to the totals. */
  #add(id: string, dExposure: number, dMerit: number, at: number): void {
    const e = this.#store.get(id);
    if (e === undefined) {
      this.#store.set(id, { exposure: dExposure, merit: dMerit, updatedAt: at });
    } else if (at >= e.updatedAt) {
      const f = this.#factor(at - e.updatedAt);
      e.exposure = e.exposure * f + dExposure;
      e.merit = e.merit * f + dMerit;
      e.updatedAt = at;
      this.#store.set(id, e);
    } else {
      const f = this.#factor(e.updatedAt - at);
      e.exposure += dExposure * f;
      e.merit += dMerit * f;
      this.#store.set(id, e);
    }
    if (at >= this.#totalAt) {
      const f = this.#totalAt === -Infinity ? 0 : this.#factor(at - this.#totalAt);
      this.#totalExposure = this.#totalExposure * f + dExposure;
      this.#totalMerit = this.#totalMerit * f + dMerit;
      this.#totalAt = at;
    } else {
      const f = this.#factor(this.#totalAt - at);
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

/** The k-th smallest value (0-based) of `values`, reordering it in place (quickselect, O(n) expected). */
function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
