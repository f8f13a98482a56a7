import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { migrateModelBody } from '../../src/engine/model-migrations.js';
import type { Dataset } from '../../src/dataset/dataset.js';
import type { EventInput, ProductInput } from '../../src/schema/entities.js';
import { ItemBursts, SURGE_PRIOR_EVENTS } from '../../src/signals/item-burst.js';
import type { ObservedItemEvent } from '../../src/signals/observed-item-events.js';
import { createTrending } from '../../src/signals/trending.js';
import { bulkRatersShop } from '../_catalogues/bulk-raters.js';
import { crawlerViews } from '../_catalogues/crawler.js';
import { saleDayShop } from '../_catalogues/sale-day.js';
import { HOUR, T0, contextOf, dataset, event, idx, product, trendingIn } from './_text-fixture.js';

const DAY = 24 * HOUR;

type Shop = { products: ProductInput[]; events: EventInput[] };

/** The sale-day shop in a quiet week (no surge) with `fans` new shoppers of `surging` in the last day, and a crawler. */
function quietShop(fans: number, crawler: { passes: number; fromHours?: number; toHours?: number } | undefined): Shop {
  const shop = saleDayShop(T0, { surge: 1, withSurging: true, fans });
  if (crawler !== undefined) shop.events.push(...crawlerViews(shop.products, T0, crawler));
  return shop;
}

function observed(ds: Dataset, events: readonly EventInput[]): ObservedItemEvent[] {
  return events.map((e) => ({ product: idx(ds, String(e.productId)), userId: String(e.userId), time: Number(e.timestamp) }));
}

describe('heavy users count toward no product\'s own burst (itemHeavyUserFactor)', () => {
  // tests/_catalogues/sale-day.ts (150 products, about 120 views a day from 300 shoppers) in a
  // quiet week, `surging` with 6 new shoppers in the last day against one in the 13 days before;
  // tests/_catalogues/crawler.ts: one user viewing the whole catalogue in turn.
  it('one pass of a crawler over the catalogue in the last day makes no product trend; every user counted, it did', () => {
    expect(trendingIn(quietShop(6, undefined))).toEqual(['surging']);
    expect(trendingIn(quietShop(6, { passes: 1 }))).toEqual(['surging']);
    // s134 had 2 shoppers in the last day: the crawler made the third of itemMinUsers.
    expect(trendingIn(quietShop(6, { passes: 1 }), { itemHeavyUserFactor: null })).toEqual(['s134', 'surging']);
  });

  it('ten passes in the last day do not switch a 6-shopper burst off; every user counted, they did', () => {
    expect(trendingIn(quietShop(6, { passes: 10 }))).toEqual(['surging']);
    // Every user counted, the crawler's 1,500 views read as a shop more than ten times as busy as
    // before (about 120 views a day): (1,500 + 120 + 20) / (120 + 20), and the burst is judged against it.
    expect(trendingIn(quietShop(6, { passes: 10 }), { itemHeavyUserFactor: null })).toEqual([]);
    const shop = quietShop(6, { passes: 10 });
    const ds = dataset(shop.products, shop.events);
    const items = new ItemBursts(ds, 336 * HOUR);
    expect(items.burstOf(idx(ds, 'surging'), T0, DAY, 336 * HOUR, true).surge).toBeGreaterThan(10);
    expect(items.burstOf(idx(ds, 'surging'), T0, DAY, 336 * HOUR, true, 10).surge).toBe(1);
  });

  it('a crawler that runs every day of the fortnight is left out of the earlier window as well', () => {
    // Twenty passes over 14 days: heavy in the last day (above 10x the median), and its earlier
    // views leave the shop's earlier rate and every product's earlier users as they were.
    const shop = quietShop(6, { passes: 20, fromHours: 14 * 24 - 1, toHours: 0.5 });
    expect(trendingIn(shop)).toEqual(['surging']);
    const ds = dataset(shop.products, shop.events);
    const items = new ItemBursts(ds, 336 * HOUR);
    const p = idx(ds, 'surging');
    const withCrawler = items.burstOf(p, T0, DAY, 336 * HOUR, true, 10);
    const clean = dataset(quietShop(6, undefined).products, quietShop(6, undefined).events);
    const without = new ItemBursts(clean, 336 * HOUR).burstOf(idx(clean, 'surging'), T0, DAY, 336 * HOUR, true, 10);
    expect(withCrawler.heavyUsers).toBe(1);
    expect(without.heavyUsers).toBe(0);
    // The same counts as the shop without the crawler (the shop's log starts before the crawler's
    // first view, so the history the long window takes is the same).
    expect({ ...withCrawler, heavyUsers: 0 }).toEqual(without);
  });

  it('a 25-shopper burst trends with or without the crawler, whatever the rule', () => {
    for (const factor of [10, null]) {
      for (const passes of [1, 10]) expect(trendingIn(quietShop(25, { passes }), { itemHeavyUserFactor: factor })).toEqual(['surging']);
    }
  });

  it('the bulk raters\' products do not trend on their own rate even without the chance test: the raters are heavy', () => {
    // tests/_catalogues/bulk-raters.ts: 6 users click 60 products each in the last day; 40 regular
    // users view 2 a day. Every user counted (null), the old gate made more than 60 products trend
    // (tests/signals/item-burst.test.ts). In the last day the 12 fans of `hot` click once each and
    // the 6 raters 60 times (the regular users' views are all over 24 h old): the median of those
    // 18 counts is 1, so 60 clicks are heavy.
    const shop = bulkRatersShop(T0);
    expect(trendingIn(shop, { itemRelative: false, itemSignificance: null, personalisation: 0 })).toEqual(['hot']);
    expect(trendingIn(shop, { itemRelative: false, itemSignificance: null, itemHeavyUserFactor: null }).length).toBeGreaterThan(60);
  });
});

