import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import { ConfigError, FormatError } from '../../src/errors.js';
import { EventSchema, ProductSchema, validateMarketplace } from '../../src/schema/index.js';
import {
  BACKPACK_ID,
  OLYMPICS_TOPIC_ID,
  burstShape,
  generateMarketplace,
  parseMarketplaceOptions,
  tiersFromSizes,
  trueRelevance,
  truthFromJSON,
  truthToJSON,
  type GeneratedMarketplace,
  type MarketplaceTruth,
} from '../../src/simulation/marketplace/index.js';
import { zipfSizes } from '../../src/simulation/marketplace/zipf.js';

const SMALL = { users: 60, products: 120, merchants: 15, days: 14 } as const;
const HOUR = 3_600_000;

/** The default-sized marketplace (the fixture's shape), generated once for the statistical checks. */
const market: GeneratedMarketplace = generateMarketplace({ seed: 42 });

function productsPerMerchant(g: GeneratedMarketplace): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const m of g.merchants) sizes.set(m.id, 0);
  for (const p of g.products) sizes.set(p.merchantId, (sizes.get(p.merchantId) ?? 0) + 1);
  return sizes;
}

function tinyTruth(interests: number[], category: number[], secondary: number[], quality: number[]): MarketplaceTruth {
  return {
    options: parseMarketplaceOptions({}),
    categories: ['a', 'b'],
    userIds: interests.length === 2 ? ['u1'] : ['u1', 'u2'],
    productIds: category.map((_, i) => `p${i}`),
    interests: Float64Array.from(interests),
    productCategory: Int32Array.from(category),
    productSecondary: Int32Array.from(secondary),
    productQuality: Float64Array.from(quality),
    sportTravelUsers: [],
    backpackId: 'p0',
    topicId: 't',
    bursts: [],
  };
}

describe('generateMarketplace: determinism', () => {
  it('gives deep-equal output for the same options and different output for another seed', () => {
    const a = generateMarketplace({ seed: 7, ...SMALL });
    const b = generateMarketplace({ seed: 7, ...SMALL });
    expect(b).toEqual(a);
    const c = generateMarketplace({ seed: 8, ...SMALL });
    expect(c.products).not.toEqual(a.products);
    expect(c.events).not.toEqual(a.events);
  });

  it('fills defaults from a fixed start date, never the clock', () => {
    const o = parseMarketplaceOptions({});
    expect(o.start).toBe(Date.UTC(2026, 5, 1));
    expect(o).toMatchObject({ seed: 42, users: 300, products: 400, merchants: 40, days: 30 });
    expect(market.truth.options).toEqual(o);
    expect(Math.min(...market.events.map((e) => e.timestamp))).toBeGreaterThanOrEqual(o.start);
    expect(Math.max(...market.events.map((e) => e.timestamp))).toBeLessThan(o.start + 30 * 24 * HOUR);
  });

  it('rejects unknown and inconsistent options with a ConfigError naming the key', () => {
    expect(() => parseMarketplaceOptions({ sed: 1 })).toThrow(ConfigError);
    expect(() => generateMarketplace({ users: 0 })).toThrow(/users/);
    try {
      parseMarketplaceOptions({ products: 5, merchants: 6 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).path).toBe('merchants');
    }
    expect(() => parseMarketplaceOptions({ topics: { slotRate: 2 } })).toThrow(/topics\.slotRate/);
  });
});

