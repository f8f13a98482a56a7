/**
 * Invariants of the breakout catalogue (tests/_catalogues/breakout-catalogue.ts): what the
 * builder promises about its shoppers, shops, products, events and topic, checked on the
 * default build and on other seeds.
 */
import { describe, expect, it } from 'vitest';
import { validateMarketplace } from '../../src/index.js';
import { buildBreakoutCatalogue, type BreakoutCatalogue } from '../_catalogues/breakout-catalogue.js';
import { adHocTopic, backgroundTopics, BREAKOUT_TOPIC_TEXT, burstTopic, LOOK_ALIKES, TOPIC_LANGUAGES } from '../_catalogues/breakout-topic.js';
import { HOSTILE_IDS } from '../_catalogues/shops.js';
import { SHELF_CATEGORIES } from '../_catalogues/vocabulary.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z]/;

const catalogue = buildBreakoutCatalogue();

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

function eventsPerUser(c: BreakoutCatalogue): Map<string, number> {
  return countBy(c.events, (e) => String(e.userId));
}

/** The catalogue as plain JSON (Maps as entry lists), to compare builds. */
function snapshot(c: BreakoutCatalogue): string {
  return JSON.stringify({ ...c, userCategory: [...c.userCategory], shopSales: [...c.shopSales] });
}

describe('breakout catalogue: shoppers and events', () => {
  it('has 360 shoppers, each with at least 10 events, some with 30 to 60', () => {
    const per = eventsPerUser(catalogue);
    expect(catalogue.userCategory.size).toBe(360);
    expect(per.size).toBe(360);
    const counts = [...per.values()];
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(10);
    // A long history draws 30-60 events; its last visit can add up to three more.
    expect(Math.max(...counts)).toBeLessThanOrEqual(63);
    const long = counts.filter((c) => c >= 30).length / counts.length;
    // 18% of shoppers are drawn with a long history (binomial sd about 2%).
    expect(long).toBeGreaterThan(0.1);
    expect(long).toBeLessThan(0.3);
  });

  it('mixes views, clicks, carts and purchases in funnel ratios (42% of views clicked, 28% of clicks carted, half of carts bought)', () => {
    const types = countBy(catalogue.events, (e) => e.type);
    expect([...types.keys()].sort()).toEqual(['cart', 'click', 'purchase', 'view']);
    const [view, click, cart, purchase] = ['view', 'click', 'cart', 'purchase'].map((t) => types.get(t)!);
    expect(click! / view!).toBeGreaterThan(0.37);
    expect(click! / view!).toBeLessThan(0.47);
    expect(cart! / click!).toBeGreaterThan(0.23);
    expect(cart! / click!).toBeLessThan(0.33);
    expect(purchase! / cart!).toBeGreaterThan(0.4);
    expect(purchase! / cart!).toBeLessThan(0.6);
  });

  it('spreads events over about three months, all at least an hour before now, sorted by time', () => {
    const ts = catalogue.events.map((e) => e.timestamp as number);
    expect(Math.max(...ts)).toBeLessThanOrEqual(catalogue.now - HOUR);
    expect(Math.max(...ts) - Math.min(...ts)).toBeGreaterThan(80 * DAY);
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(catalogue.now - 92 * DAY);
    for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThanOrEqual(ts[i - 1]!);
  });

  it('puts each shopper mostly in one of five categories, with some noise', () => {
    const categoryOf = new Map(catalogue.products.map((p) => [String(p.id), p.category]));
    const inMain = countBy(
      catalogue.events.filter((e) => categoryOf.get(String(e.productId)) === catalogue.userCategory.get(String(e.userId))),
      (e) => String(e.userId),
    );
    const per = eventsPerUser(catalogue);
    const shares = [...per].map(([u, n]) => (inMain.get(u) ?? 0) / n);
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    // Noise is drawn in [0.05, 0.25] per shopper: about 85% of visits in the main category.
    expect(mean).toBeGreaterThan(0.75);
    expect(mean).toBeLessThan(0.95);
    expect(shares.filter((s) => s >= 0.5).length / shares.length).toBeGreaterThan(0.9);
    expect(shares.filter((s) => s === 1).length).toBeLessThan(shares.length);
    const groups = countBy([...catalogue.userCategory.values()], (c) => c);
    expect([...groups.keys()].sort()).toEqual(SHELF_CATEGORIES.map((c) => c.id).sort());
    for (const n of groups.values()) expect(n).toBeGreaterThanOrEqual(40);
  });
});