describe('which users are heavy, and what they are left out of (hand-computed)', () => {
  // Short window 24 h. In it: a 1 event, b 2, c 3, d 40 (20 on p, 20 on q); d also viewed q 10
  // times 100 h before now; z viewed q 480 h before (the history is longer than the long window).
  const products = [product('p', 'kite'), product('q', 'ball')];
  const recent: EventInput[] = [
    event('a', 'p', 'view', -2),
    event('b', 'p', 'view', -3),
    event('b', 'q', 'view', -3),
    event('c', 'p', 'view', -4),
    event('c', 'q', 'view', -4),
    event('c', 'q', 'view', -5),
    ...Array.from({ length: 40 }, (_, k) => event('d', k % 2 === 0 ? 'p' : 'q', 'view', -1 - k / 2)),
    ...Array.from({ length: 10 }, (_, k) => event('d', 'q', 'view', -100 - k / 10)),
  ];
  const old = [event('z', 'q', 'view', -480)];

  // Counts [1, 2, 3, 40]: median 2.5. Factor 10: bound 25, d (40) is heavy. Factor 16: bound 40,
  // and a count equal to the bound is not heavy.
  // The surge of p with d left out: the other product q has b 1 + c 2 = 3 events in the last day
  // and none in the earlier 312 h (z is before it, d's 10 left out): (3 + 20) / (0 + 20) = 1.15.
  // Every user counted: (23 + 20) / (10 x 24 / 312 + 20) = 2.0704.
  const expectFor = (items: ItemBursts, p: number) => {
    const heavy = items.burstOf(p, T0, DAY, 336 * HOUR, true, 10);
    expect(heavy.heavyUsers).toBe(1);
    expect(heavy.short).toBe(3);
    expect(heavy.long).toBe(3);
    expect(heavy.surge).toBeCloseTo((3 + SURGE_PRIOR_EVENTS) / SURGE_PRIOR_EVENTS, 12);
    const counted = items.burstOf(p, T0, DAY, 336 * HOUR, true, 16);
    expect(counted.heavyUsers).toBe(0);
    expect(counted.short).toBe(4);
    expect(counted.surge).toBeCloseTo((23 + SURGE_PRIOR_EVENTS) / ((10 * 24) / 312 + SURGE_PRIOR_EVENTS), 12);
    expect(items.burstOf(p, T0, DAY, 336 * HOUR, true)).toEqual(counted);
    // Active products: both have events from users who are not heavy.
    expect(items.activeProducts(T0, DAY, 10)).toBe(2);
  };

  it('from the fitted log', () => {
    const ds = dataset(products, [...recent, ...old]);
    expectFor(new ItemBursts(ds, 336 * HOUR), idx(ds, 'p'));
  });

  it('from events observed after fit, the same', () => {
    const ds = dataset(products, old);
    const items = new ItemBursts(ds, 336 * HOUR);
    items.observe(observed(ds, recent));
    expectFor(items, idx(ds, 'p'));
  });

  it('from both, a user counted once over the two', () => {
    // d's first 20 events fitted, the rest observed; c's fitted, a's and b's observed.
    const fitted = recent.filter((e, k) => (e.userId === 'd' && k < 26) || e.userId === 'c');
    const ds = dataset(products, [...fitted, ...old]);
    const items = new ItemBursts(ds, 336 * HOUR);
    items.observe(observed(ds, recent.filter((e) => !fitted.includes(e))));
    expectFor(items, idx(ds, 'p'));
  });

  it('from observed events after older ones were dropped and the new users renumbered', () => {
    const ds = dataset(products, old);
    const items = new ItemBursts(ds, 336 * HOUR);
    // 300 one-off users 1,000 h before now: dropped (older than the retention) when the recent
    // events arrive, and the users table renumbered to the ones still named (a, b, c, d).
    items.observe(observed(ds, Array.from({ length: 300 }, (_, k) => event(`gone${k}`, 'q', 'view', -1000 - k / 100))));
    items.observe(observed(ds, recent));
    expect(items.observedState().get('observedEvents.newUsers')).toEqual(new TextEncoder().encode(JSON.stringify(['d', 'c', 'b', 'a'])));
    expectFor(items, idx(ds, 'p'));
  });

  it('a window with one active user: its count is the median, so it is not heavy', () => {
    const ds = dataset(products, [...recent, ...old]);
    const items = new ItemBursts(ds, 336 * HOUR);
    // In the last 2 h only d (at -1 h on p and -1.5 h on q; a's view at -2 h is on the edge, outside).
    expect(items.activeProducts(T0, 2 * HOUR, 10)).toBe(2);
    expect(items.burstOf(idx(ds, 'p'), T0, 2 * HOUR, 336 * HOUR, true, 10).heavyUsers).toBe(0);
  });

  it('the explanation counts the shop\'s heavy users left out', () => {
    const shop = quietShop(6, { passes: 1 });
    const ds = dataset(shop.products, shop.events);
    const s = createTrending({ personalisation: 0 });
    s.fit(ds);
    expect(s.describe(contextOf(ds, 'u1'), idx(ds, 'surging'))[0]).toMatch(/^own interactions bursting: 6 users in the last 24 h .*; 1 heavy user of the shop left out\)$/);
  });
});