describe('generateMarketplace: merchants', () => {
  it('sizes merchants by Zipf: the largest holds many more products than the median', () => {
    const sizes = [...productsPerMerchant(market).values()].sort((x, y) => x - y);
    expect(sizes.reduce((s, x) => s + x, 0)).toBe(400);
    expect(sizes[0]).toBeGreaterThanOrEqual(1);
    const median = (sizes[19]! + sizes[20]!) / 2;
    expect(sizes[39]!).toBeGreaterThanOrEqual(5 * median);
  });

  it('derives tiers from size: head holds at least half of the products, small at most a fifth', () => {
    const sizes = productsPerMerchant(market);
    const share = { head: 0, mid: 0, small: 0 };
    for (const m of market.merchants) share[m.tier!] += sizes.get(m.id)! / 400;
    expect(share.head).toBeGreaterThanOrEqual(0.5);
    expect(share.small).toBeLessThanOrEqual(0.2);
    expect(share.small).toBeGreaterThan(0);
    const smallest = Math.min(...market.merchants.filter((m) => m.tier === 'head').map((m) => sizes.get(m.id)!));
    const largestSmall = Math.max(...market.merchants.filter((m) => m.tier === 'small').map((m) => sizes.get(m.id)!));
    expect(smallest).toBeGreaterThan(largestSmall);
  });

  it('tiersFromSizes follows the 50% / 80% cumulative cut-offs', () => {
    expect(tiersFromSizes(Int32Array.of(6, 2, 1, 1))).toEqual(['head', 'mid', 'small', 'small']);
    // Ties are broken by index; shares before: 0, 0.25, 0.5, 0.75 -> head, head, mid, mid.
    expect(tiersFromSizes([1, 1, 1, 1])).toEqual(['head', 'head', 'mid', 'mid']);
  });

  it('zipfSizes spreads exactly the total with at least one per bin, flat for exponent 0', () => {
    const s = zipfSizes(new Rng(3), 10, 1000, 1.2);
    expect(s.reduce((a, x) => a + x, 0)).toBe(1000);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(1);
    expect(s[0]!).toBeGreaterThan(s[9]! * 5);
    const flat = zipfSizes(new Rng(3), 10, 10_000, 0);
    expect(Math.max(...flat) / Math.min(...flat)).toBeLessThan(1.25);
  });
});

describe('generateMarketplace: products', () => {
  it('writes titles in English, Chinese and both, with bilingual tags', () => {
    const han = /\p{Script=Han}/u;
    const latin = /[A-Za-z]/;
    const zh = market.products.filter((p) => han.test(p.title));
    const zhOnly = zh.filter((p) => !latin.test(p.title.replace(/\d+/g, '')));
    const enOnly = market.products.filter((p) => !han.test(p.title));
    expect(zh.length / 400).toBeGreaterThan(0.35);
    expect(zh.length / 400).toBeLessThan(0.65);
    expect(zhOnly.length).toBeGreaterThan(20);
    expect(enOnly.length).toBeGreaterThan(100);
    for (const p of market.products) {
      expect(p.tags.some((t) => han.test(t))).toBe(true);
      expect(p.tags.some((t) => latin.test(t))).toBe(true);
    }
    expect(new Set(market.products.map((p) => p.category)).size).toBe(10);
    expect(market.products.filter((p) => !p.inStock).length).toBeGreaterThan(0);
    expect(market.products.filter((p) => !p.inStock).length).toBeLessThan(40);
  });

  it('keeps latent quality independent of merchant size', () => {
    const tierOf = new Map(market.merchants.map((m) => [m.id, m.tier]));
    const mean = (tier: string): number => {
      const q = market.products.flatMap((p, i) => (tierOf.get(p.merchantId) === tier ? [market.truth.productQuality[i]!] : []));
      return q.reduce((a, x) => a + x, 0) / q.length;
    };
    expect(Math.abs(mean('head') - mean('small'))).toBeLessThan(0.08);
  });
});

