import * as z from 'zod/mini';
import { parseConfig } from '../_internal/parse-config.js';
import type { CatalogueChange } from '../dataset/catalogue.js';
import type { Dataset } from '../dataset/dataset.js';
import { ageQuantile, DAY_MS, decayFactor } from '../dataset/event-weighting.js';
import { NotFittedError } from '../errors.js';
import type { ProductSubset, ScoredItems, Signal, SignalCapabilities, UserContext } from './signal.js';
import { checkSubsetIds, gather, topNOfScores } from './top-n.js';

/** Popularity config. */
export const PopularityConfigSchema = z.strictObject({
  type: z._default(z.literal('popularity'), 'popularity'),
  /**
   * `mass`: sum of decayed interaction weights; `users`: number of distinct users (with a
   * half-life of its own, each user counts the decay factor of their latest event on the
   * product). @default 'mass'
   */
  measure: z._default(z.enum(['mass', 'users']), 'mass'),
  /**
   * How fast popularity forgets, in days: `'auto'` takes the age at the reference time of the
   * youngest `recentShare` of the training events (popularity follows the data's recent part,
   * whatever its span); `'interest'` keeps the decay of the interaction matrix
   * (`weighting.halfLifeDays`, which follows a user's interests over the whole history); `null`
   * means no decay; a number is the half-life in days. `'interest'` is the default: in the
   * blend, the recent tenth measured no better on the dataset mix (README, blend-defaults).
   * @default 'interest'
   */
  halfLifeDays: z._default(
    z.union([z.number().check(z.positive(), z.maximum(1_000_000)), z.null(), z.literal('auto'), z.literal('interest')]),
    'interest',
  ),
  /** Share (0, 1] of the training events younger than the `'auto'` half-life. @default 0.1 */
  recentShare: z._default(z.number().check(z.positive(), z.maximum(1)), 0.1),
});

/** Popularity config as written by a caller. */
export type PopularityConfigInput = z.input<typeof PopularityConfigSchema>;
/** Popularity config with defaults. */
export type PopularityConfig = z.output<typeof PopularityConfigSchema>;

/**
 * Popularity signal: time-decayed interaction mass per product (or distinct users), the same for
 * every user: the fitted matrix's plus the interactions observed after fit (`dataset.observed`),
 * so a product added after fit is popular from its first events.
 */
export class PopularitySignal implements Signal {
  readonly type = 'popularity';
  readonly capabilities: SignalCapabilities = Object.freeze({
    coldProducts: true,
    coldUsers: true,
    baseline: true,
    foldIn: false,
    topics: false,
    similarity: false,
    explains: false,
    boosts: false,
    catalogue: true,
    interactions: true,
  });
  readonly reason = 'popular right now';
  readonly config: PopularityConfig;
  /** Popularity per product: a view of `#buffer` at the catalogue's size. */
  #mass: Float64Array | undefined;
  /** The fitted matrix's part of each product's popularity (`#buffer`'s capacity). */
  #fitted: Float64Array = new Float64Array(0);
  #buffer: Float64Array = new Float64Array(0);
  /** The mass of the last subset given to topNIn, in the subset's order. */
  #subsetMass: { readonly subset: ProductSubset; readonly ids: Int32Array; readonly mass: Float64Array } | undefined;
  #halfLifeDays: number | null | 'interest' | undefined;

  constructor(config: PopularityConfigInput = {}) {
    this.config = parseConfig('popularity', PopularityConfigSchema, config);
  }

  get fitted(): boolean {
    return this.#mass !== undefined;
  }