describe('itemHeavyUserFactor: config and model files', () => {
  it('defaults to 10; takes null or a number above 1; refuses the rest', () => {
    expect(createTrending().config.itemHeavyUserFactor).toBe(10);
    expect(createTrending({ itemHeavyUserFactor: null }).config.itemHeavyUserFactor).toBeNull();
    expect(createTrending({ itemHeavyUserFactor: 2.5 }).config.itemHeavyUserFactor).toBe(2.5);
    for (const bad of [1, 0.5, -3, Number.NaN, Number.POSITIVE_INFINITY, '10']) {
      expect(() => createTrending({ itemHeavyUserFactor: bad as number })).toThrow(ConfigError);
    }
    expect(() => createTrending({ itemHeavyUserFactor: 1 })).toThrow(/itemHeavyUserFactor/);
  });

  it('model files of version 8 count every user and judge bursts at each request (itemHeavyUserFactor null, itemResolutionSeconds 0); a key present is kept', () => {
    const body = { version: 8, config: { signals: [{ type: 'trending' }, { type: 'ials' }, { type: 'trending', itemHeavyUserFactor: 5 }] } };
    expect(migrateModelBody(body)).toEqual({
      version: 9,
      config: { signals: [{ type: 'trending', itemHeavyUserFactor: null, itemResolutionSeconds: 0 }, { type: 'ials' }, { type: 'trending', itemHeavyUserFactor: 5, itemResolutionSeconds: 0 }] },
    });
    expect(migrateModelBody({ version: 8 })).toEqual({ version: 9 });
  });
});
