import type { Merchant, Product } from '../schema/entities.js';
import type { Dataset } from './dataset.js';
import { IdIndex } from './id-index.js';

/** One product's state after a batch of changes: its record, or null when it is removed. */
export interface ProductUpsert {
  readonly id: string;
  readonly product: Product | null;
}

/**
 * Products added, changed or removed after fit, as signals receive them (`Signal.observeProducts`).
 * Stock, price, merchant and creation time changes are not listed: they are in `dataset`.
 */
export interface CatalogueChange {
  /** The dataset after the change (ids, records, merchants, stock and `live` flags include it). */
  readonly dataset: Dataset;
  /** Products that entered the catalogue: new ids (indices from the previous size on) and removed ids listed again, ascending. */
  readonly added: Int32Array;
  /** Products in the catalogue before and after whose text changed (title, description, tags or category), ascending. */
  readonly updated: Int32Array;
  /** Products that left the catalogue, ascending (their indices are never given to another product). */
  readonly removed: Int32Array;
}

/** What a batch changed, for the engine: the signals' view plus what the fairness state depends on. */
export interface CatalogueDelta extends CatalogueChange {
  /** Merchants new to the catalogue (indices from the previous merchant count on). */
  readonly merchantsAdded: number;
  /** True when some product changed merchant (merchant masses and tiers move). */
  readonly merchantMoved: boolean;
  /** Products whose stock flag changed. */
  readonly stockChanged: number;
}

/** The text fields the product text index reads are the same in both records. */
export function sameText(a: Product, b: Product): boolean {
  return a.title === b.title && a.description === b.description && a.category === b.category && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]);
}

type Column = Int32Array | Uint8Array | Float64Array;

/** `a` when it holds `min` entries, else a copy of its first `size` entries in a buffer of at least twice its length. */
function grown<A extends Column>(a: A, size: number, min: number): A {
  if (a.length >= min) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(min, 2 * a.length, 16));
  b.set(a.subarray(0, size));
  return b;
}

/**
 * The catalogue side of a fitted dataset, growing online: products added, changed and removed
 * after fit (`Recommender.observe`), and the interactions observed per product. A product new to
 * the catalogue takes the next index (never a removed product's); a removed product keeps its
 * index and last record, flagged in `live`, until the next fit, and takes it back when listed again. A merchant new to
 * the catalogue takes the next merchant index, with a bare record (`{ id, name: '' }`), as at fit.
 *
 * Memory: the per-product columns (merchant, stock, live, observed mass and users: 18 bytes a
 * product) live in buffers that double when full, so appending is amortised O(1); ids, records and
 * merchant records are arrays that only grow. Nothing is shared with the fitted dataset once
 * changed (the first product change copies the product side, the first observed interaction the
 * observed columns), so two recommenders fitted on one dataset stay apart.
 *
 * Each batch gives a new {@link Dataset} object: the interaction side (users, matrix, events) is
 * the fitted one, the product side views the buffers at the new size. A request holding the
 * previous object keeps a consistent catalogue: appends land past its size, stock and live flags
 * change in place (each value is valid at any moment), and moving a product to another merchant
 * copies the merchant column, so its merchant indices stay within the merchants it knew.
 */
export class Catalogue {
  #view: Dataset;
  /** The product side (ids, records, columns) is this catalogue's own copy. */
  #owned = false;
  /** The observed interaction columns are this catalogue's own copy. */
  #ownedObserved = false;
  #products: IdIndex;
  #merchants: IdIndex;
  #records: Product[];
  #merchantRecords: Merchant[];
  #merchant: Int32Array;
  #inStock: Uint8Array;
  #live: Uint8Array;
  #mass: Float64Array;
  #users: Int32Array;

  /** @param fitted the dataset a recommender was fitted on (not modified) */
  constructor(fitted: Dataset) {
    this.#view = fitted;
    this.#products = fitted.products;
    this.#merchants = fitted.merchants;
    this.#records = fitted.productRecords as Product[];
    this.#merchantRecords = fitted.merchantRecords as Merchant[];
    this.#merchant = fitted.productMerchant;
    this.#inStock = fitted.inStock;
    this.#live = fitted.live;
    this.#mass = fitted.observed.mass;
    this.#users = fitted.observed.users;
  }

  /** The dataset as it stands (a new object after each change). */
  get dataset(): Dataset {
    return this.#view;
  }

  /** Copies the product side shared with the fitted dataset, once, before the first product change. */
  #own(): void {
    this.#ownObserved();
    if (this.#owned) return;
    this.#owned = true;
    this.#products = IdIndex.from(this.#products.ids());
    this.#merchants = IdIndex.from(this.#merchants.ids());
    this.#records = this.#records.slice();
    this.#merchantRecords = this.#merchantRecords.slice();
    this.#merchant = this.#merchant.slice();
    this.#inStock = this.#inStock.slice();
    this.#live = this.#live.slice();
  }

