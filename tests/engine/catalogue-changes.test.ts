/**
 * observe({ products }) on a small hand-built marketplace (no decay, so popularity masses are sums
 * of type weights: view 1, click 2, cart 4, purchase 6): popularity from a new product's first
 * events, no collaborative opinion until the next fit, updates seen by content and trending,
 * stock toggles, validation before any change, stable indices, new merchants and merchant moves,
 * re-entrancy, amortised growth, no NaN anywhere, and model files after mixed changes.
 */
import { describe, expect, it } from 'vitest';
import { TIER_SMALL } from '../../src/fairness/tier-codes.js';
import { loadRecommender, recommenderToBinary, recommenderToJSON } from '../../src/engine/model-file.js';
import { createRecommender, type Recommender } from '../../src/engine/recommender.js';
import { DataError, NotFoundError, ValidationError } from '../../src/errors.js';
import type { EventInput, ProductInput } from '../../src/schema/entities.js';
import type { PopularitySignal } from '../../src/signals/popularity.js';
import type { Signal } from '../../src/signals/signal.js';

const T = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

const product = (id: string, merchantId: string, title: string, tags: string[] = [], category = ''): ProductInput => ({ id, merchantId, title, tags, category });
const PRODUCTS: ProductInput[] = [
  product('p0', 'mA', 'tent camping', ['outdoor'], 'outdoor'),
  product('p1', 'mA', 'backpack hiking', ['outdoor'], 'outdoor'),
  product('p2', 'mA', 'boots hiking', ['outdoor'], 'outdoor'),
  product('p3', 'mB', 'frying pan', ['kitchen'], 'kitchen'),
  product('p4', 'mB', 'chef knife', ['kitchen'], 'kitchen'),
  product('p5', 'mB', 'kettle', ['kitchen'], 'kitchen'),
  product('p6', 'mC', 'novel', ['books'], 'books'),
  product('p7', 'mC', 'atlas', ['books'], 'books'),
];
const ev = (userId: string, productId: string, type: string, at = T): EventInput => ({ userId, productId, type, timestamp: at });
const EVENTS: EventInput[] = [
  ev('o1', 'p0', 'view'),
  ev('o1', 'p1', 'purchase'),
  ev('o2', 'p0', 'click'),
  ev('o2', 'p2', 'view'),
  ev('o3', 'p1', 'view'),
  ev('o3', 'p2', 'cart'),
  ev('k1', 'p3', 'view'),
  ev('k1', 'p4', 'purchase'),
  ev('k2', 'p4', 'view'),
  ev('k2', 'p5', 'click'),
  ev('b1', 'p6', 'view'),
  ev('b1', 'p7', 'cart'),
];
const USERS = ['o1', 'o2', 'o3', 'k1', 'k2', 'b1', 'stranger'];

function make(): Recommender {
  return createRecommender({
    signals: [{ type: 'ials', factors: 4, iterations: 5 }, { type: 'item-knn' }, { type: 'content' }, { type: 'trending' }, { type: 'popularity', weight: 0.1 }],
    weighting: { halfLifeDays: null },
    fairness: { rerank: { lambda: 0 }, record: false },
  }).fit({ products: PRODUCTS.map((p) => ({ ...p })), events: EVENTS.map((e) => ({ ...e })) });
}

function signal(rec: Recommender, name: string): Signal {
  return rec.slots.find((s) => s.name === name)!.signal;
}

function ids(rec: Recommender, user: string, n = 20, options: { now?: number } = {}): string[] {
  return rec.recommend(user, { n, record: false, ...options }).items.map((i) => i.productId);
}

/** Every user's full slate with scores: what must not change (or must change) across an operation. */
function everything(rec: Recommender): string[][] {
  return USERS.map((u) => rec.recommend(u, { n: 20, record: false }).items.map((i) => `${i.productId}@${i.merchantId} ${i.score}`));
}

