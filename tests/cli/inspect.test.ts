import { dataRoot } from '../../src/io/data-root.js';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, gfp, tempDir, tinyMarketplace } from './_gfp.js';

describe('gfp inspect', () => {
  it('prints counts, sparsity, concentration and rejected rows as JSON', async () => {
    const dir = await tinyMarketplace();
    const io = await gfp('inspect', dir, '--json');
    // A row was left out (rejected): the report is printed, and the exit code says so.
    expect(io.err).toBe(`gfp: ${dir}: 1 row left out (listed above): exit 1\n`);
    expect(io.code).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.format).toBe('marketplace');
    expect(report.counts).toEqual({ users: 2, products: 4, merchants: 3, events: 5, topics: 0, interactions: 3 });
    // 3 stored cells of 2 x 4.
    expect(report.sparsity).toBeCloseTo(1 - 3 / 8, 12);
    expect(report.eventsPerType).toEqual([
      { type: 'view', count: 2 },
      { type: 'click', count: 1 },
      { type: 'impression', count: 1 },
      { type: 'purchase', count: 1 },
    ]);
    // Stored cells per merchant: m1 = 2 (u1-p1, u1-p2), m2 = 1, m3 = 0.
    // x = 0, 1, 2: G = (-2*0 + 0*1 + 2*2) / (2 * 3) = 2/3.
    expect(report.merchantConcentration.gini).toBeCloseTo(2 / 3, 12);
    expect(report.merchantConcentration.top10Share).toBe(1);
    expect(report.timeRange).toEqual({ first: '2026-06-01T08:30:00.000Z', last: '2026-06-02T10:00:00.000Z' });
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0].rejected).toBe(1);
    expect(report.rejected[0].examples[0].line).toBe(7);
    expect(report.rejected[0].examples[0].reasons[0]).toContain(`events.csv:7: field "timestamp" (got "yesterday")`);
  });

  it('prints a human table by default', async () => {
    const dir = await tinyMarketplace();
    const io = await gfp('inspect', dir);
    expect(io.code).toBe(1);
    const text = io.out;
    expect(text).toMatch(/^ {2}users +2$/m);
    expect(text).toMatch(/^ {2}products +4$/m);
    expect(text).toMatch(/^ {2}merchants +3$/m);
    expect(text).toMatch(/^ {2}events +5$/m);
    expect(text).toMatch(/^ {2}interactions +3 stored/m);
    expect(text).toMatch(/^ {2}sparsity +62\.50%$/m);
    expect(text).toMatch(/^ {2}merchant Gini +0\.6667$/m);
    expect(text).toContain('events: 6 rows, 5 loaded, 1 rejected');
  });

  it('exits 2 naming the line in fail mode, and on an unknown format', async () => {
    const dir = await tinyMarketplace();
    const io = await gfp('inspect', dir, '--mode', 'fail');
    expect(io.code).toBe(2);
    expect(io.err).toContain('events.csv:7: field "timestamp"');
    const io2 = await gfp('inspect', dir, '--format', 'csv');
    expect(io2.code).toBe(2);
  });
});


/** Counts of the bundled marketplace computed straight from its CSV text, not through the loaders. */
async function fixtureCounts() {
  const lines = async (name: string): Promise<string[]> =>
    (await readFile(join(FIXTURES, name), 'utf8')).split('\n').slice(1).filter((l) => l !== '');
  const events = (await lines('events.csv')).map((l) => l.split(','));
  // The generated events carry no quoted commas: every row has exactly 8 cells.
  expect(events.every((cells) => cells.length === 8)).toBe(true);
  const perType = new Map<string, number>();
  for (const [, , type] of events) perType.set(type!, (perType.get(type!) ?? 0) + 1);
  // Stored cells: distinct (user, product) pairs with a positive weight (impressions weigh 0, no event has its own weight).
  expect(events.every((cells) => cells[4] === '')).toBe(true);
  const cells = new Set(events.filter((c) => c[2] !== 'impression').map((c) => `${c[0]}\t${c[1]}`));
  return {
    users: new Set(events.map((c) => c[0])).size,
    products: (await lines('products.csv')).filter((l) => l.startsWith('p-')).length,
    merchants: (await lines('merchants.csv')).filter((l) => l.startsWith('m-')).length,
    events: events.length,
    topics: (await lines('topics.csv')).length,
    interactions: cells.size,
    perType,
  };
}

