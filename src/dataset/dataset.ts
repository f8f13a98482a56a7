import { outlierUsers } from './outlier-users.js';
import { DataError } from '../errors.js';
import type { Event, Merchant, Product, Topic } from '../schema/entities.js';
import { csrFromCoo, transpose, type CsrMatrix } from './csr.js';
import type { EventLog } from './event-log.js';
import {
  baseWeight,
  createEventWeighting,
  DAY_MS,
  decayFactor,
  resolveHalfLife,
  requireBaseWeight,
  type EventWeighting,
  type EventWeightingInput,
} from './event-weighting.js';
import { IdIndex } from './id-index.js';

/** Validated records a dataset is built from. */
export interface DatasetRecords {
  readonly products: readonly Product[];
  readonly merchants?: readonly Merchant[];
  readonly events: readonly Event[];
  readonly topics?: readonly Topic[];
}

/** Options of {@link buildDataset}. */
export interface BuildDatasetOptions {
  /** Event weighting (type weights, half-life). */
  readonly weighting?: EventWeightingInput | EventWeighting;
  /** Reference time for decay, epoch ms. @default the latest event's timestamp */
  readonly now?: number;
  /** What to do with events whose product is not in `products`. @default 'error' */
  readonly unknownProducts?: 'error' | 'skip';
  /** Users to index first, in this order (e.g. to keep indices stable across splits). */
  readonly users?: Iterable<string>;
}

/** Counts of what went into a dataset, and what was left out and why. */
export interface DatasetStats {
  readonly events: number;
  /** Events skipped because their product is unknown (only with `unknownProducts: 'skip'`). */
  readonly skippedUnknownProduct: number;
  /** Stored (user, product) cells of the interaction matrix. */
  readonly interactions: number;
  /** Duplicate product ids in the input (the first record wins). */
  readonly duplicateProducts: number;
  /** Duplicate merchant ids in the input (the first record wins). */
  readonly duplicateMerchants: number;
  /** How the decay treats the training events. */
  readonly decay: DecayStats;
  /** Users whose events were left out as outliers (`weighting.outlierUsers: 'exclude'`); not kept in model files. */
  readonly leftOutUsers?: readonly string[];
}

/** The decay of the training events at the reference time. */
export interface DecayStats {
  /** Half-life used, in days (`null`: no decay); resolved when the config said `'auto'`. */
  readonly halfLifeDays: number | null;
  /** True when the half-life was resolved from the data (`'auto'`). */
  readonly auto: boolean;
  /** Share of the events with a positive base weight whose decay leaves them under 1% of it. */
  readonly mutedShare: number;
  /** Time between the oldest and the newest such event, days. */
  readonly spanDays: number;
}

/**
 * The library's in-memory view of a marketplace: dense id maps, product attributes, the
 * user x product interaction matrix (CSR, decayed weights) and a columnar event log.
 */
export interface Dataset {
  readonly users: IdIndex;
  readonly products: IdIndex;
  readonly merchants: IdIndex;
  /** Product records in index order. */
  readonly productRecords: readonly Product[];
  /** Merchant records in index order (merchants only named by products get a bare record). */
  readonly merchantRecords: readonly Merchant[];
  readonly topics: readonly Topic[];
  /** Merchant index of each product. */
  readonly productMerchant: Int32Array;
  /** 1 when the product is in stock. */
  readonly inStock: Uint8Array;
  /**
   * 1 for a product in the catalogue, 0 for one removed after fit (`Recommender.observe`): its
   * index stays reserved (never given to another product) and its last record is kept.
   */
  readonly live: Uint8Array;
  /**
   * Interactions observed after fit, per product (all 0 for a dataset just built): what
   * popularity adds to the fitted counts. Owned by the recommender's catalogue.
   */
  readonly observed: ObservedInteractions;
  /**
   * users x the products at fit, value = sum of decayed event weights; zero-weight events are not
   * stored. `interactions.cols` is the number of products the fit saw: products added after fit
   * (`Recommender.observe`) have the indices from `interactions.cols` to `products.size - 1`.
   */
  readonly interactions: CsrMatrix;
  /** products x users (the transpose), computed on first use and cached. */
  itemUsers(): CsrMatrix;
  readonly events: EventLog;
  readonly weighting: EventWeighting;
  /** Reference time of the decay, epoch ms. */
  readonly referenceTime: number;
  readonly stats: DatasetStats;
}