  /** Copies the observed interaction columns, once, before the first observed interaction. */
  #ownObserved(): void {
    if (this.#ownedObserved) return;
    this.#ownedObserved = true;
    this.#mass = this.#mass.slice();
    this.#users = this.#users.slice();
  }

  /** A new dataset object viewing the buffers at the current size. */
  #refresh(): void {
    const P = this.#records.length;
    this.#view = {
      ...this.#view,
      products: this.#products,
      merchants: this.#merchants,
      productRecords: this.#records,
      merchantRecords: this.#merchantRecords,
      productMerchant: this.#merchant.subarray(0, P),
      inStock: this.#inStock.subarray(0, P),
      live: this.#live.subarray(0, P),
      observed: { mass: this.#mass.subarray(0, P), users: this.#users.subarray(0, P) },
    };
  }

  /**
   * Applies the final state of each product of a batch (validated records; each id once): new ids
   * are appended, known ones replaced, removed or listed again. O(changes), plus O(products)
   * when a product moves to another merchant or the buffers double.
   */
  applyProducts(changes: readonly ProductUpsert[]): CatalogueDelta {
    this.#own();
    const added: number[] = [];
    const updated: number[] = [];
    const removed: number[] = [];
    const merchantsBefore = this.#merchants.size;
    let merchantMoved = false;
    let stockChanged = 0;
    for (const { id, product } of changes) {
      let p = this.#products.indexOf(id);
      if (product === null) {
        if (p >= 0 && this.#live[p] === 1) {
          this.#live[p] = 0;
          removed.push(p);
        }
        continue;
      }
      const m = this.#merchantIndex(product.merchantId);
      const stock = product.inStock ? 1 : 0;
      if (p < 0) {
        p = this.#append(product, m);
        added.push(p);
        continue;
      }
      const before = this.#records[p]!;
      this.#records[p] = product;
      if (this.#live[p] === 0) {
        this.#live[p] = 1;
        added.push(p);
      } else if (!sameText(before, product)) updated.push(p);
      if (this.#inStock[p] !== stock) {
        this.#inStock[p] = stock;
        stockChanged++;
      }
      if (this.#merchant[p] !== m) {
        // A copy, so a request holding the previous dataset keeps merchant indices it knows.
        if (!merchantMoved) this.#merchant = this.#merchant.slice();
        merchantMoved = true;
        this.#merchant[p] = m;
      }
    }
    this.#refresh();
    const sorted = (a: number[]): Int32Array => Int32Array.from(a).sort();
    return {
      dataset: this.#view,
      added: sorted(added),
      updated: sorted(updated),
      removed: sorted(removed),
      merchantsAdded: this.#merchants.size - merchantsBefore,
      merchantMoved,
      stockChanged,
    };
  }

  /** The merchant's index, adding a bare record for a merchant new to the catalogue. */
  #merchantIndex(merchantId: string): number {
    const m = this.#merchants.indexOf(merchantId);
    if (m >= 0) return m;
    this.#merchantRecords.push({ id: merchantId, name: '' });
    return this.#merchants.add(merchantId);
  }

  /** Appends a product at the next index, growing the buffers when full. */
  #append(product: Product, merchant: number): number {
    const P = this.#records.length;
    this.#merchant = grown(this.#merchant, P, P + 1);
    this.#inStock = grown(this.#inStock, P, P + 1);
    this.#live = grown(this.#live, P, P + 1);
    this.#mass = grown(this.#mass, P, P + 1);
    this.#users = grown(this.#users, P, P + 1);
    this.#records.push(product);
    this.#products.add(product.id);
    this.#merchant[P] = merchant;
    this.#inStock[P] = product.inStock ? 1 : 0;
    this.#live[P] = 1;
    this.#mass[P] = 0;
    this.#users[P] = 0;
    return P;
  }

  /**
   * Adds interactions observed after fit to product `p`: `mass` decayed weight (>= 0, finite) and
   * `newUsers` user-product pairs the product did not have. In place (the dataset object stays).
   */
  addObserved(p: number, mass: number, newUsers: number): void {
    if (!(p >= 0 && p < this.#records.length)) throw new RangeError(`product index ${p} outside 0..${this.#records.length - 1}`);
    if (!this.#ownedObserved) {
      this.#ownObserved();
      this.#refresh();
    }
    this.#mass[p]! += mass;
    this.#users[p]! += newUsers;
  }
}