/** No NaN or infinity in any slate, trace or explanation. */
function expectClean(rec: Recommender): void {
  for (const u of USERS) {
    const slate = rec.recommend(u, { n: 20, record: false, now: T + HOUR });
    for (const item of slate.items) expect(Number.isFinite(item.score), `${u} ${item.productId}`).toBe(true);
    for (const t of slate.trace.items) {
      for (const v of [...t.raw, ...t.normalised]) expect(v === null || Number.isFinite(v), `${u} trace`).toBe(true);
      expect(Number.isFinite(t.blended)).toBe(true);
    }
    expect(rec.explain(slate).items.flatMap((i) => i.lines).join('\n')).not.toMatch(/NaN|Infinity/);
  }
}

describe('popularity and collaborative signals', () => {
  it('popularity counts a new product from its first events (mass: the sum of type weights, users: distinct users)', () => {
    const rec = make();
    const pop = signal(rec, 'popularity') as PopularitySignal;
    const before = Array.from(pop.mass);
    const result = rec.observe({
      products: [product('pN', 'mNew', 'camping stove', ['outdoor'], 'outdoor')],
      events: [ev('u1', 'pN', 'purchase'), ev('u2', 'pN', 'purchase'), ev('u1', 'pN', 'view'), ev('u3', 'p3', 'view'), ev('u4', 'nowhere', 'view')],
    });
    expect(result).toMatchObject({ events: 5, users: 4, skippedUnknownProduct: 1, products: { added: 1 } });
    const pN = rec.dataset.products.indexOf('pN');
    expect(pN).toBe(8);
    // pN: 6 + 6 + 1; p3: its fitted view (1) and the observed one (1).
    expect(pop.mass[pN]).toBe(13);
    expect(pop.mass[3]).toBe(before[3]! + 1);
    expect(Array.from(pop.mass.subarray(0, 8)).filter((_, p) => p !== 3)).toEqual(before.filter((_, p) => p !== 3));
    expect(Array.from(rec.dataset.observed.users.subarray(pN, pN + 1))).toEqual([2]);
    // The cold-start slate follows popularity: the new product leads (13 > 8, the largest fitted mass).
    expect(ids(rec, 'stranger', 3)[0]).toBe('pN');
    // Counted by distinct users with measure 'users'.
    const byUsers = createRecommender({ signals: [{ type: 'popularity', measure: 'users' }], weighting: { halfLifeDays: null } }).fit({ products: PRODUCTS, events: EVENTS });
    byUsers.observe({ products: [product('pN', 'mNew', 'stove')], events: [ev('u1', 'pN', 'purchase'), ev('u2', 'pN', 'view'), ev('u1', 'pN', 'view')] });
    expect((byUsers.signals[0] as PopularitySignal).mass[8]).toBe(2);
  });

  it('collaborative signals have no opinion on a new product until the next fit, then they do', () => {
    const rec = make();
    rec.observe({ products: [product('pN', 'mA', 'trekking poles hiking', ['outdoor'], 'outdoor')], events: [ev('o1', 'pN', 'purchase'), ev('o3', 'pN', 'cart')] });
    const slate = rec.recommend('o2', { n: 20, record: false });
    const at = slate.items.findIndex((i) => i.productId === 'pN');
    expect(at).toBeGreaterThanOrEqual(0);
    const names = slate.trace.blend.signals;
    expect(slate.trace.items[at]!.raw[names.indexOf('ials')]).toBeNull();
    expect(slate.trace.items[at]!.raw[names.indexOf('item-knn')]).toBeNull();
    expect(slate.trace.items[at]!.raw[names.indexOf('content')]).toBeGreaterThan(0);
    // Refitted on the catalogue with the product and its events: iALS and item-kNN have an opinion.
    const refit = createRecommender(rec.config).fit({
      products: [...PRODUCTS, product('pN', 'mA', 'trekking poles hiking', ['outdoor'], 'outdoor')],
      events: [...EVENTS, ev('o1', 'pN', 'purchase'), ev('o3', 'pN', 'cart')],
    });
    const again = refit.recommend('o2', { n: 20, record: false });
    const at2 = again.items.findIndex((i) => i.productId === 'pN');
    expect(again.trace.items[at2]!.raw[names.indexOf('ials')]).not.toBeNull();
    expect(again.trace.items[at2]!.raw[names.indexOf('item-knn')]).not.toBeNull();
  });
});