/** Interactions observed after fit, per product index. */
export interface ObservedInteractions {
  /** Sum of the decayed weights of the events observed after fit (decayed to the reference time, as the matrix). */
  readonly mass: Float64Array;
  /** User-product pairs observed after fit that the fitted matrix did not hold (distinct users added). */
  readonly users: Int32Array;
}

/** Observed interactions of a catalogue of `products` products, all 0. */
export function noObservedInteractions(products: number): ObservedInteractions {
  return { mass: new Float64Array(products), users: new Int32Array(products) };
}

function isWeighting(w: EventWeightingInput | EventWeighting | undefined): w is EventWeighting {
  return w !== undefined && 'halfLifeMs' in w;
}

/**
 * Builds a {@link Dataset} from validated records in time linear in the number of events.
 * Repeated events of one user-product pair are summed into one cell. A repeated product or
 * merchant id keeps its first record and is counted in `stats` (the loaders and
 * `validateMarketplace` refuse such input before it gets here). With `weighting.outlierUsers:
 * 'exclude'` the events of the {@link outlierUsers} are left out (the dataset is built twice when
 * there are any; `stats.leftOutUsers` names them).
 *
 * @throws DataError for an event naming an unknown product (unless `unknownProducts: 'skip'`)
 *   or a custom event type with no weight.
 */
export function buildDataset(records: DatasetRecords, options: BuildDatasetOptions = {}): Dataset {
  const ds = buildOnce(records, options);
  if (ds.weighting.config.outlierUsers !== 'exclude') return ds;
  const out = outlierUsers(ds).ids;
  if (out.length === 0) return ds;
  const drop = new Set(out);
  const kept = buildOnce({ ...records, events: records.events.filter((e) => !drop.has(e.userId)) }, options);
  return { ...kept, stats: { ...kept.stats, leftOutUsers: out } };
}

function buildOnce(records: DatasetRecords, options: BuildDatasetOptions): Dataset {
  const requested = isWeighting(options.weighting) ? options.weighting : createEventWeighting(options.weighting);
  const products = new IdIndex();
  const merchants = new IdIndex();
  const productRecords: Product[] = [];
  const merchantRecords: Merchant[] = [];
  let duplicateMerchants = 0;
  for (const m of records.merchants ?? []) {
    if (merchants.has(m.id)) {
      duplicateMerchants++;
      continue;
    }
    merchants.add(m.id);
    merchantRecords.push(m);
  }
  let duplicateProducts = 0;
  const merchantOf: number[] = [];
  for (const p of records.products) {
    if (products.has(p.id)) {
      duplicateProducts++;
      continue;
    }
    products.add(p.id);
    productRecords.push(p);
    if (!merchants.has(p.merchantId)) merchantRecords.push({ id: p.merchantId, name: '' });
    merchantOf.push(merchants.add(p.merchantId));
  }
  const productMerchant = Int32Array.from(merchantOf);
  const inStock = Uint8Array.from(productRecords, (p) => (p.inStock ? 1 : 0));

  const users = IdIndex.from(options.users ?? []);
  const events = records.events;
  let now = options.now ?? -Infinity;
  if (options.now === undefined) for (const e of events) if (e.timestamp > now) now = e.timestamp;
  if (!Number.isFinite(now)) now = 0;
  const weighting = resolveHalfLife(requested, positiveAges(records.events, requested, now, products));

  const n = events.length;
  const user = new Int32Array(n);
  const product = new Int32Array(n);
  const time = new Float64Array(n);
  const weight = new Float32Array(n);
  const type = new Uint8Array(n);
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const cellValue = new Float64Array(n);
  let kept = 0;
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const p = products.indexOf(e.productId);
    if (p < 0) {
      if (options.unknownProducts === 'skip') {
        skipped++;
        continue;
      }
      throw new DataError(
        `events[${i}]: productId ${JSON.stringify(e.productId)} is not among the ${products.size} products ` +
          `(pass unknownProducts: 'skip' to leave such events out, counted in stats)`,
      );
    }
    const base = requireBaseWeight(weighting, e.type, e.weight, `events[${i}]`);
    let code = typeIndex.get(e.type);
    if (code === undefined) {
      code = types.length;
      if (code > 255) throw new DataError(`more than 256 distinct event types (at events[${i}])`);
      types.push(e.type);
      typeIndex.set(e.type, code);
    }
    user[kept] = users.add(e.userId);
    product[kept] = p;
    time[kept] = e.timestamp;
    weight[kept] = base;
    type[kept] = code;
    cellValue[kept] = base * decayFactor(e.timestamp, now, weighting.halfLifeMs);
    kept++;
  }
  const decay = decayStats(time.subarray(0, kept), weight.subarray(0, kept), weighting, now, Number.isNaN(requested.halfLifeMs));

  // Zero-weight events (impressions by default) stay in the log but not in the matrix.
  const rowOf = new Int32Array(kept);
  const colOf = new Int32Array(kept);
  const valOf = new Float64Array(kept);
  let nz = 0;
  for (let i = 0; i < kept; i++) {
    if (cellValue[i]! > 0) {
      rowOf[nz] = user[i]!;
      colOf[nz] = product[i]!;
      valOf[nz] = cellValue[i]!;
      nz++;
    }
  }
  const interactions = csrFromCoo(users.size, products.size, rowOf, colOf, valOf, nz);
  let itemUsers: CsrMatrix | undefined;
  const log: EventLog = {
    length: kept,
    user: user.slice(0, kept),
    product: product.slice(0, kept),
    time: time.slice(0, kept),
    weight: weight.slice(0, kept),
    type: type.slice(0, kept),
    types,
  };
  return {
    users,
    products,
    merchants,
    productRecords,
    merchantRecords,
    topics: records.topics ?? [],
    productMerchant,
    inStock,
    live: new Uint8Array(productRecords.length).fill(1),
    observed: noObservedInteractions(productRecords.length),
    interactions,
    itemUsers: () => (itemUsers ??= transpose(interactions)),
    events: log,
    weighting,
    referenceTime: now,
    stats: {
      events: kept,
      skippedUnknownProduct: skipped,
      interactions: interactions.indptr[interactions.rows] ?? 0,
      duplicateProducts,
      decay,
      duplicateMerchants,
    },
  };
}