describe('breakout catalogue: shops and products', () => {
  it('has 42 shops of log-normal sales whose top quarter owns the most-visited products', () => {
    expect(catalogue.merchants).toHaveLength(42);
    const sales = [...catalogue.shopSales].sort((a, b) => b[1] - a[1]);
    const total = sales.reduce((a, [, s]) => a + s, 0);
    // Heavy tail: the top 10% of shops make well over 10% of the sales.
    expect(sales.slice(0, 5).reduce((a, [, s]) => a + s, 0) / total).toBeGreaterThan(0.35);
    const top = new Set(sales.slice(0, Math.ceil(sales.length / 4)).map(([id]) => id));
    const shopOf = new Map(catalogue.products.map((p) => [String(p.id), String(p.merchantId)]));
    const visited = [...countBy(catalogue.events, (e) => String(e.productId))].sort((a, b) => b[1] - a[1]).slice(0, 20);
    expect(visited.filter(([p]) => top.has(shopOf.get(p)!)).length).toBeGreaterThanOrEqual(15);
  });

  it('writes titles in each category`s language: Chinese only, English only, or both', () => {
    for (const category of SHELF_CATEGORIES) {
      const titles = catalogue.products.filter((p) => p.category === category.id).map((p) => p.title);
      expect(titles.length).toBeGreaterThanOrEqual(90);
      if (category.language === 'zh') for (const t of titles) expect(LATIN.test(t)).toBe(false);
      if (category.language === 'en') for (const t of titles) expect(HAN.test(t)).toBe(false);
      if (category.language === 'mixed') {
        expect(titles.some((t) => HAN.test(t) && LATIN.test(t))).toBe(true);
        expect(titles.some((t) => HAN.test(t) && !LATIN.test(t))).toBe(true);
        expect(titles.some((t) => !HAN.test(t) && LATIN.test(t))).toBe(true);
      }
    }
  });

  it('has one untouched product, of a small kitchen shop, that the topic names in each language', () => {
    const target = catalogue.products.filter((p) => p.id === catalogue.target.productId);
    expect(target).toHaveLength(1);
    expect(target[0]!.category).toBe('kitchen');
    expect(catalogue.events.filter((e) => e.productId === catalogue.target.productId)).toHaveLength(0);
    // Its shop is among the smallest third by sales.
    const bySales = [...catalogue.shopSales].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(bySales.indexOf(catalogue.target.merchantId)).toBeGreaterThanOrEqual(28);
    // Long tail: some small shops' products have no event either, but most products have history.
    const touched = new Set(catalogue.events.map((e) => String(e.productId)));
    const untouched = catalogue.products.filter((p) => !touched.has(String(p.id)));
    expect(untouched.length).toBeGreaterThan(1);
    expect(untouched.length / catalogue.products.length).toBeLessThan(0.2);
    expect(target[0]!.title).toContain('天水麻辣烫');
    expect(target[0]!.title).toContain('Tianshui malatang');
  });

  it('has look-alikes sharing words with the topic: one in every other category, one in the kitchen', () => {
    expect(catalogue.lookAlikes).toHaveLength(LOOK_ALIKES.length);
    const others = catalogue.lookAlikes.filter((l) => l.category !== catalogue.target.category).map((l) => l.category);
    expect(others.sort()).toEqual(SHELF_CATEGORIES.map((c) => c.id).filter((c) => c !== 'kitchen').sort());
    const topicText = Object.values(BREAKOUT_TOPIC_TEXT).join(' ');
    for (const l of LOOK_ALIKES) for (const word of l.shares.split(', ')) {
      expect(l.title).toContain(word);
      expect(topicText).toContain(word);
    }
  });

  it('passes the library`s record schemas and keeps ids that must never be plain-object keys', () => {
    const { data } = validateMarketplace({ products: catalogue.products, merchants: catalogue.merchants, events: catalogue.events, topics: backgroundTopics(catalogue.now) });
    expect(data.events).toHaveLength(catalogue.events.length);
    expect(new Set(catalogue.products.map((p) => p.id)).size).toBe(catalogue.products.length);
    expect(new Set(catalogue.merchants.map((m) => m.id)).size).toBe(catalogue.merchants.length);
    expect(catalogue.userCategory.has(HOSTILE_IDS[0])).toBe(true);
    expect(catalogue.shopSales.has(HOSTILE_IDS[1])).toBe(true);
    expect(catalogue.products.some((p) => p.id === HOSTILE_IDS[2])).toBe(true);
    expect(eventsPerUser(catalogue).get(HOSTILE_IDS[0])).toBeGreaterThanOrEqual(10);
  });
});

describe('breakout catalogue: topics', () => {
  it('gives the topic ad hoc in simplified, traditional and English text without heat', () => {
    expect(TOPIC_LANGUAGES.map((l) => adHocTopic(l).text)).toEqual(['天水麻辣烫火爆全网', '天水麻辣燙火爆全網', 'Tianshui malatang goes viral']);
    for (const l of TOPIC_LANGUAGES) expect(adHocTopic(l).heat).toBeUndefined();
  });

  it('fits the burst as 8,000 mentions in the last hour against 20 a day over the 14 days before', () => {
    const heat = burstTopic(catalogue.now).heat!.map((h) => ({ t: h.timestamp as number, n: h.count as number }));
    const lastHour = heat.filter((h) => h.t > catalogue.now - HOUR && h.t <= catalogue.now);
    expect(lastHour.reduce((a, h) => a + h.n, 0)).toBe(8_000);
    const before = heat.filter((h) => h.t <= catalogue.now - HOUR);
    expect(before.reduce((a, h) => a + h.n, 0)).toBe(20 * 14);
    expect(Math.min(...before.map((h) => h.t))).toBe(catalogue.now - 14 * DAY);
  });
});

describe('breakout catalogue: seeds', () => {
  it('rebuilds bit for bit from its seed and changes with another seed', () => {
    expect(snapshot(buildBreakoutCatalogue())).toBe(snapshot(catalogue));
    const other = buildBreakoutCatalogue({ seed: 7 });
    expect(snapshot(other)).not.toBe(snapshot(catalogue));
    expect(other.events.filter((e) => e.productId === other.target.productId)).toHaveLength(0);
  });

  it('takes its sizes from the options', () => {
    const small = buildBreakoutCatalogue({ users: 50, shops: 30, productsPerCategory: 40, days: 30 });
    expect(small.userCategory.size).toBe(50);
    expect(small.merchants).toHaveLength(30);
    expect(small.products).toHaveLength(5 * 40 + 1);
    expect(Math.min(...small.events.map((e) => e.timestamp as number))).toBeGreaterThanOrEqual(small.now - 30 * DAY);
    expect(() => buildBreakoutCatalogue({ shops: 4 })).toThrow(/shops must be at least 5/);
  });
});
