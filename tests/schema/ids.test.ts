import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/dataset/index.js';
import { IdIndex } from '../../src/dataset/id-index.js';
import { createRecommender } from '../../src/engine/index.js';
import { EventSchema, IdSchema, MAX_ID_LENGTH, ProductSchema, TopicSchema, validateMarketplace } from '../../src/schema/index.js';

const SPECIAL = ['__proto__', 'constructor', 'hasOwnProperty'] as const;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);

describe('IdSchema', () => {
  it('accepts non-empty strings up to 256 characters, trimmed, and non-negative integers as strings', () => {
    expect(IdSchema.parse('p-1')).toBe('p-1');
    expect(IdSchema.parse('  p-1 ')).toBe('p-1');
    expect(IdSchema.parse('潘展乐同款')).toBe('潘展乐同款');
    expect(IdSchema.parse(0)).toBe('0');
    expect(IdSchema.parse(12345)).toBe('12345');
    expect(IdSchema.parse(2 ** 53 - 1)).toBe('9007199254740991');
    expect(MAX_ID_LENGTH).toBe(256);
    expect(IdSchema.parse('x'.repeat(256))).toHaveLength(256);
  });

  it.each([
    ['', 'expected a non-empty string id'],
    ['   ', 'expected a non-empty string id'],
    ['x'.repeat(257), 'id longer than 256 characters'],
    [-1, 'expected a non-empty string id'],
    [1.5, 'expected a non-empty string id'],
    [2 ** 53, 'a numeric id above 2^53 - 1 cannot be read exactly (JSON numbers lose digits there; the value shown is the rounded one): write the id as a string'],
    [12345678901234567, 'a numeric id above 2^53 - 1 cannot be read exactly (JSON numbers lose digits there; the value shown is the rounded one): write the id as a string'],
    [null, 'expected a non-empty string id'],
    [{ id: 'p' }, 'expected a non-empty string id'],
    [undefined, 'required'],
  ])('rejects %j: %s', (input, reason) => {
    const r = IdSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([reason]);
  });

  it.each(SPECIAL)('keeps %s as an ordinary id in every entity', (id) => {
    expect(IdSchema.parse(id)).toBe(id);
    const p = ProductSchema.parse({ id, merchantId: id, title: 'T' });
    expect([p.id, p.merchantId]).toEqual([id, id]);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    const e = EventSchema.parse({ userId: id, productId: id, type: 'view', timestamp: T0 });
    expect([e.userId, e.productId]).toEqual([id, id]);
    expect(TopicSchema.parse({ id, text: 'x', productIds: [id] }).productIds).toEqual([id]);
  });
});