/** Ages at `now` (ms) of the events of known products with a positive base weight, before `now`. */
function positiveAges(events: DatasetRecords['events'], w: EventWeighting, now: number, products: IdIndex): Float64Array {
  if (!Number.isNaN(w.halfLifeMs)) return new Float64Array(0);
  const ages: number[] = [];
  for (const e of events) {
    if (products.indexOf(e.productId) < 0 || !((baseWeight(w, e.type, e.weight) ?? 0) > 0)) continue;
    ages.push(e.timestamp < now ? now - e.timestamp : 0);
  }
  return Float64Array.from(ages);
}

/**
 * The decay's effect on events (times, ms, and base weights) at `now` under `w`: the share with
 * a positive base weight that keeps under 1% of it, and their time span.
 */
export function decayStats(time: Float64Array, base: Float32Array, w: EventWeighting, now: number, auto: boolean): DecayStats {
  let positive = 0;
  let muted = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < time.length; i++) {
    if (!(base[i]! > 0)) continue;
    positive++;
    if (decayFactor(time[i]!, now, w.halfLifeMs) < 0.01) muted++;
    if (time[i]! < first) first = time[i]!;
    if (time[i]! > last) last = time[i]!;
  }
  const days = w.config.halfLifeDays;
  return {
    halfLifeDays: typeof days === 'number' ? days : null,
    auto,
    mutedShare: positive === 0 ? 0 : muted / positive,
    spanDays: positive === 0 ? 0 : (last - first) / DAY_MS,
  };
}

/**
 * A warning when more than half of the training events decay below 1% of their weight (a short
 * half-life over a long history: most of it is silently erased), else undefined.
 * @example decayWarning(dataset.stats) // 'decay: 97% of the training events keep under 1% of their weight ...'
 */
export function decayWarning(stats: DatasetStats): string | undefined {
  const d = stats.decay;
  if (!(d.mutedShare > 0.5)) return undefined;
  return (
    `decay: ${(100 * d.mutedShare).toFixed(0)}% of the training events keep under 1% of their weight ` +
    `(half-life ${d.halfLifeDays?.toFixed(1) ?? 'none'} days over ${d.spanDays.toFixed(0)} days of history); ` +
    `set weighting.halfLifeDays to 'auto', a longer half-life, or null`
  );
}
