import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { ValidationError, type ValidationIssue } from '../../src/errors.js';
import {
  EventSchema,
  MerchantSchema,
  ProductSchema,
  TopicSchema,
  validateMarketplace,
  validateRecords,
} from '../../src/schema/index.js';

const T = Date.UTC(2024, 6, 26, 20, 24); // 2024-07-26T20:24:00Z = 1722025440000

/** Validates one record in fail mode and returns the thrown ValidationError. */
function rejection(schema: z.core.$ZodType, raw: unknown, source = 'input'): ValidationError {
  try {
    validateRecords(schema, [raw], { source });
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

/** The issues of a rejected record as [field, value, reason] triples. */
function triples(error: ValidationError): Array<[string, unknown, string]> {
  return error.issues.map((i: ValidationIssue) => [i.field, i.value, i.reason]);
}

describe('ProductSchema', () => {
  it('accepts the required fields and fills the defaults', () => {
    expect(ProductSchema.parse({ id: 'p1', merchantId: 'm1', title: 'Backpack' })).toEqual({
      id: 'p1',
      merchantId: 'm1',
      title: 'Backpack',
      description: '',
      tags: [],
      category: '',
      inStock: true,
    });
  });

  it('accepts CSV-shaped strings: numeric ids, tag lists, numbers, booleans, timestamps', () => {
    const p = ProductSchema.parse({
      id: 42,
      merchantId: ' m1 ',
      title: '  奥运背包 Olympics backpack ',
      tags: 'bag| backpack ,retro;;',
      price: '12.50',
      createdAt: '1722025440',
      inStock: 'no',
    });
    expect(p).toEqual({
      id: '42',
      merchantId: 'm1',
      title: '奥运背包 Olympics backpack',
      description: '',
      tags: ['bag', 'backpack', 'retro'],
      category: '',
      price: 12.5,
      createdAt: T,
      inStock: false,
    });
    expect(ProductSchema.parse({ id: 'p', merchantId: 'm', title: 't', tags: [' a ', '', 'b'], inStock: '1' })).toMatchObject({
      tags: ['a', 'b'],
      inStock: true,
    });
    // An empty CSV cell means absent.
    const blank = ProductSchema.parse({ id: 'p', merchantId: 'm', title: 't', price: '', createdAt: '', inStock: '' });
    expect(blank.price).toBeUndefined();
    expect(blank.createdAt).toBeUndefined();
    expect(blank.inStock).toBe(true);
  });

  it.each([
    [{ merchantId: 'm1', title: 'T' }, 'id', undefined, 'required'],
    [{ id: 'p1', title: 'T' }, 'merchantId', undefined, 'required'],
    [{ id: 'p1', merchantId: 'm1', title: '   ' }, 'title', '   ', 'expected a non-empty title'],
    [{ id: 'p1', merchantId: 'm1', title: 'T', price: -1 }, 'price', -1, 'expected a non-negative price'],
    [{ id: 'p1', merchantId: 'm1', title: 'T', price: 'abc' }, 'price', 'abc', 'expected a finite number'],
    [{ id: 'p1', merchantId: 'm1', title: 'T', price: Number.NaN }, 'price', Number.NaN, 'expected a finite number'],
    [{ id: 'p1', merchantId: 'm1', title: 'T', inStock: 'maybe' }, 'inStock', 'maybe', 'expected a boolean (true/false/1/0/yes/no)'],
    [{ id: 'p1', merchantId: 'm1', title: 'T', tags: 5 }, 'tags', 5, 'expected an array of strings or a "|"-separated string'],
    [{ id: 'p1', merchantId: 'm1', title: 'T', createdAt: 'last week' }, 'createdAt', 'last week',
      'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds'],
    [{ id: 'p1', merchantId: 'm1', title: 'x'.repeat(2001) }, 'title', 'x'.repeat(2001), 'longer than 2000 characters'],
  ])('rejects %j: field %s', (raw, field, value, reason) => {
    const error = rejection(ProductSchema, raw, 'products');
    expect(triples(error)).toEqual([[field, value, reason]]);
    expect(error.issues[0]).toMatchObject({ source: 'products', index: 0 });
  });

  it('shows the user where, which field, what value and why', () => {
    const rows = [
      { id: 'p1', merchantId: 'm1', title: 'Fine' },
      { id: 'p2', merchantId: 'm1', title: 'Cap', price: 'ten' },
    ];
    const error = rejection(ProductSchema, rows[1], 'products');
    expect(error.message).toBe('products[0]: field "price" (got "ten"): expected a finite number');
    expect(() => validateRecords(ProductSchema, rows, { source: 'products' })).toThrow(
      'products[1]: field "price" (got "ten"): expected a finite number',
    );
    // Several problems in one record: the first is spelled out, the rest counted.
    const many = rejection(ProductSchema, { id: '', merchantId: 'm1', title: '', price: -2 }, 'products');
    expect(triples(many)).toEqual([
      ['id', '', 'expected a non-empty string id'],
      ['title', '', 'expected a non-empty title'],
      ['price', -2, 'expected a non-negative price'],
    ]);
    expect(many.message).toBe('products[0]: field "id" (got ""): expected a non-empty string id (and 2 more issues)');
    expect(many.code).toBe('VALIDATION');
    expect(many.name).toBe('ValidationError');
  });

  it('prints NaN as NaN in the message, not as null', () => {
    expect(rejection(ProductSchema, { id: 'p1', merchantId: 'm1', title: 'T', price: Number.NaN }).message).toBe(
      'input[0]: field "price" (got NaN): expected a finite number',
    );
  });
});

describe('MerchantSchema', () => {
  it('accepts an id alone, a tier and a join date', () => {
    expect(MerchantSchema.parse({ id: 'm1' })).toEqual({ id: 'm1', name: '' });
    expect(MerchantSchema.parse({ id: 'm1', name: '山峰户外', tier: 'small', joinedAt: '2024-07-26T20:24:00Z' })).toEqual({
      id: 'm1',
      name: '山峰户外',
      tier: 'small',
      joinedAt: T,
    });
    // Empty CSV cells: no tier (derived later), no join date.
    expect(MerchantSchema.parse({ id: 'm1', tier: '', joinedAt: '' })).toEqual({ id: 'm1', name: '' });
  });

  it.each([
    [{ tier: 'small' }, 'id', undefined, 'required'],
    [{ id: 'm1', tier: 'huge' }, 'tier', 'huge', 'expected one of head, mid, small'],
    [{ id: 'm1', tier: 'Small' }, 'tier', 'Small', 'expected one of head, mid, small'],
    [{ id: 'm1', joinedAt: -1 }, 'joinedAt', -1, 'expected a non-negative epoch time'],
    [{ id: 'm1', name: 7 }, 'name', 7, 'expected a string'],
  ])('rejects %j: field %s', (raw, field, value, reason) => {
    expect(triples(rejection(MerchantSchema, raw))).toEqual([[field, value, reason]]);
  });

  it('names the tier problem in the message', () => {
    expect(rejection(MerchantSchema, { id: 'm1', tier: 'huge' }, 'merchants.csv').message).toBe(
      'merchants.csv[0]: field "tier" (got "huge"): expected one of head, mid, small',
    );
  });
});

describe('EventSchema', () => {
  it('reads numbers written in decimal only (Number() alone took 0x10 for 16)', () => {
    const weight = (w: string) => EventSchema.safeParse({ userId: 'u', productId: 'p', type: 'view', timestamp: 0, weight: w });
    expect(['1e3', '+3', '.5', '5.', ' 2 ', '00012', '2.5E-1'].map((w) => weight(w).data?.weight)).toEqual([1000, 3, 0.5, 5, 2, 12, 0.25]);
    for (const w of ['0x10', '0b11', '0o17']) expect(weight(w).error?.issues[0]!.message, w).toBe('expected a decimal number (hex, binary and octal are not read)');
    for (const w of ['1_000', '1,5', '.', '+', 'e5', '1e', 'Infinity', '1e400']) expect(weight(w).error?.issues[0]!.message, w).toBe('expected a finite number');
    expect(triples(rejection(ProductSchema, { id: 'p', merchantId: 'm', title: 't', price: '0x20' }))).toEqual([['price', '0x20', 'expected a decimal number (hex, binary and octal are not read)']]);
  });

  it('accepts known and custom types, optional fields, and CSV strings', () => {
    expect(EventSchema.parse({ userId: 'u1', productId: 'p1', type: 'click', timestamp: '2024-07-26T20:24:00Z' })).toEqual({
      userId: 'u1',
      productId: 'p1',
      type: 'click',
      timestamp: T,
    });
    expect(
      EventSchema.parse({
        userId: 'u1',
        productId: 'p1',
        type: ' add_to_wishlist ',
        timestamp: 1722025440000,
        weight: '2.5',
        position: '3',
        surface: 'feed',
        sessionId: 's1',
      }),
    ).toEqual({ userId: 'u1', productId: 'p1', type: 'add_to_wishlist', timestamp: T, weight: 2.5, position: 3, surface: 'feed', sessionId: 's1' });
  });

  it.each([
    [{ productId: 'p', type: 'click', timestamp: T }, 'userId', undefined, 'required'],
    [{ userId: 'u', type: 'click', timestamp: T }, 'productId', undefined, 'required'],
    [{ userId: 'u', productId: 'p', timestamp: T }, 'type', undefined, 'required'],
    [{ userId: 'u', productId: 'p', type: 'click' }, 'timestamp', undefined, 'required'],
    [{ userId: 'u', productId: 'p', type: 'Click', timestamp: T }, 'type', 'Click',
      'expected a lower-case event type such as view, click, cart, purchase or a custom name'],
    [{ userId: 'u', productId: 'p', type: 'add to cart', timestamp: T }, 'type', 'add to cart',
      'expected a lower-case event type such as view, click, cart, purchase or a custom name'],
    [{ userId: 'u', productId: 'p', type: 'click', timestamp: T, weight: -1 }, 'weight', -1, 'expected a non-negative weight'],
    [{ userId: 'u', productId: 'p', type: 'click', timestamp: T, weight: 'heavy' }, 'weight', 'heavy', 'expected a finite number'],
    [{ userId: 'u', productId: 'p', type: 'click', timestamp: T, position: 0 }, 'position', 0, 'expected a 1-based integer position'],
    [{ userId: 'u', productId: 'p', type: 'click', timestamp: T, position: 1.5 }, 'position', 1.5, 'expected a 1-based integer position'],
    [{ userId: 'u', productId: 1.5, type: 'click', timestamp: T }, 'productId', 1.5, 'expected a non-empty string id'],
    [{ userId: null, productId: 'p', type: 'click', timestamp: T }, 'userId', null, 'expected a non-empty string id'],
  ])('rejects %j: field %s', (raw, field, value, reason) => {
    expect(triples(rejection(EventSchema, raw))).toEqual([[field, value, reason]]);
  });

  it('reports every bad field of a record, in field order', () => {
    const error = rejection(EventSchema, { userId: '', productId: 'p', type: 'click', timestamp: 'soon', position: 0 }, 'events');
    expect(triples(error)).toEqual([
      ['userId', '', 'expected a non-empty string id'],
      ['timestamp', 'soon', 'expected an ISO 8601 date-time (e.g. 2024-07-26T20:24:00Z) or epoch seconds/milliseconds'],
      ['position', 0, 'expected a 1-based integer position'],
    ]);
    expect(error.message).toBe('events[0]: field "userId" (got ""): expected a non-empty string id (and 2 more issues)');
  });

  it('collect mode keeps the good records and returns each bad one with its index', () => {
    const rows = [
      { userId: 'u1', productId: 'p1', type: 'view', timestamp: T },
      { userId: 'u2', productId: 'p1', type: 'view' },
      { userId: 'u3', productId: 'p2', type: 'cart', timestamp: T + 1 },
      { userId: 'u4', productId: '', type: 'view', timestamp: T },
    ];
    const r = validateRecords(EventSchema, rows, { source: 'events', mode: 'collect' });
    expect(r.records.map((e) => e.userId)).toEqual(['u1', 'u3']);
    expect(r.rejected.map((x) => [x.index, x.raw, x.issues.map((i) => `${i.field}: ${i.reason}`)])).toEqual([
      [1, rows[1], ['timestamp: required']],
      [3, rows[3], ['productId: expected a non-empty string id']],
    ]);
  });
});

describe('TopicSchema', () => {
  it('accepts text with heat observations, links and tags', () => {
    expect(
      TopicSchema.parse({
        id: 'olympics-backpack',
        text: ' 巴黎重现2008北京奥运会背包 ',
        heat: [
          { timestamp: '2024-07-26T20:24:00Z', count: '120' },
          { timestamp: 1722029040, count: 300 },
        ],
        productIds: ['p1', 2],
        tags: 'backpack|olympics',
        region: 'CN',
      }),
    ).toEqual({
      id: 'olympics-backpack',
      text: '巴黎重现2008北京奥运会背包',
      heat: [
        { timestamp: T, count: 120 },
        { timestamp: T + 3_600_000, count: 300 },
      ],
      productIds: ['p1', '2'],
      tags: ['backpack', 'olympics'],
      region: 'CN',
    });
    expect(TopicSchema.parse({ id: 't', text: 'x' })).toEqual({ id: 't', text: 'x', heat: [], productIds: [], tags: [] });
  });

  it.each([
    [{ text: 'x' }, 'id', undefined, 'required'],
    [{ id: 't', text: '' }, 'text', '', 'expected non-empty topic text'],
    [{ id: 't', text: 'x', heat: [{ timestamp: '2023-02-29', count: 1 }] }, 'heat.0.timestamp', '2023-02-29', 'day 29 out of range for 2023-02'],
    [{ id: 't', text: 'x', heat: [{ timestamp: T, count: 1 }, { timestamp: T, count: -1 }] }, 'heat.1.count', -1, 'expected a non-negative count'],
    [{ id: 't', text: 'x', heat: [{ timestamp: T }] }, 'heat.0.count', undefined, 'required'],
    [{ id: 't', text: 'x', productIds: ['p', ''] }, 'productIds.1', '', 'expected a non-empty string id'],
  ])('rejects %j: field %s', (raw, field, value, reason) => {
    expect(triples(rejection(TopicSchema, raw))).toEqual([[field, value, reason]]);
  });

  it('names the nested field in the message', () => {
    expect(rejection(TopicSchema, { id: 't', text: 'x', heat: [{ timestamp: T, count: 'many' }] }, 'topics').message).toBe(
      'topics[0]: field "heat.0.count" (got "many"): expected a finite number',
    );
  });
});

describe('validateMarketplace', () => {
  it('names the entity array and index of the first bad record', () => {
    expect(() =>
      validateMarketplace({
        products: [{ id: 'p1', merchantId: 'm1', title: 'T' }],
        events: [
          { userId: 'u1', productId: 'p1', type: 'view', timestamp: T },
          { userId: 'u1', productId: 'p1', type: 'view', timestamp: '2024-13-01' },
        ],
      }),
    ).toThrow('events[1]: field "timestamp" (got "2024-13-01"): month 13 out of range');
  });

  it('does not mutate its input', () => {
    const input = {
      products: [{ id: ' p1 ', merchantId: 'm1', title: ' T ', tags: 'a|b' }],
      events: [{ userId: 'u1', productId: 'p1', type: 'view', timestamp: '2024-07-26T20:24:00Z' }],
    };
    const copy = structuredClone(input);
    validateMarketplace(input);
    expect(input).toEqual(copy);
  });
});
