import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import type { EventInput } from '../../src/schema/entities.js';
import type { ObservedItemEvent } from '../../src/signals/observed-item-events.js';
import type { StateArray } from '../../src/signals/signal.js';
import { createTrending } from '../../src/signals/trending.js';
import type { Dataset } from '../../src/dataset/dataset.js';
import { bulkRatersShop } from '../_catalogues/bulk-raters.js';
import { HOUR, T0, contextOf, dataset, event, idx, product } from './_text-fixture.js';

/** The events as `observe` hands them to the signal (every event of the shop has positive weight). */
function observed(ds: Dataset, events: readonly EventInput[]): ObservedItemEvent[] {
  return events.map((e) => ({ product: idx(ds, String(e.productId)), userId: String(e.userId), time: Number(e.timestamp) }));
}

describe('item bursts count events observed after fit', () => {
  // tests/_catalogues/bulk-raters.ts: 200 products, 6 heavy users on the last day, and `hot`: 12 fans
  // in the last day against one view 9 days before.
  const { products, events } = bulkRatersShop(T0);
  const isFan = (e: EventInput) => e.productId === 'hot' && String(e.userId).startsWith('fan');
  const all = (ds: Dataset) => Int32Array.from({ length: ds.products.size }, (_, i) => i);

  it('a model fitted before the burst and shown it through observe scores as one fitted on everything', () => {
    const full = dataset(products, events);
    const fitted = createTrending({ personalisation: 0 });
    fitted.fit(full);
    const before = dataset(products, events.filter((e) => !isFan(e)));
    const online = createTrending({ personalisation: 0 });
    online.fit(before);
    expect(online.score(contextOf(before, 'r1'), all(before))[idx(before, 'hot')]).toBeNaN();
    online.observeEvents(observed(before, events.filter(isFan)));
    const a = fitted.score(contextOf(full, 'r1'), all(full));
    const b = online.score(contextOf(before, 'r1'), all(before));
    // Same products in the same order (the fans are new users to `before`; the product order is the records').
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(b[idx(before, 'hot')]).toBeGreaterThan(0);
    expect(online.describe(contextOf(before, 'r1'), idx(before, 'hot'))).toEqual(fitted.describe(contextOf(full, 'r1'), idx(full, 'hot')));
  });

  it('counts a user once over the fitted log and the observed events, and ignores events after now', () => {
    // p: 3 fitted users in the last day (a, b, c); observed: a again, d, e, and f 2 h after now.
    const ps = [product('p', 'kite'), product('q', 'ball')];
    const log = [event('a', 'p', 'click', -3), event('b', 'p', 'click', -4), event('c', 'p', 'click', -5), event('z', 'q', 'view', -24 * 20)];
    const ds = dataset(ps, log);
    const s = createTrending({ personalisation: 0, itemSignificance: null, itemMinUsers: 5 });
    s.fit(ds);
    const p = idx(ds, 'p');
    const line = () => s.describe(contextOf(ds, 'a'), p);
    expect(line()).toEqual([]);
    s.observeEvents(observed(ds, [event('a', 'p', 'view', -1), event('d', 'p', 'click', -1), event('f', 'p', 'click', 2)]));
    // a counts once: a, b, c, d = 4 < itemMinUsers 5; f is after now.
    expect(line()).toEqual([]);
    s.observeEvents(observed(ds, [event('e', 'p', 'click', -2)]));
    // 5 users in the last 24 h, 5 in the long window (336 h: the log has 480 h): b = (5 + 1) /
    // (5 / 14 + 1) = 4.42; expected (0 + 1) x 24 / 312 = 0.077, P(X >= 5 | 0.077) = 2.1e-8.
    expect(line()).toEqual([
      'own interactions bursting: 5 users in the last 24 h vs 5 in 336 h (burst x4.42; 0.08 expected at its earlier rate, chance 2.1e-6% among 1 active products)',
    ]);
    // At now + 3 h f counts too: 6 users (b is still within 24 h: -4 h -> 7 h before).
    expect(s.describe(contextOf(ds, 'a', T0 + 3 * HOUR), p)[0]).toMatch(/^own interactions bursting: 6 users in the last 24 h/);
  });

  it('saves the observed events in its state and restores them; a refit forgets them', () => {
    const ds = dataset(products, events.filter((e) => !isFan(e)));
    const s = createTrending({ personalisation: 0 });
    s.fit(ds);
    s.observeEvents(observed(ds, events.filter(isFan)));
    const state = s.exportState();
    expect(state.get('observedEvents.times')).toHaveLength(12);
    const again = createTrending({ personalisation: 0 });
    again.importState(state, ds);
    const ctx = contextOf(ds, 'r1');
    expect(Array.from(again.score(ctx, all(ds)))).toEqual(Array.from(s.score(ctx, all(ds))));
    s.fit(ds);
    expect(s.score(ctx, all(ds))[idx(ds, 'hot')]).toBeNaN();
    expect(s.exportState().has('observedEvents.times')).toBe(false);
  });

  it('refuses a state whose observed events do not fit the dataset', () => {
    const ds = dataset(products, events.filter((e) => !isFan(e)));
    const s = createTrending({ personalisation: 0 });
    s.fit(ds);
    s.observeEvents(observed(ds, events.filter(isFan).slice(0, 2)));
    const good = s.exportState();
    const broken = (key: string, value: StateArray) => () => createTrending().importState(new Map([...good, [key, value]]), ds);
    expect(broken('observedEvents.products', Int32Array.of(0, 999))).toThrow(new FormatError('trending state: observedEvents.products[1] = 999, outside 0..200'));
    expect(broken('observedEvents.times', Float64Array.of(T0, T0 - 1))).toThrow(new FormatError(`trending state: observedEvents.times[1] = ${T0 - 1} is not finite and ascending`));
    expect(broken('observedEvents.users', Int32Array.of(0))).toThrow(new FormatError('trending state: 2 observed event times but 2 products and 1 users'));
    // 46 fitted users (r0..r39, heavy0..5) and the 2 fans new since the fit: keys 0..47.
    expect(broken('observedEvents.users', Int32Array.of(0, 48))).toThrow(new FormatError('trending state: observedEvents.users[1] = 48, outside 0..47'));
    expect(broken('observedEvents.newUsers', new TextEncoder().encode('["r1"]'))).toThrow(/lists "r1", a fitted user or a repeat/);
    expect(broken('observedEvents.newUsers', new TextEncoder().encode('{'))).toThrow(/observedEvents.newUsers is not valid JSON/);
    expect(broken('observedEvents.times', Int32Array.of(1, 2))).toThrow(/go together/);
  });
});
