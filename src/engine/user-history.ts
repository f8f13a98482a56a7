import type { CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { baseWeight, decayFactor } from '../dataset/event-weighting.js';
import type { Event } from '../schema/entities.js';

/** A user's history after fit: decayed weights per product, and the products that exclude. */
export interface UserHistory {
  /** Product indices, ascending. */
  readonly items: Int32Array;
  /** Decayed weight of each of `items`. */
  readonly weights: Float32Array;
  /** Products excluded from this user's slates (ascending). */
  readonly seen: Int32Array;
}

/** Which past interactions exclude a product: every positive-weight one, none, or some types. */
export type SeenRule = 'all' | 'none' | readonly string[];

/**
 * Builds the users x products matrix of excluded products from the dataset's event log:
 * `all` = the interaction matrix's pattern, a type list = products with an event of those types.
 */
export function seenMatrix(dataset: Dataset, rule: SeenRule): CsrMatrix {
  const m = dataset.interactions;
  if (rule === 'all') return m;
  const indptr = new Int32Array(m.rows + 1);
  if (rule === 'none') return { rows: m.rows, cols: m.cols, indptr, indices: new Int32Array(0), values: new Float32Array(0) };
  const log = dataset.events;
  const codes = new Uint8Array(256);
  for (const t of rule) {
    const c = log.types.indexOf(t);
    if (c >= 0) codes[c] = 1;
  }
  const rows: number[][] = Array.from({ length: m.rows }, () => []);
  for (let e = 0; e < log.length; e++) if (codes[log.type[e]!] === 1) rows[log.user[e]!]!.push(log.product[e]!);
  const indices: number[] = [];
  for (let u = 0; u < m.rows; u++) {
    const uniq = [...new Set(rows[u])].sort((a, b) => a - b);
    for (const p of uniq) indices.push(p);
    indptr[u + 1] = indices.length;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices: Int32Array.from(indices), values: new Float32Array(indices.length).fill(1) };
}

/** The row of `m` for `row` as views (no copy); empty for -1. */
export function rowOf(m: CsrMatrix, row: number): { indices: Int32Array; values: Float32Array } {
  if (row < 0 || row >= m.rows) return { indices: new Int32Array(0), values: new Float32Array(0) };
  const s = m.indptr[row]!;
  const e = m.indptr[row + 1]!;
  return { indices: m.indices.subarray(s, e), values: m.values.subarray(s, e) };
}

/** What one observed event with a positive decayed weight adds to its product's interactions. */
export interface InteractionGain {
  readonly product: number;
  /** The event's decayed weight (at the dataset's reference time). */
  readonly mass: number;
  /** True when the user had no interaction with the product before (a new user-product pair). */
  readonly newPair: boolean;
}

/**
 * Merges events observed after fit into a user's history: weights decayed to the dataset's
 * reference time and added to the fitted row; excluded products per `rule`. Events naming
 * products unknown to the dataset are counted and skipped; `gains` lists what each event with a
 * positive weight adds to its product's interactions, in event order.
 */
export function mergeHistory(
  dataset: Dataset,
  base: UserHistory,
  events: readonly Event[],
  rule: SeenRule,
): { history: UserHistory; skipped: number; gains: InteractionGain[] } {
  const weights = new Map<number, number>();
  for (let t = 0; t < base.items.length; t++) weights.set(base.items[t]!, base.weights[t]!);
  const seen = new Set<number>(base.seen);
  const w = dataset.weighting;
  let skipped = 0;
  const gains: InteractionGain[] = [];
  for (const e of events) {
    const p = dataset.products.indexOf(e.productId);
    if (p < 0) {
      skipped++;
      continue;
    }
    const baseW = baseWeight(w, e.type, e.weight) ?? 0;
    const value = baseW * decayFactor(e.timestamp, dataset.referenceTime, w.halfLifeMs);
    if (value > 0) {
      const before = weights.get(p);
      gains.push({ product: p, mass: value, newPair: before === undefined });
      weights.set(p, (before ?? 0) + value);
    }
    if (rule === 'all' ? value > 0 : rule !== 'none' && rule.includes(e.type)) seen.add(p);
  }
  const items = Int32Array.from([...weights.keys()].sort((a, b) => a - b));
  const values = Float32Array.from(items, (p) => weights.get(p)!);
  return { history: { items, weights: values, seen: Int32Array.from([...seen].sort((a, b) => a - b)) }, skipped, gains };
}