describe('updates', () => {
  it('content sees a product\'s new text: given p2\'s text, p7 scores as p2 for every user', () => {
    const rec = make();
    const content = signal(rec, 'content');
    const pair = Int32Array.of(2, 7);
    const scores = (): Array<[number, number]> => USERS.slice(0, 6).map((u) => Array.from(content.score(rec.userContext(u), pair)) as [number, number]);
    expect(scores().some(([a, b]) => a !== b)).toBe(true);
    const result = rec.observe({ products: [{ ...PRODUCTS[2]!, id: 'p7', merchantId: 'mC' }] });
    expect(result.products).toEqual({ added: 0, updated: 1, removed: 0, unchanged: 0, unknownRemoved: [] });
    for (const [a, b] of scores()) expect(b).toBe(a);
    expect(rec.dataset.productRecords[7]!.title).toBe('boots hiking');
  });

  it('trending sees it too: a book retitled to match a hot topic trends at once, and stops when retitled back', () => {
    const rec = make();
    rec.observe({ topics: [{ id: 'hike', text: 'hiking trip', heat: [{ timestamp: T - 48 * HOUR, count: 1 }, { timestamp: T, count: 500 }] }] });
    const trending = signal(rec, 'trending');
    const ctx = { ...rec.userContext('stranger'), now: T };
    const book = Int32Array.of(6);
    expect(trending.score(ctx, book)[0]).toBeNaN();
    rec.observe({ products: [{ ...PRODUCTS[6]!, title: 'hiking trip novel' }] });
    expect(trending.score(ctx, book)[0]).toBeGreaterThan(0);
    expect(ids(rec, 'k1', 3, { now: T })).toContain('p6');
    rec.observe({ products: [{ ...PRODUCTS[6]! }] });
    expect(trending.score(ctx, book)[0]).toBeNaN();
  });

  it('stock toggles: out of stock leaves every slate and similarItems at once; back in stock, every slate is as before', () => {
    const rec = make();
    const before = everything(rec);
    expect(before.flat().some((s) => s.startsWith('p1@'))).toBe(true);
    expect(rec.observe({ products: [{ ...PRODUCTS[1]!, inStock: false }] }).products.updated).toBe(1);
    expect(everything(rec).flat().some((s) => s.startsWith('p1@'))).toBe(false);
    expect(rec.similarItems('p0', { n: 7 }).map((i) => i.productId)).not.toContain('p1');
    expect(rec.similarItems('p0', { n: 7, inStockOnly: false }).map((i) => i.productId)).toContain('p1');
    expect(rec.observe({ products: [{ ...PRODUCTS[1]!, inStock: true }] }).products.updated).toBe(1);
    expect(everything(rec)).toEqual(before);
    // The same record again changes nothing.
    expect(rec.observe({ products: [{ ...PRODUCTS[1]! }] }).products).toMatchObject({ updated: 0, unchanged: 1 });
  });
});

