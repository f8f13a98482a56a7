import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset, csrBytes, DAY_MS, decayFactor, decayWarning, nnz, typeCode, type CsrMatrix } from '../../src/dataset/index.js';
import { DataError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import { validateMarketplace, type EventInput } from '../../src/schema/index.js';

const NOW = Date.UTC(2026, 5, 10);
const products = ['a', 'b', 'c', 'd'].map((id) => ({ id, merchantId: id === 'd' ? 'm2' : 'm1', title: `Product ${id}` }));

/**
 * Hand-computed case, half-life 1 day, now = NOW:
 *   u1: a view now (1) + a click 1 day ago (2 * 1/2 = 1) -> a = 2; c purchase 2 days ago (6 * 1/4 = 1.5);
 *       d share 1 day in the future (3, not amplified)
 *   u2: b impression (weight 0: logged, not stored); d cart now (4)
 *   u3: b like 1 day ago (3 * 1/2 = 1.5); a custom "wish" now (typeWeights.wish = 5); c click with weight 0
 */
const events: EventInput[] = [
  { userId: 'u1', productId: 'a', type: 'view', timestamp: NOW },
  { userId: 'u2', productId: 'b', type: 'impression', timestamp: NOW },
  { userId: 'u1', productId: 'c', type: 'purchase', timestamp: NOW - 2 * DAY_MS },
  { userId: 'u3', productId: 'b', type: 'like', timestamp: NOW - DAY_MS },
  { userId: 'u1', productId: 'a', type: 'click', timestamp: NOW - DAY_MS },
  { userId: 'u2', productId: 'd', type: 'cart', timestamp: NOW },
  { userId: 'u3', productId: 'a', type: 'wish', timestamp: NOW },
  { userId: 'u3', productId: 'c', type: 'click', timestamp: NOW, weight: 0 },
  { userId: 'u1', productId: 'd', type: 'share', timestamp: NOW + DAY_MS },
];

/** One user's five events 0, 3, 10, 14 and 40 days before NOW (d, a, b, c, c). */
function fiveEvents() {
  const t = [0, 3, 10, 14, 40].map((d) => NOW - d * DAY_MS);
  return validateMarketplace({
    products,
    events: [
      { userId: 'u', productId: 'a', type: 'purchase', timestamp: t[1]! },
      { userId: 'u', productId: 'b', type: 'click', timestamp: t[2]! },
      { userId: 'u', productId: 'c', type: 'cart', timestamp: t[3]! },
      { userId: 'u', productId: 'c', type: 'view', timestamp: t[4]! },
      { userId: 'u', productId: 'd', type: 'like', timestamp: t[0]! },
    ],
  }).data;
}

function build(now: number | undefined = NOW) {
  const { data } = validateMarketplace({ products, events });
  return buildDataset(data, { weighting: { halfLifeDays: 1, typeWeights: { wish: 5 } }, ...(now !== undefined ? { now } : {}) });
}

function row(m: CsrMatrix, r: number): { indices: number[]; values: number[] } {
  return {
    indices: Array.from(m.indices.subarray(m.indptr[r]!, m.indptr[r + 1]!)),
    values: Array.from(m.values.subarray(m.indptr[r]!, m.indptr[r + 1]!)),
  };
}

describe('buildDataset: the interaction matrix', () => {
  it('holds the hand-computed decayed sums (indptr, indices, values)', () => {
    const ds = build();
    expect(ds.users.ids()).toEqual(['u1', 'u2', 'u3']);
    expect(ds.products.ids()).toEqual(['a', 'b', 'c', 'd']);
    const m = ds.interactions;
    expect([m.rows, m.cols]).toEqual([3, 4]);
    expect(Array.from(m.indptr)).toEqual([0, 3, 4, 6]);
    expect(Array.from(m.indices)).toEqual([0, 2, 3, 3, 0, 1]);
    expect(Array.from(m.values)).toEqual([2, 1.5, 3, 4, 5, 1.5]);
    // Seven events carry weight, from 2 days before now to 1 day after; none decays below 1% (that takes 6.6 half-lives).
    expect(ds.stats).toEqual({
      events: 9,
      skippedUnknownProduct: 0,
      interactions: 6,
      duplicateProducts: 0,
      duplicateMerchants: 0,
      decay: { halfLifeDays: 1, auto: false, mutedShare: 0, spanDays: 3 },
    });
    expect(ds.referenceTime).toBe(NOW);
  });

  it('stores the transpose as items x users (hand-computed)', () => {
    const t = build().itemUsers();
    expect([t.rows, t.cols]).toEqual([4, 3]);
    expect(Array.from(t.indptr)).toEqual([0, 2, 3, 4, 6]);
    expect(Array.from(t.indices)).toEqual([0, 2, 2, 0, 0, 1]);
    expect(Array.from(t.values)).toEqual([2, 5, 1.5, 1.5, 3, 4]);
  });

  it('leaves zero-weight events out of the matrix but keeps them in the event log', () => {
    const ds = build();
    // u2 has only d: the impression of b is not a cell; u3's weight-0 click of c is not a cell.
    expect(row(ds.interactions, 1)).toEqual({ indices: [3], values: [4] });
    expect(row(ds.interactions, 2).indices).not.toContain(2);
    expect(ds.events.length).toBe(9);
    expect(ds.events.types).toEqual(['view', 'impression', 'purchase', 'like', 'click', 'cart', 'wish', 'share']);
    expect(Array.from(ds.events.type)).toEqual([0, 1, 2, 3, 4, 5, 6, 4, 7]);
    expect(Array.from(ds.events.weight)).toEqual([1, 0, 6, 3, 2, 4, 5, 0, 3]);
    expect(Array.from(ds.events.user)).toEqual([0, 1, 0, 2, 0, 1, 2, 2, 0]);
    expect(Array.from(ds.events.product)).toEqual([0, 1, 2, 1, 0, 3, 0, 2, 3]);
    expect(ds.events.time[2]).toBe(NOW - 2 * DAY_MS);
    expect(typeCode(ds.events, 'wish')).toBe(6);
    expect(typeCode(ds.events, 'rating')).toBe(-1);
  });

  it('applies w = typeWeight * 2^(-(now - t) / halfLife) with a 14-day half-life', () => {
    const ds = buildDataset(fiveEvents(), { weighting: { halfLifeDays: 14 } });
    expect(ds.referenceTime).toBe(NOW); // the latest event
    expect(row(ds.interactions, 0)).toEqual({
      indices: [0, 1, 2, 3],
      values: [
        Math.fround(6 * 2 ** (-3 / 14)),
        Math.fround(2 * 2 ** (-10 / 14)),
        Math.fround(4 * 0.5 + 1 * 2 ** (-40 / 14)),
        3,
      ],
    });
    expect(decayFactor(NOW - 14 * DAY_MS, NOW, 14 * DAY_MS)).toBe(0.5);
    expect(decayFactor(NOW + DAY_MS, NOW, 14 * DAY_MS)).toBe(1);
    expect(decayFactor(0, NOW, Infinity)).toBe(1);
  });

  it("resolves halfLifeDays 'auto' (the default) to the median age of the weighted events", () => {
    // Ages 0, 3, 10, 14 and 40 days: the median is 10 days.
    const ds = buildDataset(fiveEvents());
    expect(ds.weighting.config.halfLifeDays).toBe(10);
    expect(ds.weighting.halfLifeMs).toBe(10 * DAY_MS);
    expect(ds.stats.decay).toEqual({ halfLifeDays: 10, auto: true, mutedShare: 0, spanDays: 40 });
    expect(row(ds.interactions, 0).values).toEqual([
      Math.fround(6 * 2 ** (-3 / 10)),
      Math.fround(2 * 2 ** (-10 / 10)),
      Math.fround(4 * 2 ** (-14 / 10) + 1 * 2 ** (-40 / 10)),
      3,
    ]);
    // Every weighted event at the reference time or later: no age to speak of, no decay.
    const { data } = validateMarketplace({ products, events: events.filter((e) => e.timestamp === NOW) });
    const flat = buildDataset(data, { weighting: { halfLifeDays: 'auto', typeWeights: { wish: 5 } } });
    expect(flat.weighting.halfLifeMs).toBe(Infinity);
    expect(flat.stats.decay.halfLifeDays).toBeNull();
  });

  it('warns when more than half the weighted events decay below 1% of their weight, and not otherwise', () => {
    // Under 1% takes log2(100) = 6.64 half-lives. Half-life 2 days: the 14- and 40-day-old events (2 of 5).
    const mild = buildDataset(fiveEvents(), { weighting: { halfLifeDays: 2 } });
    expect(mild.stats.decay.mutedShare).toBeCloseTo(2 / 5, 12);
    expect(decayWarning(mild.stats)).toBeUndefined();
    // Half-life 1 day: the 10-, 14- and 40-day-old ones (3 of 5).
    const short = buildDataset(fiveEvents(), { weighting: { halfLifeDays: 1 } });
    expect(short.stats.decay.mutedShare).toBeCloseTo(3 / 5, 12);
    expect(decayWarning(short.stats)).toBe(
      "decay: 60% of the training events keep under 1% of their weight (half-life 1.0 days over 40 days of history); set weighting.halfLifeDays to 'auto', a longer half-life, or null",
    );
  });

  it('uses the caller reference time and no decay with halfLifeDays null', () => {
    const { data } = validateMarketplace({ products, events });
    const later = buildDataset(data, { now: NOW + DAY_MS, weighting: { halfLifeDays: 1, typeWeights: { wish: 5 } } });
    // Everything is one half-life older: every value halves except the share (now exactly at `now`).
    expect(Array.from(later.interactions.values)).toEqual([1, 0.75, 3, 2, 2.5, 0.75]);
    const flat = buildDataset(data, { weighting: { halfLifeDays: null, typeWeights: { wish: 5 } } });
    expect(Array.from(flat.interactions.values)).toEqual([1 + 2, 6, 3, 4, 5, 3]);
    expect(flat.weighting.halfLifeMs).toBe(Infinity);
  });

  it('weights a custom type from the config or from the event, and refuses one with neither', () => {
    const { data } = validateMarketplace({
      products,
      events: [
        { userId: 'u', productId: 'a', type: 'wish', timestamp: NOW },
        { userId: 'u', productId: 'b', type: 'gift', timestamp: NOW, weight: 7 },
        // An event's own weight wins over its type's weight.
        { userId: 'u', productId: 'c', type: 'click', timestamp: NOW, weight: 0.5 },
      ],
    });
    const ds = buildDataset(data, { weighting: { typeWeights: { wish: 2.5, click: 9 } } });
    expect(row(ds.interactions, 0)).toEqual({ indices: [0, 1, 2], values: [2.5, 7, 0.5] });
    expect(() => buildDataset(data)).toThrow(DataError);
    expect(() => buildDataset(data)).toThrow(
      'events[0]: event type "wish" has no weight: set weighting.typeWeights.wish or the event\'s weight',
    );
  });

  it('refuses events of unknown products unless asked to skip them, and counts the skipped', () => {
    const { data } = validateMarketplace({
      products,
      events: [
        { userId: 'u', productId: 'a', type: 'view', timestamp: NOW },
        { userId: 'u', productId: 'zz', type: 'view', timestamp: NOW },
      ],
    });
    expect(() => buildDataset(data)).toThrow('events[1]: productId "zz" is not among the 4 products');
    const ds = buildDataset(data, { unknownProducts: 'skip' });
    expect(ds.stats).toMatchObject({ events: 1, skippedUnknownProduct: 1, interactions: 1 });
  });

  it('keeps the first of duplicate products and merchants (counted) and indexes listed users first', () => {
    // validateMarketplace refuses repeated ids (tests/schema/bad-input.test.ts); records
    // that skip it still keep their first product and merchant.
    const { data: valid } = validateMarketplace({ products, merchants: [{ id: 'm1' }], events });
    const data = {
      ...valid,
      products: [...valid.products, { ...valid.products[0]!, merchantId: 'm9', title: 'Duplicate' }],
      merchants: [...valid.merchants, { id: 'm1', name: 'again' }],
    };
    const ds = buildDataset(data, { users: ['u9', 'u3'], weighting: { typeWeights: { wish: 5 } } });
    expect(ds.stats.duplicateProducts).toBe(1);
    expect(ds.stats.duplicateMerchants).toBe(1);
    expect(ds.productRecords[0]!.title).toBe('Product a');
    expect(ds.merchants.ids()).toEqual(['m1', 'm2']);
    expect(ds.users.ids()).toEqual(['u9', 'u3', 'u1', 'u2']);
    // u9 has no events: an empty first row.
    expect(Array.from(ds.interactions.indptr.subarray(0, 2))).toEqual([0, 0]);
  });

  it('does not mutate its input records', () => {
    const { data } = validateMarketplace({ products, events });
    const copy = structuredClone(data);
    buildDataset(data, { weighting: { typeWeights: { wish: 5 } } });
    expect(data).toEqual(copy);
  });
});

describe('interaction matrix memory', () => {
  it('stays within 12 bytes per stored interaction on the bundled marketplace (typed arrays counted)', async () => {
    const loaded = await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'));
    const ds = buildDataset(loaded.data);
    const m = ds.interactions;
    const stored = nnz(m);
    expect(stored).toBe(ds.stats.interactions);
    expect(stored).toBeGreaterThan(500);
    // Exactly 4 bytes per column index + 4 per value, plus 4 per row pointer.
    expect(m.indices.byteLength).toBe(4 * stored);
    expect(m.values.byteLength).toBe(4 * stored);
    expect(m.indptr.byteLength).toBe(4 * (m.rows + 1));
    // The arrays own exactly their bytes (no view onto a larger, over-allocated buffer).
    for (const a of [m.indptr, m.indices, m.values]) expect(a.buffer.byteLength).toBe(a.byteLength);
    const perInteraction = csrBytes(m) / stored;
    expect(perInteraction).toBeLessThanOrEqual(12);
    // The same holds for the transpose (products x users), computed on demand.
    const t = ds.itemUsers();
    expect(csrBytes(t) / nnz(t)).toBeLessThanOrEqual(12);
    for (const a of [t.indptr, t.indices, t.values]) expect(a.buffer.byteLength).toBe(a.byteLength);
  });
});
