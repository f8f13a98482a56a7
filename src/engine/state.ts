/**
 * A recommender's whole state as plain data and typed arrays (what model files hold), and the
 * structural checks that state read from outside must pass before it is installed.
 */
import { csrProblem } from '../dataset/csr.js';
import type { DatasetAfterFit, DatasetParts } from '../dataset/dataset-parts.js';
import { MAX_LEDGER_TIME, type LedgerOrigin, type LedgerSnapshot } from '../fairness/ledger-snapshot.js';
import type { SignalState } from '../signals/signal.js';
import type { RecommenderConfig } from './config.js';
import type { UserHistory } from './user-history.js';

/** One signal's saved state, in blend order. */
export interface SavedSignal {
  /** Instance name (null in files written before names existed: taken from the config). */
  readonly name: string | null;
  readonly type: string;
  /** The signal's exported arrays, or null for a signal refitted from the dataset on load. */
  readonly state: SignalState | null;
}

/** Everything `Recommender.fromState` needs to rebuild a recommender that serves the same slates. */
export interface RecommenderState {
  /** The parsed config (every default filled in). */
  readonly config: RecommenderConfig;
  readonly dataset: DatasetParts;
  readonly signals: readonly SavedSignal[];
  /** The exposure ledger's full snapshot. */
  readonly ledger: LedgerSnapshot;
  /**
   * Where the saved ledger lived: `'memory'` (this process's own ledger) or `'shared'` (a
   * `SharedLedger`'s view of its store, which the store already holds). Absent: `'memory'`.
   */
  readonly ledgerOrigin?: LedgerOrigin;
  /** Users observed after fit and their merged histories. */
  readonly observed: ReadonlyArray<readonly [string, UserHistory]>;
}

/**
 * Why dataset parts read from outside are inconsistent (a wrong structure behind a valid
 * checksum), or undefined: unique ids, a well-formed users x products-at-fit interaction matrix,
 * event arrays of one length with indices and type codes in range and finite values, and
 * after-fit changes (removed products, observed interactions) in range and finite.
 */
export function datasetPartsProblem(parts: DatasetParts): string | undefined {
  const users = parts.users.length;
  const products = parts.products.length;
  for (const [what, ids] of [
    ['users', parts.users],
    ['products', parts.products.map((p) => p.id)],
    ['merchants', parts.merchants.map((m) => m.id)],
  ] as const) {
    if (new Set(ids).size !== ids.length) return `dataset.${what}: ids are not unique`;
  }
  const merchants = new Set(parts.merchants.map((m) => m.id));
  const orphan = parts.products.find((p) => !merchants.has(p.merchantId));
  if (orphan !== undefined) return `dataset.products: ${JSON.stringify(orphan.id)} names merchant ${JSON.stringify(orphan.merchantId)}, which is not in dataset.merchants`;
  const m = parts.interactions;
  // Columns: the products at fit; products added after fit follow them.
  if (m.rows !== users || m.cols > products) return `dataset.interactions is ${m.rows} x ${m.cols}, expected ${users} users x at most ${products} products`;
  const csr = csrProblem(m);
  if (csr !== undefined) return `dataset.interactions: ${csr}`;
  // A time outside a JavaScript Date's range (|ms| <= 8.64e15) is no time any data can carry.
  if (!(Math.abs(parts.referenceTime) <= MAX_LEDGER_TIME)) return `dataset.referenceTime is ${parts.referenceTime}, outside the range of a date`;
  const ev = parts.events;
  for (const [name, a] of [['user', ev.user], ['product', ev.product], ['time', ev.time], ['weight', ev.weight], ['type', ev.type]] as const) {
    if (a.length !== ev.length) return `dataset.events.${name} has ${a.length} entries, expected ${ev.length}`;
  }
  for (let e = 0; e < ev.length; e++) {
    const u = ev.user[e]!;
    const p = ev.product[e]!;
    if (u < 0 || u >= users) return `dataset.events.user[${e}] = ${u}, outside 0..${users - 1}`;
    if (p < 0 || p >= m.cols) return `dataset.events.product[${e}] = ${p}, outside the ${m.cols} products at fit`;
    if (ev.type[e]! >= ev.types.length) return `dataset.events.type[${e}] = ${ev.type[e]}, but there are ${ev.types.length} types`;
    if (!Number.isFinite(ev.time[e]!) || !Number.isFinite(ev.weight[e]!)) return `dataset.events[${e}] has a non-finite time or weight`;
  }
  return parts.afterFit === undefined || parts.afterFit === null ? undefined : afterFitProblem(parts.afterFit, products);
}

/** Why the after-fit changes read from outside do not fit a catalogue of `products`, or undefined. */
function afterFitProblem(a: DatasetAfterFit, products: number): string | undefined {
  const ascending = (what: string, ids: Int32Array): string | undefined => {
    for (let k = 0; k < ids.length; k++) {
      if (!(ids[k]! >= 0 && ids[k]! < products)) return `dataset.afterFit.${what}[${k}] = ${ids[k]}, outside 0..${products - 1}`;
      if (k > 0 && ids[k]! <= ids[k - 1]!) return `dataset.afterFit.${what} are not ascending and unique at ${k}`;
    }
    return undefined;
  };
  const order = ascending('removed', a.removed) ?? ascending('observedProducts', a.observedProducts);
  if (order !== undefined) return order;
  const n = a.observedProducts.length;
  if (a.observedMass.length !== n || a.observedUsers.length !== n) return `dataset.afterFit: ${n} observed products but ${a.observedMass.length} masses and ${a.observedUsers.length} user counts`;
  for (let k = 0; k < n; k++) {
    const mass = a.observedMass[k]!;
    if (!(Number.isFinite(mass) && mass >= 0)) return `dataset.afterFit.observedMass[${k}] = ${mass}`;
    if (a.observedUsers[k]! < 0) return `dataset.afterFit.observedUsers[${k}] = ${a.observedUsers[k]}`;
  }
  return undefined;
}

/** Why an observed history read from outside does not fit a catalogue of `products`, or undefined. */
export function historyProblem(history: UserHistory, products: number): string | undefined {
  const { items, weights, seen } = history;
  if (items.length !== weights.length) return `${items.length} items but ${weights.length} weights`;
  for (const [what, a] of [['items', items], ['seen', seen]] as const) {
    for (let k = 0; k < a.length; k++) {
      if (a[k]! < 0 || a[k]! >= products) return `${what}[${k}] = ${a[k]}, outside 0..${products - 1}`;
      if (k > 0 && a[k]! <= a[k - 1]!) return `${what} are not ascending and unique at ${k}`;
    }
  }
  for (let k = 0; k < weights.length; k++) if (!Number.isFinite(weights[k]!) || weights[k]! < 0) return `weights[${k}] = ${weights[k]}`;
  return undefined;
}