describe('validation and bookkeeping', () => {
  it('validates the whole batch before any change: a bad record is a ValidationError naming it', () => {
    const rec = make();
    const before = everything(rec);
    const size = rec.dataset.products.size;
    const bad: Array<[unknown, RegExp]> = [
      [[product('pN', 'mA', 'lamp'), { id: 'pX', merchantId: 'mA', title: '   ' }], /^observe\.products\[1\]: field "title" \(got "   "\): expected a non-empty title$/],
      [[{ id: 'p1', remove: 'yes' }], /^observe\.products\[0\]: field "remove" \(got "yes"\): expected true \(a removal is \{ id, remove: true \}\)$/],
      [[{ id: 'p1', remove: true, title: 'x' }], /^observe\.products\[0\]: .*title/],
      [[{ merchantId: 'mA', title: 'no id' }], /^observe\.products\[0\]: field "id".*required/],
    ];
    for (const [products, message] of bad) {
      expect(() => rec.observe({ products } as never)).toThrow(ValidationError);
      expect(() => rec.observe({ products } as never)).toThrow(message);
    }
    // A bad event refuses the products of its batch too.
    expect(() => rec.observe({ products: [product('pN', 'mA', 'lamp')], events: [ev('u', 'pN', 'view'), { userId: 'u', productId: 'pN', type: 'view' } as never] })).toThrow(/^observe\.events\[1\]: field "timestamp": required$/);
    expect(() => rec.observe({ products: 'p1' } as never)).toThrow(DataError);
    expect(rec.dataset.products.size).toBe(size);
    expect(everything(rec)).toEqual(before);
  });

  it('reports removals of unknown ids, counts each entry, never reuses an index, and takes a removed product back in its own', () => {
    const rec = make();
    const r = rec.observe({ products: [{ id: 'ghost', remove: true }, { id: 'p3', remove: true }, { id: 'p3', remove: true }, product('pA', 'mA', 'lamp'), { id: 'pA', remove: true }] });
    expect(r.products).toEqual({ added: 1, updated: 0, removed: 2, unchanged: 1, unknownRemoved: ['ghost'] });
    // pA was added and removed within the batch: it never entered the catalogue.
    expect(rec.dataset.products.indexOf('pA')).toBe(-1);
    expect(Array.from(rec.dataset.live)).toEqual([1, 1, 1, 0, 1, 1, 1, 1]);
    expect(rec.observe({ products: [product('pB', 'mB', 'wok')] }).products.added).toBe(1);
    expect(rec.dataset.products.indexOf('pB')).toBe(8);
    expect(everything(rec).flat().some((s) => s.startsWith('p3@'))).toBe(false);
    expect(() => rec.similarItems('p3')).toThrow(NotFoundError);
    expect(rec.observe({ products: [PRODUCTS[3]!] }).products).toMatchObject({ added: 1, updated: 0 });
    expect(rec.dataset.products.indexOf('p3')).toBe(3);
    expect(rec.dataset.live[3]).toBe(1);
    expect(everything(rec).flat().some((s) => s.startsWith('p3@'))).toBe(true);
  });

  it('a merchant new to the catalogue gets the next index and the small tier; a product moved to another merchant is served under it', () => {
    const rec = make();
    const merchants = rec.dataset.merchants.size;
    rec.observe({ products: [product('pN', 'mNew', 'tent camping deluxe', ['outdoor'], 'outdoor'), { ...PRODUCTS[0]!, merchantId: 'mMoved' }] });
    expect(rec.dataset.merchants.idAt(merchants)).toBe('mNew');
    expect(rec.dataset.merchants.idAt(merchants + 1)).toBe('mMoved');
    expect(rec.tiers.length).toBe(merchants + 2);
    expect(rec.tiers[merchants]).toBe(TIER_SMALL);
    // mMoved took p0 and its fitted interactions (mass 1 + 2 of 27): a fit on the same data gives the same tiers.
    const refit = createRecommender(rec.config).fit({ products: rec.dataset.productRecords.map((p) => ({ ...p })), events: EVENTS });
    const tierOf = (r: Recommender, m: string): number => r.tiers[r.dataset.merchants.indexOf(m)]!;
    for (const m of ['mA', 'mB', 'mC', 'mNew', 'mMoved']) expect(tierOf(rec, m), m).toBe(tierOf(refit, m));
    const slates = USERS.map((u) => rec.recommend(u, { n: 20, record: false }).items);
    const merchantOf = new Map(slates.flat().map((i) => [i.productId, i.merchantId] as const));
    expect(merchantOf.get('p0')).toBe('mMoved');
    expect(merchantOf.get('pN')).toBe('mNew');
    // The ledger keys the new merchants by id.
    rec.recommend('stranger', { n: 10, record: true, now: T });
    expect(rec.ledger.snapshot().entries.map((e) => e.merchantId)).toEqual(expect.arrayContaining(['mMoved', 'mNew']));
  });

  it('two recommenders fitted on one dataset keep their catalogues apart, and the dataset is not changed', () => {
    const base = make();
    const ds = base.dataset;
    const [a, b] = [createRecommender(base.config).fitDataset(ds), createRecommender(base.config).fitDataset(ds)];
    const before = everything(b);
    a.observe({ products: [product('pN', 'mNew', 'tent camping deluxe'), { id: 'p0', remove: true }], events: [ev('o1', 'p1', 'purchase'), ev('o2', 'pN', 'view')] });
    expect(a.dataset.products.size).toBe(9);
    for (const d of [ds, b.dataset]) {
      expect(d.products.size).toBe(8);
      expect(d.products.indexOf('pN')).toBe(-1);
      expect(d.merchants.indexOf('mNew')).toBe(-1);
      expect(Array.from(d.live)).toEqual(new Array(8).fill(1));
      expect(Array.from(d.observed.mass)).toEqual(new Array(8).fill(0));
    }
    expect(everything(b)).toEqual(before);
  });

  it('per-product arrays grow by doubling: 300 products added one batch at a time move each array at most 7 times', () => {
    const rec = make();
    const buffers = new Set<ArrayBufferLike>();
    for (let k = 0; k < 300; k++) {
      rec.observe({ products: [product(`n${k}`, `m${k % 7}`, `gadget number ${k}`, ['tech'], 'tech')] });
      buffers.add(rec.dataset.productMerchant.buffer);
    }
    // 8 fitted products, then capacity 16, 32, ..., 512: at most 1 + log2(512 / 16) + 1 buffers.
    expect(buffers.size).toBeLessThanOrEqual(7);
    expect(rec.dataset.products.size).toBe(308);
    expect(ids(rec, 'stranger', 308).length).toBe(308);
    expectClean(rec);
  });
});