  /** Popularity of each product (index order), after fit. */
  get mass(): Float64Array {
    if (this.#mass === undefined) throw new NotFittedError('popularity');
    return this.#mass;
  }

  /**
   * The half-life popularity used at fit, in days (`null`: no decay), `'interest'` when it took
   * the interaction matrix's decay; undefined before fit.
   */
  get halfLifeDays(): number | null | 'interest' | undefined {
    return this.#halfLifeDays;
  }

  /**
   * Counts the training events, decayed to the reference time with this signal's half-life (or
   * the fitted matrix, under `'interest'`), and the interactions observed since (`dataset.observed`).
   */
  fit(dataset: Dataset): void {
    const halfLifeMs = popularityHalfLifeMs(this.config, dataset);
    this.#halfLifeDays = Number.isNaN(halfLifeMs) ? 'interest' : halfLifeMs === Infinity ? null : halfLifeMs / DAY_MS;
    const fitted = Number.isNaN(halfLifeMs) ? matrixPopularity(dataset, this.config.measure) : eventPopularity(dataset, halfLifeMs, this.config.measure);
    const P = dataset.products.size;
    this.#fitted = fitted;
    this.#buffer = new Float64Array(P);
    this.#mass = this.#buffer;
    this.#update(dataset, undefined);
  }

  /** Installs popularity values (one per product; nothing observed after fit). */
  setMass(mass: Float64Array): void {
    this.#fitted = mass.slice();
    this.#buffer = mass;
    this.#mass = mass;
    this.#subsetMass = undefined;
  }

  /** Sets `mass = fitted + observed` for `products` (all when undefined). */
  #update(dataset: Dataset, products: Int32Array | undefined): void {
    const { mass: observedMass, users } = dataset.observed;
    const observed = this.config.measure === 'users' ? users : observedMass;
    const n = products === undefined ? this.#mass!.length : products.length;
    for (let k = 0; k < n; k++) {
      const p = products === undefined ? k : products[k]!;
      if (p >= 0 && p < this.#mass!.length) this.#mass![p] = this.#fitted[p]! + (observed[p] ?? 0);
    }
    this.#subsetMass = undefined;
  }

  /** Grows to the catalogue's size: a product added after fit starts at its observed interactions (none yet). */
  observeProducts(change: CatalogueChange): void {
    const P = change.dataset.products.size;
    if (this.#mass === undefined) throw new NotFittedError('popularity');
    if (P > this.#buffer.length) {
      const cap = Math.max(P, 2 * this.#buffer.length);
      const fitted = new Float64Array(cap);
      fitted.set(this.#fitted.subarray(0, this.#mass.length));
      const buffer = new Float64Array(cap);
      buffer.set(this.#mass);
      this.#fitted = fitted;
      this.#buffer = buffer;
    }
    const before = this.#mass.length;
    this.#mass = this.#buffer.subarray(0, P);
    if (P > before) this.#update(change.dataset, Int32Array.from({ length: P - before }, (_, i) => before + i));
  }

  /** Adds the observed interactions of `products` to their fitted popularity. */
  observeInteractions(dataset: Dataset, products: Int32Array): void {
    if (this.#mass === undefined) throw new NotFittedError('popularity');
    if (dataset.products.size > this.#mass.length) this.observeProducts({ dataset, added: new Int32Array(0), updated: new Int32Array(0), removed: new Int32Array(0) });
    this.#update(dataset, products);
  }

  score(_user: UserContext, candidates: Int32Array): Float32Array {
    return gather(this.mass, candidates);
  }

  topN(_user: UserContext, n: number, exclude?: (product: number) => boolean): ScoredItems {
    return topNOfScores(this.mass, n, exclude);
  }

  /** topN over `subset`'s products only, scanning just their masses (gathered once per subset). */
  topNIn(_user: UserContext, n: number, subset: ProductSubset, exclude?: (product: number) => boolean): ScoredItems {
    if (this.#subsetMass?.subset !== subset) {
      const mass = this.mass;
      // Products past the catalogue this signal knows are not its to propose.
      const ids = subset.ids.filter((p) => p < mass.length);
      checkSubsetIds(ids, mass.length, 'popularity topNIn');
      this.#subsetMass = { subset, ids, mass: Float64Array.from(ids, (p) => mass[p]!) };
    }
    const { ids } = this.#subsetMass;
    const top = topNOfScores(this.#subsetMass.mass, n, exclude === undefined ? undefined : (i) => exclude(ids[i]!));
    return { ids: top.ids.map((i) => ids[i]!), scores: top.scores };
  }

  toJSON(): PopularityConfig {
    return { ...this.config };
  }
}

/**
 * The half-life popularity decays with, in ms: Infinity for none, NaN for the interaction
 * matrix's own decay (`'interest'`). `'auto'` is the age at the reference time below which
 * `recentShare` of the positive-weight training events lie (no decay when that age is 0).
 */
export function popularityHalfLifeMs(config: PopularityConfig, dataset: Dataset): number {
  const h = config.halfLifeDays;
  if (h === 'interest') return Number.NaN;
  if (h === null) return Infinity;
  if (h !== 'auto') return h * DAY_MS;
  const log = dataset.events;
  const now = dataset.referenceTime;
  const ages: number[] = [];
  for (let e = 0; e < log.length; e++) if (log.weight[e]! > 0) ages.push(log.time[e]! < now ? now - log.time[e]! : 0);
  const age = ageQuantile(Float64Array.from(ages), config.recentShare);
  return age > 0 ? age : Infinity;
}

/** Popularity from the fitted interaction matrix: the sum of its decayed cells, or its users. */
function matrixPopularity(dataset: Dataset, measure: PopularityConfig['measure']): Float64Array {
  const m = dataset.interactions;
  const fitted = new Float64Array(dataset.products.size);
  const total = m.indptr[m.rows]!;
  for (let e = 0; e < total; e++) fitted[m.indices[e]!]! += measure === 'users' ? 1 : m.values[e]!;
  return fitted;
}

/**
 * Popularity from the training events decayed to the reference time with `halfLifeMs`: the sum
 * of decayed weights (`mass`), or of each user's decay factor at their latest event on the
 * product (`users`). Events with no weight (impressions by default) count for nothing.
 */
function eventPopularity(dataset: Dataset, halfLifeMs: number, measure: PopularityConfig['measure']): Float64Array {
  const log = dataset.events;
  const P = dataset.products.size;
  const now = dataset.referenceTime;
  const fitted = new Float64Array(P);
  // users: the largest decay factor per (user, product) cell, keyed by number (never an id).
  const latest = measure === 'users' ? new Map<number, number>() : undefined;
  for (let e = 0; e < log.length; e++) {
    const p = log.product[e]!;
    if (!(log.weight[e]! > 0) || p >= P) continue;
    const factor = decayFactor(log.time[e]!, now, halfLifeMs);
    if (latest === undefined) fitted[p]! += log.weight[e]! * factor;
    else {
      const cell = log.user[e]! * P + p;
      if (factor > (latest.get(cell) ?? 0)) latest.set(cell, factor);
    }
  }
  if (latest !== undefined) for (const [cell, factor] of latest) fitted[cell % P]! += factor;
  return fitted;
}

/** Creates a popularity signal. */
export function createPopularity(config: PopularityConfigInput = {}): PopularitySignal {
  return new PopularitySignal(config);
}
