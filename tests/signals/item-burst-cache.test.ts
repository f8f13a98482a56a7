import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import { SparseAccumulator } from '../../src/_internal/sparse-accumulator.js';
import { ItemBurstCache, itemBurstTime } from '../../src/signals/item-burst-cache.js';
import { ItemBursts, type ItemBurstOptions } from '../../src/signals/item-burst.js';
import type { ObservedItemEvent } from '../../src/signals/observed-item-events.js';
import { createTrending } from '../../src/signals/trending.js';
import { saleDayShop } from '../_catalogues/sale-day.js';
import { HOUR, T0, contextOf, dataset, idx } from './_text-fixture.js';

const MINUTE = 60_000;

/** The sale-day shop in a quiet week, with `flash`, a product nobody has touched yet. */
function shopWithFlash() {
  const shop = saleDayShop(T0, { surge: 1 });
  shop.products.push({ id: 'flash', merchantId: 'm1', title: 'goods flash', category: 'home', tags: [] });
  return dataset(shop.products, shop.events);
}

describe('itemBurstTime', () => {
  it('is the start of the step, or now itself for a step of 0 (hand-computed)', () => {
    expect(itemBurstTime(T0 + 90_000, MINUTE)).toBe(T0 + MINUTE);
    expect(itemBurstTime(T0 + MINUTE - 1, MINUTE)).toBe(T0);
    expect(itemBurstTime(T0 + MINUTE, MINUTE)).toBe(T0 + MINUTE);
    expect(itemBurstTime(T0 + 1234, 0)).toBe(T0 + 1234);
  });
});

describe('products\' own bursts judged once a step (itemResolutionSeconds)', () => {
  const ds = shopWithFlash();
  const flash = idx(ds, 'flash');
  const fans = (at: number, n: number, prefix: string): ObservedItemEvent[] => Array.from({ length: n }, (_, k) => ({ product: flash, userId: `${prefix}${k}`, time: at + k }));
  const trends = (s: ReturnType<typeof createTrending>, now: number): boolean => !Number.isNaN(s.score(contextOf(ds, 'u1', now), Int32Array.of(flash))[0]!);

  it('events observed within the step count from the next step; with 0 they count at once', () => {
    // The step of now = T0 + 30 s starts at T0: fans clicking at T0 + 10 s are after it.
    const now = T0 + 30_000;
    const stepped = createTrending({ personalisation: 0 });
    const exact = createTrending({ personalisation: 0, itemResolutionSeconds: 0 });
    for (const s of [stepped, exact]) {
      s.fit(ds);
      expect(trends(s, now)).toBe(false);
      s.observeEvents(fans(T0 + 10_000, 8, 'fan'));
    }
    expect(trends(exact, now)).toBe(true);
    expect(trends(stepped, now)).toBe(false);
    expect(trends(stepped, T0 + MINUTE)).toBe(true);
    // The explanation judges at the same time as the score.
    expect(stepped.describe(contextOf(ds, 'u1', now), flash)).toEqual([]);
    expect(stepped.describe(contextOf(ds, 'u1', T0 + MINUTE), flash)[0]).toMatch(/^own interactions bursting: 8 users in the last 24 h/);
  });

  it('an event observed late (at or before the step\'s start) counts at once: the kept judgement is dropped', () => {
    const s = createTrending({ personalisation: 0 });
    s.fit(ds);
    const now = T0 + 30_000;
    expect(trends(s, now)).toBe(false);
    s.observeEvents(fans(T0 - HOUR, 8, 'late'));
    expect(trends(s, now + 1000)).toBe(true);
  });

  it('equals judging afresh at every request, over a seeded stream of requests and observed events (late ones included)', () => {
    const options: ItemBurstOptions = { shortMs: 24 * HOUR, longMs: 336 * HOUR, minUsers: 3, minBurst: 1.5, significance: 0.1, weight: 0.5, relative: true, heavyUserFactor: 10 };
    const cachedItems = new ItemBursts(ds, options.longMs);
    const cache = new ItemBurstCache(cachedItems);
    const fresh = new ItemBursts(ds, options.longMs);
    const rng = new Rng(29);
    const P = ds.products.size;
    let now = T0;
    let reused = 0;
    let withBursts = 0;
    let last = Number.NaN;
    for (let step = 0; step < 400; step++) {
      now += rng.int(20_000);
      if (rng.next() < 0.3) {
        // A batch of events: most at about now, some late (before the current step's start).
        const late = rng.next() < 0.25;
        const events = Array.from({ length: 1 + rng.int(6) }, (): ObservedItemEvent => ({
          product: rng.next() < 0.5 ? flash : rng.int(P),
          userId: `s${rng.int(40)}`,
          time: late ? now - MINUTE - rng.int(3 * HOUR) : now - rng.int(5000),
        }));
        cachedItems.observe(events);
        cache.observed(events);
        fresh.observe(events);
      }
      const at = itemBurstTime(now, MINUTE);
      if (at === last) reused++;
      last = at;
      const a = new SparseAccumulator(P);
      const b = new SparseAccumulator(P);
      cache.addTo(at, options, a);
      fresh.addBursts(at, options, b);
      const x = a.take(Float64Array);
      const y = b.take(Float64Array);
      expect(Array.from(x.ids)).toEqual(Array.from(y.ids));
      expect(Array.from(x.sums)).toEqual(Array.from(y.sums));
      if (x.ids.length > 0) withBursts++;
    }
    // The stream asks within one step often enough for the kept judgement to matter, and products trend in part of it.
    expect(reused).toBeGreaterThan(100);
    expect(withBursts).toBeGreaterThan(50);
    expect(withBursts).toBeLessThan(400);
  });
});
