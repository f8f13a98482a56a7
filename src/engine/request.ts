import type { Dataset } from '../dataset/dataset.js';
import type { Product, Topic } from '../schema/entities.js';
import type { UserContext } from '../signals/signal.js';
import { createCandidateScratch, type CandidateScratch } from './candidates.js';
import { BlendScratch } from './normalise.js';
import type { UserHistory } from './user-history.js';

/** Work buffers of one request: handed out by the recommender's scratch pool, returned when it ends. */
export interface RequestScratch {
  /** 1 per product excluded by the request's history or `exclude` (all 0 between requests). */
  readonly blocked: Uint8Array;
  /** Buffers of the full-catalogue candidate pass. */
  readonly candidates: CandidateScratch;
  /** 1 per merchant index (all 0 between uses). */
  readonly merchantFlags: Uint8Array;
  /** Buffers of the normalise and blend stages. */
  readonly blend: BlendScratch;
}

/**
 * Per-request work buffers for a catalogue of fixed size, reused across requests (the recommender
 * makes a new pool when the catalogue grows, so buffers always fit the current one). A request
 * takes a scratch for its whole run and gives it back at the end, so a request started inside
 * another (a `filter` that calls `recommend`) gets its own buffers: the recommender is re-entrant.
 */
export class ScratchPool {
  readonly #products: number;
  readonly #merchants: number;
  readonly #free: RequestScratch[] = [];

  /** @param products catalogue size; @param merchants merchant count */
  constructor(products: number, merchants: number) {
    this.#products = products;
    this.#merchants = merchants;
  }

  /** A scratch for one request (a pooled one, or a new one when all are in use). */
  acquire(): RequestScratch {
    return (
      this.#free.pop() ?? {
        blocked: new Uint8Array(this.#products),
        candidates: createCandidateScratch(this.#products),
        merchantFlags: new Uint8Array(this.#merchants),
        blend: new BlendScratch(),
      }
    );
  }

  /** Gives a scratch back (its flag arrays must be all 0 again). At most 4 are kept. */
  release(scratch: RequestScratch): void {
    if (this.#free.length < 4) this.#free.push(scratch);
  }
}

/** Everything the stages of one request read: who, when, what is excluded, and the scratch. */
export interface RequestContext {
  readonly dataset: Dataset;
  /** The signals' view of the user. */
  readonly user: UserContext;
  /** The user's history (fitted row merged with observed events). */
  readonly history: UserHistory;
  /** Slate length. */
  readonly n: number;
  /** True when the user has no history: the slate rests on signals that rank cold users. */
  readonly coldStart: boolean;
  /** Ad-hoc topics of the request. */
  readonly topics: readonly Topic[];
  /** True for a product the business filters drop (seen, excluded, removed, out of stock, filtered, or added after the request opened). */
  readonly excluded: (product: number) => boolean;
  readonly scratch: RequestScratch;
}

/** What {@link openRequest} needs to build a request's context. */
export interface RequestSetup {
  readonly dataset: Dataset;
  readonly user: UserContext;
  readonly history: UserHistory;
  /** Slate length asked for (capped at the catalogue size in the context). */
  readonly n: number;
  readonly topics: readonly Topic[];
  readonly exclude: Iterable<string> | undefined;
  readonly filter: ((product: Product) => boolean) | undefined;
  readonly excludeOutOfStock: boolean;
}

/**
 * Opens a request: takes a scratch from `pool`, blocks the user's seen products and the caller's
 * exclusions, and builds the business filter. `close()` clears the blocks and returns the scratch
 * to the pool; `close(false)`, after stages that threw, leaves it out of the pool.
 */
export function openRequest(pool: ScratchPool, setup: RequestSetup): { ctx: RequestContext; close: (returned?: boolean) => void } {
  const ds = setup.dataset;
  const scratch = pool.acquire();
  const blocked = scratch.blocked;
  const marked: number[] = [];
  const block = (p: number): void => {
    if (p < 0 || blocked[p] === 1) return;
    blocked[p] = 1;
    marked.push(p);
  };
  const close = (returned = true): void => {
    for (const p of marked) blocked[p] = 0;
    // A request whose stages threw may have left other scratch (merchant flags) dirty: not reused.
    if (returned) pool.release(scratch);
  };
  try {
    for (const p of setup.history.seen) block(p);
    if (setup.exclude !== undefined) for (const id of setup.exclude) block(ds.products.indexOf(id));
  } catch (error) {
    close(false);
    throw error;
  }
  // The catalogue as it stands when the request opens: a product added later (by an `observe`
  // inside a filter) is past `size` and never a candidate; a removed one is never either.
  const { productRecords: records, inStock, live } = ds;
  const size = ds.products.size;
  const { filter, excludeOutOfStock } = setup;
  const excluded = (p: number): boolean =>
    !(p < size) || blocked[p] === 1 || live[p] === 0 || (excludeOutOfStock && inStock[p] === 0) || (filter !== undefined && !filter(records[p]!));
  const ctx: RequestContext = {
    dataset: ds,
    user: setup.user,
    history: setup.history,
    n: Math.min(setup.n, size),
    coldStart: setup.user.items.length === 0,
    topics: setup.topics,
    excluded,
    scratch,
  };
  return { ctx, close };
}