describe('re-entrancy', () => {
  it('an observe inside a filter applies at once; the request in flight keeps the catalogue it opened with', () => {
    const rec = make();
    let nested: string[] = [];
    let called = false;
    const outer = rec.recommend('o1', {
      n: 20,
      record: false,
      filter: () => {
        if (!called) {
          called = true;
          rec.observe({ products: [product('pR', 'mR', 'tent camping ultralight', ['outdoor'], 'outdoor')], events: [ev('o2', 'pR', 'purchase')] });
          nested = ids(rec, 'o1', 20);
        }
        return true;
      },
    });
    expect(called).toBe(true);
    expect(outer.items.map((i) => i.productId)).not.toContain('pR');
    for (const item of outer.items) expect(Number.isFinite(item.score)).toBe(true);
    // The request opened inside the filter, on the grown catalogue, has its own buffers and sees pR.
    expect(nested).toContain('pR');
    expect(ids(rec, 'o1', 20)).toContain('pR');
    expectClean(rec);
  });
});

describe('model files after mixed changes', () => {
  it('keep added, updated, removed and out-of-stock products, new merchants and observed interactions; the reload serves the same slates', () => {
    const rec = make();
    rec.observe({
      products: [
        product('pN', 'mNew', 'camping stove', ['outdoor'], 'outdoor'),
        { ...PRODUCTS[6]!, title: 'hiking trip novel' },
        { id: 'p4', remove: true },
        { ...PRODUCTS[5]!, inStock: false },
      ],
      events: [ev('u1', 'pN', 'purchase'), ev('o1', 'p3', 'view'), ev('b1', 'pN', 'view')],
      topics: [{ id: 'hike', text: 'hiking trip', heat: [{ timestamp: T - 48 * HOUR, count: 1 }, { timestamp: T, count: 500 }] }],
    });
    expectClean(rec);
    const at = { now: T + HOUR };
    const slatesOf = (r: Recommender): string[][] => [...USERS, 'u1'].map((u) => r.recommend(u, { n: 20, record: false, ...at }).items.map((i) => `${i.productId}@${i.merchantId} ${i.score}`));
    for (const file of [recommenderToJSON(rec), recommenderToBinary(rec)]) {
      const loaded = loadRecommender(file);
      const [a, b] = [loaded.dataset, rec.dataset];
      expect(a.productRecords).toEqual(b.productRecords);
      expect(Array.from(a.live)).toEqual(Array.from(b.live));
      expect(Array.from(a.inStock)).toEqual(Array.from(b.inStock));
      expect(Array.from(a.observed.mass)).toEqual(Array.from(b.observed.mass));
      expect(Array.from(a.observed.users)).toEqual(Array.from(b.observed.users));
      expect(a.merchants.ids()).toEqual(b.merchants.ids());
      expect(Array.from(loaded.tiers)).toEqual(Array.from(rec.tiers));
      expect(slatesOf(loaded)).toEqual(slatesOf(rec));
      // And it keeps taking changes.
      loaded.observe({ products: [{ id: 'pN', remove: true }] });
      expect(slatesOf(loaded).flat().some((s) => s.startsWith('pN@'))).toBe(false);
    }
  });
});
