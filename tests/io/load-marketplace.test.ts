import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import { gini } from '../../src/_internal/gini.js';
import { inspectDataset } from '../../src/io/inspect-dataset.js';
import { tempDirWith } from './tmp-dir.js';

const PRODUCTS =
  'id,merchantId,title,description,tags,category,price,createdAt,inStock\n' +
  'p1,m1,Olympic backpack,"Light, roomy",bag|sport,bags,199,2026-01-01T00:00:00.000Z,true\n' +
  'p2,m1,Swim cap,,swim,sport,,,false\n' +
  'p3,m2,潘展乐同款双肩包,,,bags,59.9,,\n';

describe('loadMarketplace', () => {
  it('reads CSV products and merchants, NDJSON events when the CSV is absent, and counts every file', async () => {
    const dir = await tempDirWith({
      'products.csv': PRODUCTS,
      'merchants.csv': 'id,name,tier,joinedAt\nm1,Big shop,head,\nm2,Small shop,,2025-05-01T00:00:00.000Z\n',
      'events.ndjson':
        '{"userId":"u1","productId":"p1","type":"view","timestamp":"2026-06-01T08:30:00.000Z"}\n' +
        '{"userId":"u1","productId":"p3","type":"purchase","timestamp":"2026-06-02T08:30:00.000Z","weight":2}\n' +
        '{"userId":"u2","productId":"p1","type":"teleport","timestamp":"2026-06-03T08:30:00.000Z"}\n',
    });
    const r = await loadMarketplace(dir);
    expect(r.format).toBe('marketplace');
    expect(r.data.products.map((p) => [p.id, p.description, p.tags, p.price, p.inStock, p.createdAt])).toEqual([
      ['p1', 'Light, roomy', ['bag', 'sport'], 199, true, Date.UTC(2026, 0, 1)],
      ['p2', '', ['swim'], undefined, false, undefined],
      ['p3', '', [], 59.9, true, undefined],
    ]);
    expect(r.data.merchants.map((m) => [m.id, m.tier, m.joinedAt])).toEqual([
      ['m1', 'head', undefined],
      ['m2', undefined, Date.UTC(2025, 4, 1)],
    ]);
    expect(r.data.topics).toEqual([]);
    expect(r.counts.map((c) => [c.entity, c.source.slice(dir.length + 1), c.rows, c.loaded])).toEqual([
      ['products', 'products.csv', 3, 3],
      ['merchants', 'merchants.csv', 2, 2],
      ['events', 'events.ndjson', 3, 3],
    ]);

    // Inspection: u1 -> p1 (view), u1 -> p3 (purchase, weight 2), u2 -> p1 (custom type, assumed weight 1).
    const report = inspectDataset(r);
    expect(report.counts).toEqual({ users: 2, products: 3, merchants: 2, events: 3, topics: 0, interactions: 3 });
    expect(report.sparsity).toBeCloseTo(1 - 3 / 6, 12);
    expect(report.eventsPerType).toEqual([
      { type: 'purchase', count: 1 },
      { type: 'teleport', count: 1 },
      { type: 'view', count: 1 },
    ]);
    expect(report.assumedWeightTypes).toEqual(['teleport']);
    // m1 has 2 stored cells, m2 has 1: G = ((2*1-3)*1 + (2*2-3)*2) / (1 * 3) = 1/3.
    expect(report.merchantConcentration.gini).toBeCloseTo(1 / 3, 12);
    expect(report.merchantConcentration.top10Share).toBe(1);
    expect(report.timeRange).toEqual({ first: '2026-06-01T08:30:00.000Z', last: '2026-06-03T08:30:00.000Z' });
  });

  it('needs products and events', async () => {
    const dir = await tempDirWith({ 'products.csv': PRODUCTS });
    await expect(loadMarketplace(dir)).rejects.toThrow(DataError);
    await expect(loadMarketplace(dir)).rejects.toThrow(/no events file \(looked for events\.csv, events\.json/);
  });
});

describe('gini', () => {
  it('matches hand-computed values, zeros included', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([0, 0, 0, 4])).toBe(1);
    // x = 0, 1, 3: (-2*0 + 0*1 + 2*3) / (2 * 4) = 0.75
    expect(gini([3, 0, 1])).toBeCloseTo(0.75, 12);
    expect(gini([5])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });
});
