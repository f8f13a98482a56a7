/**
 * Candidate sources (docs/design.md, "Engine", stage 1): named objects that each propose
 * products for a request, best first. The engine's own: one per blend signal (its top-n), the
 * popular fill, the small tier, and the caller's list; a caller may add sources of its own.
 */
import { grow } from '../../_internal/grow.js';
import type { Dataset } from '../../dataset/dataset.js';
import type { ProductSubset, ScoredItems, Signal, UserContext } from '../../signals/signal.js';
import { NO_ITEMS } from '../../signals/top-n.js';
import type { SignalSlot } from '../signal-slots.js';

/** What a source sees of a request. */
export interface CandidateRequest {
  readonly dataset: Dataset;
  readonly user: UserContext;
  /** Slate length: a source should propose at least this many when it can. */
  readonly n: number;
  /** True for a product the business filters drop: a source must not propose it. */
  readonly excluded: (product: number) => boolean;
}

/** A named producer of candidates. */
export interface CandidateSource {
  /** Shown in traces (`sources` of each item, `candidates.bySource`); unique among the sources. */
  readonly name: string;
  /** Up to the source's own count of products, best first (product indices; `scores` may be 0s). */
  propose(request: CandidateRequest): ScoredItems;
}

/** A source that can propose every eligible product at once (the popularity fill when it covers the catalogue). */
export interface CatalogueSource extends CandidateSource {
  /** How many products it proposes for a request of slate length `n`. */
  count(n: number): number;
  /** A score per product (index = product); a NaN product is not proposed. */
  catalogueScores(request: CandidateRequest): ArrayLike<number>;
}

/**
 * The top `max(perSignal, n)` products of one blend signal. A signal without an opinion on
 * products nobody interacted with (capability `coldProducts` false) does not propose them either
 * (`cold()`: 1 per such product).
 */
export function signalSource(slot: SignalSlot, perSignal: number, cold: () => Uint8Array): CandidateSource {
  return {
    name: slot.name,
    propose: (r) => {
      const c = cold();
      const excluded = slot.signal.capabilities.coldProducts || c.length === 0 ? r.excluded : (p: number): boolean => c[p] === 1 || r.excluded(p);
      return slot.signal.topN(r.user, Math.max(perSignal, r.n), excluded);
    },
  };
}

/**
 * Products of `items` a slate can hold when each merchant may place at most `cap` of them.
 * `placed`: one count per merchant index, all 0 (scratch, left 0).
 */
function underCap(items: ScoredItems, productMerchant: Int32Array, cap: number, placed: Int32Array): number {
  const ids = items.ids;
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    const m = productMerchant[ids[i]!]!;
    if (placed[m]! < cap) count++;
    placed[m]!++;
  }
  for (let i = 0; i < ids.length; i++) placed[productMerchant[ids[i]!]!] = 0;
  return count;
}

/**
 * The `max(popular, n)` best products of a non-personal baseline signal (popularity): source
 * `popular`. Under a merchant cap (`maxPerMerchant`), which drops a merchant's products past its
 * cap from the slate, it proposes more (doubling) until n of its products fit under the cap or
 * the eligible catalogue runs out, so the slate still reaches n when that many products are
 * eligible.
 */
export function popularSource(signal: Signal, popular: number, maxPerMerchant: number | null = null): CatalogueSource {
  let all = new Int32Array(0);
  // Products per merchant index while underCap counts (all 0 between calls), grown with the merchants.
  let placed = new Int32Array(0);
  return {
    name: 'popular',
    count: (n) => Math.max(popular, n),
    propose: (r) => {
      let k = Math.max(popular, r.n);
      let items = signal.topN(r.user, k, r.excluded);
      if (maxPerMerchant === null) return items;
      const size = r.dataset.products.size;
      placed = grow(placed, r.dataset.merchants.size);
      while (items.ids.length === k && k < size && underCap(items, r.dataset.productMerchant, maxPerMerchant, placed) < r.n) {
        k = Math.min(2 * k, size);
        items = signal.topN(r.user, k, r.excluded);
      }
      return items;
    },
    catalogueScores: (r) => {
      const P = r.dataset.products.size;
      if (all.length !== P) all = Int32Array.from({ length: P }, (_, p) => p);
      return signal.score(r.user, all);
    },
  };
}

/**
 * The small tier's source (`small-tier`): each signal's top `quota` among the small tier's
 * eligible products, merged round-robin (each signal keeps its best), each product once. Signals
 * with `topNIn` index the subset; the others run `topN` with the subset as a filter.
 */
export function smallTierSource(signals: () => readonly Signal[], subset: () => ProductSubset, quota: number): CandidateSource {
  return {
    name: 'small-tier',
    propose: (r) => {
      const tier = subset();
      if (quota === 0 || tier.ids.length === 0) return NO_ITEMS;
      const { member } = tier;
      const notSmall = (p: number): boolean => member[p] === 0 || r.excluded(p);
      const lists = signals().map((s) => (s.topNIn !== undefined ? s.topNIn(r.user, quota, tier, r.excluded) : s.topN(r.user, quota, notSmall)).ids);
      const taken = new Set<number>();
      const ids: number[] = [];
      for (let k = 0; k < quota; k++) {
        for (const l of lists) {
          const p = l[k];
          if (p === undefined || taken.has(p)) continue;
          taken.add(p);
          ids.push(p);
        }
      }
      return { ids: Int32Array.from(ids), scores: new Float64Array(ids.length) };
    },
  };
}

/**
 * The caller's own candidates for one request (`recommend(user, { candidates })`): source `caller`,
 * in the order given, each once; products the catalogue does not hold or the filters drop are left out.
 */
export function callerSource(productIds: Iterable<string>): CandidateSource & { unknown: number } {
  const source = {
    name: 'caller',
    unknown: 0,
    propose: (r: CandidateRequest): ScoredItems => {
      const ids: number[] = [];
      const taken = new Set<number>();
      for (const id of productIds) {
        const p = r.dataset.products.indexOf(id);
        if (p < 0) {
          source.unknown++;
          continue;
        }
        if (taken.has(p) || r.excluded(p)) continue;
        taken.add(p);
        ids.push(p);
      }
      return { ids: Int32Array.from(ids), scores: new Float64Array(ids.length) };
    },
  };
  return source;
}
