import { SparseAccumulator } from '../_internal/sparse-accumulator.js';
import type { ItemBurstOptions, ItemBursts } from './item-burst.js';
import type { ObservedItemEvent } from './observed-item-events.js';

/**
 * The time a product's own bursts are judged at for a request at `now` (epoch ms): the start of
 * its `resolutionMs` step (`floor(now / step) * step`), or `now` itself when the step is 0, so
 * every request within one step shares one judgement.
 */
export function itemBurstTime(now: number, resolutionMs: number): number {
  return resolutionMs > 0 ? Math.floor(now / resolutionMs) * resolutionMs : now;
}

/**
 * The products' own bursts of the last judgement time asked, kept: a service asks at every request,
 * and one judgement scans the long window's events of every product active in the short one (in a
 * shop with 286,000 views a day, 45 ms of CPU: `npm run bench -- item-bursts`), so requests within
 * one {@link itemBurstTime} step reuse it. Events observed after that time leave it standing (they
 * count from the next step); an event at or before it, a change of options or of the catalogue
 * drops it.
 */
export class ItemBurstCache {
  readonly #items: ItemBursts;
  readonly #scratch = new SparseAccumulator();
  #kept: { at: number; options: ItemBurstOptions; products: Int32Array; bursts: Float64Array } | undefined;

  constructor(items: ItemBursts) {
    this.#items = items;
  }

  /** Adds the bursts judged at `at` ({@link ItemBursts.addBursts}) to `out`, judging them only when not kept. */
  addTo(at: number, options: ItemBurstOptions, out: SparseAccumulator): void {
    let kept = this.#kept;
    if (kept === undefined || kept.at !== at || !sameOptions(kept.options, options)) {
      const scratch = this.#scratch;
      scratch.reserve(out.size);
      scratch.reset();
      this.#items.addBursts(at, options, scratch);
      const { ids, sums } = scratch.take(Float64Array);
      this.#kept = kept = { at, options, products: ids, bursts: sums };
    }
    for (let k = 0; k < kept.products.length; k++) out.add(kept.products[k]!, kept.bursts[k]!);
  }

  /** Takes events just observed: the kept judgement is dropped when one of them is at or before its time. */
  observed(events: readonly ObservedItemEvent[]): void {
    const kept = this.#kept;
    if (kept !== undefined && events.some((e) => e.time <= kept.at)) this.#kept = undefined;
  }

  /** Drops the kept judgement (the catalogue or the restored events changed). */
  clear(): void {
    this.#kept = undefined;
  }
}

function sameOptions(a: ItemBurstOptions, b: ItemBurstOptions): boolean {
  return (
    a.shortMs === b.shortMs && a.longMs === b.longMs && a.minUsers === b.minUsers && a.minBurst === b.minBurst && a.significance === b.significance &&
    a.weight === b.weight && a.relative === b.relative && a.heavyUserFactor === b.heavyUserFactor
  );
}
