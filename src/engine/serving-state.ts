import { Catalogue, type ProductUpsert } from '../dataset/catalogue.js';
import type { CsrMatrix } from '../dataset/csr.js';
import type { Dataset } from '../dataset/dataset.js';
import { tiersFromDataset } from '../fairness/tiers.js';
import type { Topic } from '../schema/entities.js';
import type { ProductSubset, Signal, UserContext } from '../signals/signal.js';
import type { TextIndexCache } from '../text/text-index-cache.js';
import type { RecommenderConfig } from './config.js';
import { coldProducts, smallTierSubset } from './fitted-sets.js';
import type { ObserveTarget } from './observe.js';
import { ScratchPool } from './request.js';
import { rowOf, seenMatrix, type SeenRule, type UserHistory } from './user-history.js';

/**
 * The serving state a fit installs and `observe` changes, declared in one place with its bounds:
 *
 * - `catalogue`: the dataset with the products added, changed and removed after fit and the
 *   interactions observed per product (per-product columns doubling when full; see `Catalogue`);
 *   bounded by the catalogue the caller sends.
 * - `texts`: the product text indexes (one per text config the signals use), kept up to date with
 *   the catalogue: O(the catalogue's terms).
 * - `observed`: the merged histories of the users observed after fit, one entry per such user.
 * - derived from the catalogue, recomputed when it changes: `cold` (1 byte a product),
 *   `merchantIds`, `tiers` (1 byte a merchant), `smallTier` (its products) and `pool`, the
 *   per-request buffers sized to the current catalogue (at most 4 kept; about 13 bytes a product).
 * - `seen`: the fitted users' excluded products (the fitted matrix or a part of it).
 */
export class ServingState {
  readonly catalogue: Catalogue;
  readonly texts: TextIndexCache;
  readonly seen: CsrMatrix;
  readonly observed = new Map<string, UserHistory>();
  /** Merchant ids by index (a new array when merchants are added: a request in flight keeps its own). */
  merchantIds: readonly string[];
  tiers: Uint8Array;
  smallTier: ProductSubset;
  pool: ScratchPool;
  #coldBuffer: Uint8Array;
  cold: Uint8Array;
  readonly #tierOptions: RecommenderConfig['fairness']['tiers'];

  /** Every signal that takes observations: the blend's, and a baseline kept outside it. */
  readonly #signals: readonly Signal[];
  readonly #seenRule: SeenRule;

  constructor(dataset: Dataset, texts: TextIndexCache, config: RecommenderConfig, signals: readonly Signal[]) {
    this.#signals = signals;
    this.#seenRule = config.excludeSeen as SeenRule;
    this.catalogue = new Catalogue(dataset);
    this.texts = texts;
    this.seen = seenMatrix(dataset, this.#seenRule);
    this.#tierOptions = config.fairness.tiers;
    this.tiers = tiersFromDataset(dataset, this.#tierOptions);
    this.smallTier = smallTierSubset(dataset, this.tiers);
    this.merchantIds = dataset.merchants.ids();
    this.pool = new ScratchPool(dataset.products.size, this.merchantIds.length);
    this.#coldBuffer = coldProducts(dataset);
    this.cold = this.#coldBuffer;
  }

  /** The dataset as it stands. */
  get dataset(): Dataset {
    return this.catalogue.dataset;
  }

  /** The signals' view of a user for one request (`now` defaults to the dataset's reference time). */
  userContext(userId: string, now?: number, topics: readonly Topic[] = []): UserContext {
    const ds = this.dataset;
    const h = this.history(userId);
    return { userId, user: ds.users.indexOf(userId), items: h.items, weights: h.weights, now: now ?? ds.referenceTime, topics };
  }

  /** What `observe` reads and writes of this state. */
  observeTarget(): ObserveTarget {
    const state = this;
    return {
      get dataset() {
        return state.dataset;
      },
      signals: this.#signals,
      seenRule: this.#seenRule,
      history: (id) => this.history(id),
      setHistory: (id, h) => this.observed.set(id, h),
      userContext: (id) => this.userContext(id),
      applyProducts: (upserts) => this.applyProducts(upserts),
      addObserved: (p, mass, pairs) => this.catalogue.addObserved(p, mass, pairs),
    };
  }

  /** A user's history: observed (the fitted row merged with events observed since), else the fitted row. */
  history(userId: string): UserHistory {
    const observed = this.observed.get(userId);
    if (observed !== undefined) return observed;
    const ds = this.dataset;
    const u = ds.users.indexOf(userId);
    const row = rowOf(ds.interactions, u);
    return { items: row.indices, weights: row.values, seen: rowOf(this.seen, u).indices };
  }

  /**
   * Applies a batch of product changes: the catalogue, then the text indexes, then the signals
   * with capability `catalogue` (the baseline outside the blend too), then what derives from the catalogue. A merchant new to the
   * catalogue has no fitted interaction mass, so the tiers make it `small` (as a fit on the same
   * interactions would), and its products join the small tier's candidates at once.
   */
  applyProducts(upserts: readonly ProductUpsert[]): void {
    const before = this.dataset.products.size;
    const delta = this.catalogue.applyProducts(upserts);
    const ds = delta.dataset;
    const P = ds.products.size;
    if (delta.added.length + delta.updated.length + delta.removed.length > 0) this.texts.apply(delta);
    const change = { dataset: ds, added: delta.added, updated: delta.updated, removed: delta.removed };
    for (const s of this.#signals) if (s.capabilities.catalogue) s.observeProducts?.(change);
    if (P > this.#coldBuffer.length) {
      const grown = new Uint8Array(Math.max(P, 2 * this.#coldBuffer.length)).fill(1);
      grown.set(this.#coldBuffer.subarray(0, before));
      this.#coldBuffer = grown;
    }
    this.cold = this.#coldBuffer.subarray(0, P);
    if (delta.merchantsAdded > 0) this.merchantIds = ds.merchants.ids();
    if (delta.merchantsAdded > 0 || delta.merchantMoved) this.tiers = tiersFromDataset(ds, this.#tierOptions);
    if (P !== before || delta.merchantsAdded > 0 || delta.merchantMoved || delta.removed.length > 0 || delta.added.length > 0) {
      this.smallTier = smallTierSubset(ds, this.tiers);
    }
    if (P !== before || delta.merchantsAdded > 0) this.pool = new ScratchPool(P, this.merchantIds.length);
  }
}