describe('gfp inspect on the bundled marketplace', () => {
  it('prints the counts found in the CSV files', async () => {
    const expected = await fixtureCounts();
    const io = await gfp('inspect', FIXTURES, '--json');
    expect(io.code).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.counts).toEqual({
      users: expected.users,
      products: expected.products,
      merchants: expected.merchants,
      events: expected.events,
      topics: expected.topics,
      interactions: expected.interactions,
    });
    // Sizes of the generated set, for the reader: 300 users, 400 products, 40 merchants, 4 topics.
    expect([expected.users, expected.products, expected.merchants, expected.topics]).toEqual([300, 400, 40, 4]);
    expect(new Map(report.eventsPerType.map((e: { type: string; count: number }) => [e.type, e.count]))).toEqual(expected.perType);
    expect(report.rejected).toEqual([]);
    expect(report.sparsity).toBeCloseTo(1 - expected.interactions / (expected.users * expected.products), 12);

    const table = await gfp('inspect', FIXTURES);
    expect(table.code).toBe(0);
    const text = table.out;
    expect(text).toMatch(new RegExp(`^ {2}users +${expected.users}$`, 'm'));
    expect(text).toMatch(new RegExp(`^ {2}products +${expected.products}$`, 'm'));
    expect(text).toMatch(new RegExp(`^ {2}events +${expected.events}$`, 'm'));
    expect(text).toMatch(new RegExp(`^ {2}interactions +${expected.interactions} stored`, 'm'));
  });
});

const ML100K = join(dataRoot(), 'data', 'ml-100k');

describe.skipIf(!existsSync(join(ML100K, 'u.data')) || !existsSync(join(ML100K, 'u.item')))('gfp inspect on MovieLens 100K', () => {
  it('prints 943 users, 1682 items and 100000 ratings through the adapter', async () => {
    const io = await gfp('inspect', ML100K);
    expect(io.code).toBe(0);
    expect(io.err).toBe('');
    const text = io.out;
    expect(text).toContain('(format: ml-100k)');
    expect(text).toMatch(/^ {2}users +943$/m);
    expect(text).toMatch(/^ {2}products +1682$/m);
    expect(text).toMatch(/^ {2}events +100000$/m);
    // Every (user, movie) pair is rated once: 100000 stored cells.
    expect(text).toMatch(/^ {2}interactions +100000 stored/m);
    expect(text).toMatch(/^ {2}rating +100000$/m);
    expect(text).toContain('u.data  events: 100000 rows, 100000 loaded, 0 rejected');
  });

  it('counts custom event types without a weight with weight 1 and names them (types keyed by a Map)', async () => {
    const dir = await tempDir('gfp-inspect-custom-');
    await writeFile(join(dir, 'products.csv'), 'id,merchantId,title\np1,m1,Backpack\np2,m1,Cap\np3,m2,Mug\n');
    await writeFile(
      join(dir, 'events.csv'),
      'userId,productId,type,timestamp\n' +
        'u1,p1,teleport,2026-06-01T08:30:00Z\nu1,p2,constructor,2026-06-01T08:31:00Z\nu2,p3,teleport,2026-06-01T08:32:00Z\nu2,p1,view,2026-06-01T08:33:00Z\n',
    );
    const r = await gfp('inspect', dir);
    expect(r.code).toBe(0);
    // Every event is stored (4 cells of 2 users x 3 products): the custom types got weight 1.
    expect(r.out).toContain('  interactions           4 stored (user, product) cells\n  sparsity               33.33%\n');
    expect(r.out).toContain('  (custom event types without a weight, counted with weight 1: teleport, constructor)\n');
    expect(r.out).toContain('events per type\n  teleport     2\n  constructor  1\n  view         1\n');
  });
});
