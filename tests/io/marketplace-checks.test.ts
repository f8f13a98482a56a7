/**
 * Whole-folder checks of loadMarketplace: duplicate ids (fuzz finding 2), an empty events file
 * (finding 5), events of unknown products (named by file and line), progress reports.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, ValidationError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import type { LoadProgress } from '../../src/io/types.js';
import { tempDirWith } from './tmp-dir.js';

const PRODUCTS = 'id,merchantId,title\np1,m1,Backpack\np2,m1,Cap\np1,m2,Backpack again\n';
const MERCHANTS = 'id,name\nm1,One\nm2,Two\nm1,One again\n';
const EVENTS_HEADER = 'userId,productId,type,timestamp\n';
const EVENTS = `${EVENTS_HEADER}u1,p1,view,2026-06-01T08:30:00Z\nu1,p2,click,2026-06-01T08:31:00Z\nu2,p1,view,2026-06-01T08:32:00Z\n`;

async function folder(files: Record<string, string>): Promise<string> {
  return tempDirWith(files);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected an error');
    },
    (error: unknown) => error,
  );
}

describe('duplicate product and merchant ids (finding 2)', () => {
  it('fail mode refuses the second row, naming its line and the first', async () => {
    const dir = await folder({ 'products.csv': PRODUCTS, 'events.csv': EVENTS });
    const error = (await failure(loadMarketplace(dir))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`${join(dir, 'products.csv')}:4: field "id" (got "p1"): duplicate product id (the first is at line 2; ids must be unique)`);
  });

  it('collect mode keeps the first rows, rejects the others and counts them', async () => {
    const dir = await folder({ 'products.csv': PRODUCTS, 'merchants.csv': MERCHANTS, 'events.csv': EVENTS });
    const r = await loadMarketplace(dir, { mode: 'collect' });
    expect(r.data.products.map((p) => `${p.id}:${p.title}`)).toEqual(['p1:Backpack', 'p2:Cap']);
    expect(r.data.merchants.map((m) => `${m.id}:${m.name}`)).toEqual(['m1:One', 'm2:Two']);
    expect(r.counts.map((c) => [c.entity, c.rows, c.loaded, c.rejected, c.duplicates])).toEqual([
      ['products', 3, 2, 1, 1],
      ['merchants', 3, 2, 1, 1],
      ['events', 3, 3, 0, 0],
    ]);
    expect(r.rejected.merchants[0]!.issues[0]).toMatchObject({ line: 4, field: 'id', value: 'm1' });
  });

  it('JSON files name the index of the first', async () => {
    const dir = await folder({
      'products.json': JSON.stringify([{ id: 'p1', merchantId: 'm1', title: 'A' }, { id: 'p1', merchantId: 'm1', title: 'B' }]),
      'events.csv': EVENTS,
    });
    const error = (await failure(loadMarketplace(dir))) as ValidationError;
    expect(error.issues[0]!.reason).toBe('duplicate product id (the first is at index 0; ids must be unique)');
  });
});

describe('an events file without rows (finding 5)', () => {
  it('is a DataError naming the file, in either mode, header or not', async () => {
    for (const events of [EVENTS_HEADER, '']) {
      const dir = await folder({ 'products.csv': 'id,merchantId,title\np1,m1,Backpack\n', 'events.csv': events });
      for (const mode of ['fail', 'collect'] as const) {
        const error = await failure(loadMarketplace(dir, { mode }));
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).message).toBe(`${join(dir, 'events.csv')}: no events (the file has no data rows); at least one event is needed to fit a recommender`);
      }
    }
  });
});

describe('events naming an unknown product', () => {
  const events = `${EVENTS_HEADER}u1,p1,view,2026-06-01T08:30:00Z\nu1,p9,view,2026-06-01T08:31:00Z\n`;

  it('are bad rows naming file and line, and the way to skip them', async () => {
    const dir = await folder({ 'products.csv': 'id,merchantId,title\np1,m1,Backpack\n', 'events.csv': events });
    const error = (await failure(loadMarketplace(dir))) as ValidationError;
    expect(error.message).toBe(
      `${join(dir, 'events.csv')}:3: field "productId" (got "p9"): unknown product: not among the 1 products of ${join(dir, 'products.csv')} ` +
        "(gfp --unknown-products skip, or unknownProducts: 'skip', leaves such events out, counted)",
    );
    const collected = await loadMarketplace(dir, { mode: 'collect' });
    expect(collected.rejected.events.map((x) => x.line)).toEqual([3]);
  });

  it("unknownProducts: 'skip' leaves them out, counted in the file's skipped", async () => {
    const dir = await folder({ 'products.csv': 'id,merchantId,title\np1,m1,Backpack\n', 'events.csv': events });
    const r = await loadMarketplace(dir, { unknownProducts: 'skip' });
    expect(r.data.events.map((e) => e.productId)).toEqual(['p1']);
    expect(r.counts[1]).toMatchObject({ entity: 'events', rows: 2, loaded: 1, rejected: 0, skipped: 1 });
  });
});

describe('progress', () => {
  it('reports rows read per file, every 10,000 rows and at the end of each file', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => `u${i % 7},p1,view,${1_750_000_000 + i}`).join('\n');
    const dir = await folder({ 'products.csv': 'id,merchantId,title\np1,m1,Backpack\n', 'events.csv': `${EVENTS_HEADER}${rows}\n` });
    const seen: LoadProgress[] = [];
    await loadMarketplace(dir, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.entity, p.rows])).toEqual([
      ['products', 1],
      ['events', 10_000],
      ['events', 20_000],
      ['events', 25_000],
    ]);
  });
});