describe('IdIndex with special ids', () => {
  it('maps __proto__, constructor and hasOwnProperty like any other id', () => {
    const index = new IdIndex();
    expect(index.indexOf('__proto__')).toBe(-1);
    expect(index.has('constructor')).toBe(false);
    expect(index.has('toString')).toBe(false);
    expect(index.add('a')).toBe(0);
    for (const [i, id] of SPECIAL.entries()) expect(index.add(id)).toBe(i + 1);
    expect(index.add('__proto__')).toBe(1); // known: same index
    expect(index.size).toBe(4);
    expect(index.ids()).toEqual(['a', '__proto__', 'constructor', 'hasOwnProperty']);
    for (const [i, id] of SPECIAL.entries()) {
      expect(index.indexOf(id)).toBe(i + 1);
      expect(index.idAt(i + 1)).toBe(id);
    }
    expect(index.indexOf('toString')).toBe(-1);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

/** A marketplace where every id of every kind is one of the special names (plus plain ones). */
function specialMarketplace() {
  const products = [
    { id: '__proto__', merchantId: 'constructor', title: 'Proto backpack', tags: ['bag'] },
    { id: 'constructor', merchantId: '__proto__', title: 'Constructor cap', tags: ['hat'] },
    { id: 'hasOwnProperty', merchantId: 'hasOwnProperty', title: 'Own mug', tags: ['mug'] },
    { id: 'p4', merchantId: 'constructor', title: 'Plain pen', tags: ['pen'] },
    { id: 'p5', merchantId: '__proto__', title: 'Plain cup', tags: ['mug'] },
  ];
  const merchants = SPECIAL.map((id) => ({ id, name: `${id} shop` }));
  const users = ['__proto__', 'constructor', 'hasOwnProperty', 'u4'];
  // Each user views the product of the next two indices (a ring), so every product has history.
  const ids = products.map((p) => p.id);
  const events = users.flatMap((userId, u) =>
    [0, 1].map((k) => ({ userId, productId: ids[(u + k) % ids.length]!, type: 'click', timestamp: T0 + (u * 2 + k) * DAY })),
  );
  events.push({ userId: 'u4', productId: '__proto__', type: 'purchase', timestamp: T0 + 10 * DAY });
  return { products, merchants, events };
}

describe('special ids through the dataset', () => {
  it('indexes them densely and stores their interactions', () => {
    const { data } = validateMarketplace(specialMarketplace());
    const ds = buildDataset(data, { weighting: { halfLifeDays: null } });
    expect(ds.users.ids()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'u4']);
    expect(ds.products.ids()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'p4', 'p5']);
    expect(ds.merchants.ids()).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    // Product '__proto__' belongs to merchant 'constructor' (index 1).
    expect(Array.from(ds.productMerchant)).toEqual([1, 0, 2, 1, 0]);
    // User '__proto__' clicked '__proto__' and 'constructor' (weight 2 each, no decay).
    const m = ds.interactions;
    expect(Array.from(m.indices.subarray(m.indptr[0]!, m.indptr[1]!))).toEqual([0, 1]);
    expect(Array.from(m.values.subarray(m.indptr[0]!, m.indptr[1]!))).toEqual([2, 2]);
    // u4 clicked p4 and p5 (ring) and bought '__proto__' (purchase weight 6).
    expect(Array.from(m.indices.subarray(m.indptr[3]!, m.indptr[4]!))).toEqual([0, 3, 4]);
    expect(Array.from(m.values.subarray(m.indptr[3]!, m.indptr[4]!))).toEqual([6, 2, 2]);
  });
});

describe('special ids through a recommender', () => {
  it('fits, recommends and finds similar items for them', () => {
    const rec = createRecommender({
      signals: [
        { type: 'item-knn', weight: 1 },
        { type: 'popularity', weight: 0.1 },
      ],
      n: 3,
    });
    rec.fit(specialMarketplace());
    for (const userId of SPECIAL) {
      const slate = rec.recommend(userId);
      expect(slate.userId).toBe(userId);
      expect(slate.trace.knownUser).toBe(true);
      const seen = new Set(specialMarketplace().events.filter((e) => e.userId === userId).map((e) => e.productId));
      // 5 products, 2 seen: exactly the other 3, none seen, scores finite.
      expect(slate.items).toHaveLength(3);
      for (const item of slate.items) {
        expect(seen.has(item.productId)).toBe(false);
        expect(Number.isFinite(item.score)).toBe(true);
      }
      const merchantOf = new Map(specialMarketplace().products.map((p) => [p.id, p.merchantId]));
      for (const item of slate.items) expect(item.merchantId).toBe(merchantOf.get(item.productId));
    }
    const similar = rec.similarItems('__proto__', { n: 2 });
    expect(similar).toHaveLength(2);
    expect(similar.map((s) => s.productId)).not.toContain('__proto__');
    // Online: a new event of user 'hasOwnProperty' on '__proto__' hides it from that user's slates.
    rec.observe([{ userId: 'hasOwnProperty', productId: '__proto__', type: 'cart', timestamp: T0 + 20 * DAY }]);
    expect(rec.recommend('hasOwnProperty').items.map((i) => i.productId)).not.toContain('__proto__');
    // The ledger keys merchants by Map too: its snapshot names the special merchants.
    const snap = rec.ledger.snapshot(T0 + 20 * DAY);
    expect(snap.entries.map((m) => m.merchantId)).toEqual([...SPECIAL].sort());
    // Every merchant was shown; merit is the percentile blend without popularity (the worst of a
    // request's candidates has 0), so some merchant has merit, none a negative or NaN one.
    expect(snap.entries.every((m) => m.exposure > 0 && m.merit >= 0)).toBe(true);
    expect(snap.entries.some((m) => m.merit > 0)).toBe(true);
  });
});
