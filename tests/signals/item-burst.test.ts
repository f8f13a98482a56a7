import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { bulkRatersShop } from '../_catalogues/bulk-raters.js';
import { createTrending } from '../../src/signals/trending.js';
import { T0, contextOf, dataset, idx } from './_text-fixture.js';

describe('item bursts: chance against the products active in the window', () => {
  // tests/_catalogues/bulk-raters.ts: 200 products, 6 heavy users on the last day, one genuine burst.
  const { products, events } = bulkRatersShop(T0);
  const ds = dataset(products, events);
  const all = Int32Array.from({ length: ds.products.size }, (_, i) => i);
  const trending = (significance: number | null) => {
    // The product's own rate alone (itemRelative false) with every user counted
    // (itemHeavyUserFactor null): this isolates the chance test (the heavy users' day is also a
    // surge of the whole shop, which the default judges against: a later block; and the default
    // leaves the heavy users out: tests/signals/item-burst-heavy-users.test.ts).
    const s = createTrending({ personalisation: 0, itemSignificance: significance, itemRelative: false, itemHeavyUserFactor: null });
    s.fit(ds);
    const out = s.score(contextOf(ds, 'r1'), all);
    return Array.from(all, (i) => ds.products.idAt(i)).filter((id) => !Number.isNaN(out[idx(ds, id)]!));
  };

  it('does not trend what a few heavy users rated in one day; a genuine burst trends', () => {
    // Every one of p0..p119 has 3 heavy raters in the last 24 h (blocks of 60 overlapping by 40
    // mod 120) and about 0.4 users a day before it (80 views a day over 200 products): with the
    // prior user about 0.5 expected in the last 24 h, P(X >= 3 | 0.5) = 0.014, times the 121
    // active products about 1.7 bursts expected by chance, far above 0.1. The hot product: 12 users
    // against 0.17 expected: chance 7.6e-19 (next test).
    expect(trending(0.1)).toEqual(['hot']);
    // Without the chance test (null) the heavy users' products trend too:
    // the old gate, 3 users and a burst factor of 1.5.
    const loose = trending(null);
    expect(loose).toContain('hot');
    expect(loose.length).toBeGreaterThan(60);
  });

  it('explains the chance of a counted burst', () => {
    const s = createTrending({ personalisation: 0, itemRelative: false, itemHeavyUserFactor: null });
    s.fit(ds);
    const lines = s.describe(contextOf(ds, 'r1'), idx(ds, 'hot'));
    expect(lines).toHaveLength(1);
    // The log starts 314 h before now (day 13's second view), so the long window is 314 h and the
    // earlier part 290 h: expected = (1 + 1) * 24 / 290 = 0.166 users; b = (12 + 1) / (13 / (314 /
    // 24) + 1) = 6.52; P(X >= 12 | 0.166) = e^-0.166 0.166^12 / 12! (1 + 0.166 / 13 + ...) = 7.6e-19.
    expect(lines).toEqual([
      'own interactions bursting: 12 users in the last 24 h vs 13 in 336 h (burst x6.52; 0.17 expected at its earlier rate, chance 7.6e-17% among 121 active products)',
    ]);
    expect(s.describe(contextOf(ds, 'r1'), idx(ds, 'p0'))).toEqual([]);
  });

  it('judged against the shop (the default), the heavy users\' day is a surge: none of their products trends even without the chance test (every user counted); the genuine burst does', () => {
    const s = (significance: number | null) => {
      const t = createTrending({ personalisation: 0, itemSignificance: significance, itemHeavyUserFactor: null });
      t.fit(ds);
      const out = t.score(contextOf(ds, 'r1'), all);
      return Array.from(all, (i) => ds.products.idAt(i)).filter((id) => !Number.isNaN(out[idx(ds, id)]!));
    };
    expect(s(0.1)).toEqual(['hot']);
    expect(s(null)).toEqual(['hot']);
  });

  it('refuses a significance that is not positive', () => {
    expect(() => createTrending({ itemSignificance: 0 })).toThrow(ConfigError);
    expect(() => createTrending({ itemSignificance: -1 })).toThrow(/itemSignificance/);
  });
});