describe('generateMarketplace: the Olympics-backpack story', () => {
  const { truth } = market;
  const backpack = market.products.find((p) => p.id === BACKPACK_ID)!;
  const burst = truth.bursts.find((b) => b.topicId === OLYMPICS_TOPIC_ID)!;

  it('sells the backpack through a small-tier merchant, with the right text and tags', () => {
    expect(truth.backpackId).toBe(BACKPACK_ID);
    expect(truth.topicId).toBe('olympics-backpack');
    expect(market.merchants.find((m) => m.id === backpack.merchantId)!.tier).toBe('small');
    expect(backpack.title).toContain('2008北京奥运会');
    expect(['sport', 'travel']).toContain(backpack.category);
    expect(backpack.tags).toEqual(expect.arrayContaining(['背包', '奥运', 'backpack', 'olympics', 'retro']));
  });

  it('has a topic whose heat is near zero, bursts at about 2/3 of the span, peaks within two days and decays', () => {
    const topic = market.topics.find((t) => t.id === OLYMPICS_TOPIC_ID)!;
    expect(topic.text).toBe('巴黎重现2008北京奥运会背包 Paris reappears the 2008 Beijing Olympics backpack');
    expect(topic.productIds).toEqual([BACKPACK_ID]);
    const start = truth.options.start;
    expect(burst.start).toBe(start + 20 * 24 * HOUR); // 2/3 of 30 days
    const before = topic.heat.filter((h) => h.timestamp < burst.start).map((h) => h.count);
    expect(Math.max(...before)).toBeLessThanOrEqual(4);
    const peak = topic.heat.reduce((a, h) => (h.count > a.count ? h : a));
    expect(peak.count).toBeGreaterThan(3000);
    expect(peak.timestamp - burst.start).toBeGreaterThan(0);
    expect(peak.timestamp - burst.start).toBeLessThanOrEqual(48 * HOUR);
    const fiveDaysOn = topic.heat.find((h) => h.timestamp === peak.timestamp + 5 * 24 * HOUR)!;
    expect(fiveDaysOn.count).toBeLessThan(0.15 * peak.count);
    expect(market.topics.length).toBeGreaterThanOrEqual(3);
    expect(market.topics.length).toBeLessThanOrEqual(5);
  });

  it.each([42, 1, 2, 3])('gives the backpack (almost) no interactions before the burst and some after (seed %i)', (seed) => {
    const g = seed === 42 ? market : generateMarketplace({ seed });
    const b = g.truth.bursts[0]!;
    const events = g.events.filter((e) => e.productId === BACKPACK_ID);
    expect(events.filter((e) => e.timestamp < b.start).length).toBeLessThanOrEqual(2);
    const after = events.filter((e) => e.timestamp >= b.start);
    expect(after.filter((e) => e.type === 'impression').length).toBeGreaterThanOrEqual(10);
    expect(after.filter((e) => e.type === 'click').length).toBeGreaterThanOrEqual(1);
  });

  it('lists sport/travel-interested users who are the backpack fans', () => {
    const sport = truth.categories.indexOf('sport');
    const travel = truth.categories.indexOf('travel');
    expect(truth.sportTravelUsers.length).toBeGreaterThan(30);
    const fans = new Set(truth.sportTravelUsers);
    for (let u = 0; u < truth.userIds.length; u++) {
      const s = truth.interests[u * 10 + sport]! + truth.interests[u * 10 + travel]!;
      expect(fans.has(truth.userIds[u]!)).toBe(s >= 0.3);
    }
    const bp = truth.productIds.indexOf(BACKPACK_ID);
    const rel = truth.userIds.map((_, u) => trueRelevance(truth, u, bp));
    const median = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const fanRel = median(rel.filter((_, u) => fans.has(truth.userIds[u]!)));
    const otherRel = median(rel.filter((_, u) => !fans.has(truth.userIds[u]!)));
    expect(fanRel).toBeGreaterThan(0.5);
    expect(otherRel).toBeLessThan(0.2);
  });
});

describe('generateMarketplace: users and events', () => {
  const { truth } = market;

  it('gives sparse interests: each row sums to 1 and most mass sits on at most three categories', () => {
    let topMassSum = 0;
    for (let u = 0; u < 300; u++) {
      const row = Array.from(truth.interests.subarray(u * 10, u * 10 + 10)).sort((x, y) => y - x);
      expect(row.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 3);
      topMassSum += row[0]! + row[1]! + row[2]!;
      expect(row[0]! + row[1]! + row[2]!).toBeGreaterThan(0.6);
    }
    expect(topMassSum / 300).toBeGreaterThan(0.85);
  });

  it('has 3000-8000 time-sorted events with positions on impressions and clicks', () => {
    expect(market.events.length).toBeGreaterThan(3000);
    expect(market.events.length).toBeLessThan(8000);
    for (let i = 1; i < market.events.length; i++) {
      expect(market.events[i]!.timestamp).toBeGreaterThanOrEqual(market.events[i - 1]!.timestamp);
    }
    const types = new Map<string, number>();
    for (const e of market.events) {
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
      if (e.type === 'impression' || e.type === 'click') {
        expect(e.position).toBeGreaterThanOrEqual(1);
        expect(e.position).toBeLessThanOrEqual(6);
      } else expect(e.position).toBeUndefined();
    }
    // The funnel narrows: impressions > clicks > views > carts > purchases > 0.
    const n = (t: string): number => types.get(t) ?? 0;
    expect(n('impression')).toBeGreaterThan(n('click'));
    expect(n('click')).toBeGreaterThan(n('view'));
    expect(n('view')).toBeGreaterThan(n('cart'));
    expect(n('cart')).toBeGreaterThan(n('purchase'));
    expect(n('purchase')).toBeGreaterThan(0);
  });

  it('shows position bias: clicks per impression fall from position 1 to position 6', () => {
    const imp = new Array<number>(7).fill(0);
    const clk = new Array<number>(7).fill(0);
    for (const e of market.events) {
      if (e.type === 'impression') imp[e.position!]! += 1;
      if (e.type === 'click') clk[e.position!]! += 1;
    }
    expect(clk[1]! / imp[1]!).toBeGreaterThan(1.6 * (clk[6]! / imp[6]!));
  });

  it('shows the Matthew effect: head merchants get more impressions than their share of products', () => {
    const merchantOf = new Map(market.products.map((p) => [p.id, p.merchantId]));
    const tierOf = new Map(market.merchants.map((m) => [m.id, m.tier]));
    let head = 0;
    let all = 0;
    for (const e of market.events) {
      if (e.type !== 'impression') continue;
      all++;
      if (tierOf.get(merchantOf.get(e.productId)!) === 'head') head++;
    }
    const headProducts = market.products.filter((p) => tierOf.get(p.merchantId) === 'head').length / 400;
    expect(head / all).toBeGreaterThan(headProducts + 0.15);
  });

  it('emits only records that pass the schemas unchanged', () => {
    const { data } = validateMarketplace(market);
    expect(data.products).toEqual(market.products);
    expect(data.merchants).toEqual(market.merchants);
    expect(data.events).toEqual(market.events);
    expect(data.topics).toEqual(market.topics);
    expect(ProductSchema.parse(market.products[0])).toStrictEqual(market.products[0]);
    expect(EventSchema.parse(market.events[0])).toStrictEqual(market.events[0]);
  });
});

describe('trueRelevance and the truth file', () => {
  it('matches hand-computed values: affinity^0.8 * (0.15 + 0.85 q)', () => {
    // One user with interests a=0.6, b=0.4.
    const t = tinyTruth([0.6, 0.4], [1, 0, 1], [-1, -1, 0], [0.5, 1, 0.2]);
    expect(trueRelevance(t, 0, 0)).toBeCloseTo(0.415714179, 8); // (0.4/0.6)^0.8 * 0.575
    expect(trueRelevance(t, 0, 1)).toBe(1); // top category, quality 1
    // Secondary category a counts half: max(0.4, 0.3) = 0.4 -> (2/3)^0.8 * 0.32.
    expect(trueRelevance(t, 0, 2)).toBeCloseTo(0.231353978, 8);
    const t2 = tinyTruth([0.9, 0.1, 0, 0], [1], [0], [0.2]);
    expect(trueRelevance(t2, 0, 0)).toBeCloseTo(0.183791737, 8); // max(0.1, 0.45)/0.9 = 0.5
    expect(trueRelevance(t2, 1, 0)).toBe(0); // a user with no interests
  });

  it('stays in [0, 1] and is deterministic on the generated truth', () => {
    for (let u = 0; u < 300; u += 7) {
      for (let p = 0; p < 400; p += 3) {
        const r = trueRelevance(market.truth, u, p);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
      }
    }
  });

  it('round-trips through JSON and rejects malformed truth', () => {
    const json = JSON.parse(JSON.stringify(truthToJSON(market.truth))) as unknown;
    expect(truthFromJSON(json)).toEqual(market.truth);
    const broken = { ...truthToJSON(market.truth), interests: [1, 2, 3] };
    expect(() => truthFromJSON(broken)).toThrow(FormatError);
    expect(() => truthFromJSON({ format: 'other' })).toThrow(FormatError);
  });

  it('burstShape rises quadratically to 1 at the peak and halves every half-life', () => {
    const b = { topicId: 'x', start: 0, peak: 10, halfLife: 5 };
    expect(burstShape(b, -1)).toBe(0);
    expect(burstShape(b, 5)).toBe(0.25);
    expect(burstShape(b, 10)).toBe(1);
    expect(burstShape(b, 20)).toBe(0.25);
  });
});
