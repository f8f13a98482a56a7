import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAmazon2018 } from '../../src/io/adapters/amazon-2018.js';
import { detectFormat, findAmazonFiles } from '../../src/io/detect-format.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { tempDirWith } from './tmp-dir.js';

const META = [
  '{"asin":"A1","title":"Gift Card <b>Red</b>","brand":"  Amazon ","category":["Gift Cards","Restaurants"],"description":["Line1","Line2"]}',
  '{"asin":"A2","title":"","brand":"","category":[]}',
  '{"asin":"A1","title":"Dup","brand":"Other"}',
  'not json',
].join('\n');
const REVIEWS = [
  '{"reviewerID":"__proto__","asin":"A1","overall":5.0,"unixReviewTime":1500000000}',
  '{"reviewerID":"U2","asin":"A3","overall":4.0,"unixReviewTime":1500000100}',
  '{"reviewerID":"U3","asin":"A2","overall":"bad","unixReviewTime":1500000200}',
  '{"reviewerID":"","asin":"A2","overall":3,"unixReviewTime":1500000300}',
].join('\n');

async function amazonDir(): Promise<string> {
  return tempDirWith({
    'Gift_Cards_5.json.gz': gzipSync(`${REVIEWS}\n`),
    'meta_Gift_Cards.json.gz': gzipSync(`${META}\n`),
  });
}

describe('Amazon 2018 adapter', () => {
  it('turns brands into merchants, unbranded items into their own merchants, and reviews into rating events', async () => {
    const dir = await amazonDir();
    expect(await detectFormat(dir)).toBe('amazon-2018');
    const files = await findAmazonFiles(dir);
    expect(files).toEqual({ reviews: join(dir, 'Gift_Cards_5.json.gz'), meta: join(dir, 'meta_Gift_Cards.json.gz') });
    const r = await loadAmazon2018(files, { mode: 'collect', weights: 'rating', catalogue: 'all' });
    expect(r.data.products.map((p) => [p.id, p.merchantId, p.title, p.category, p.tags, p.description])).toEqual([
      ['A1', 'Amazon', 'Gift Card <b>Red</b>', 'Restaurants', ['Gift Cards', 'Restaurants'], 'Line1\nLine2'],
      ['A2', 'asin:A2', 'A2', '', [], ''],
      ['A3', 'asin:A3', 'A3', '', [], ''],
    ]);
    expect(r.data.merchants).toEqual([
      { id: 'Amazon', name: 'Amazon' },
      { id: 'asin:A2', name: '' },
      { id: 'asin:A3', name: '' },
    ]);
    expect(r.data.events.map((e) => [e.userId, e.productId, e.type, e.weight, e.timestamp])).toEqual([
      ['__proto__', 'A1', 'rating', 5, 1500000000000],
      ['U2', 'A3', 'rating', 4, 1500000100000],
    ]);
    expect(r.rejected.products.map((x) => [x.line, x.issues[0]!.field])).toEqual([[4, '']]);
    expect(r.rejected.products[0]!.issues[0]!.reason).toMatch(/^invalid JSON/);
    expect(r.rejected.events.map((x) => [x.line, x.issues[0]!.field, x.issues[0]!.reason])).toEqual([
      [3, 'rating', 'expected a finite non-negative number'],
      [4, 'userId', 'expected a non-empty string id'],
    ]);
    expect(r.counts).toEqual([
      { entity: 'products', source: files.meta, rows: 4, loaded: 2, rejected: 1, duplicates: 1 },
      { entity: 'events', source: files.reviews, rows: 4, loaded: 2, rejected: 2, duplicates: 0 },
      { entity: 'products', source: `${files.reviews} (asins without metadata)`, rows: 1, loaded: 1, rejected: 0, duplicates: 0 },
    ]);
  });

  it('binary weights by default, through loadDataset', async () => {
    const r = await loadDataset(await amazonDir(), { mode: 'collect' });
    expect(r.format).toBe('amazon-2018');
    expect(r.data.events.map((e) => e.weight)).toEqual([1, 1]);
  });

  it("catalogue 'interacted' (the default) keeps exactly the reviewed products and their merchants, and says what it dropped", async () => {
    const r = await loadDataset(await amazonDir(), { mode: 'collect' });
    // A1 and A3 are reviewed; A2 (unbranded, never reviewed, its review rejected) is not.
    expect(r.data.products.map((p) => p.id)).toEqual(['A1', 'A3']);
    expect(r.data.merchants.map((m) => m.id)).toEqual(['Amazon', 'asin:A3']);
    expect(r.adapter!.catalogue).toEqual({ mode: 'interacted', products: 2, merchants: 2, productsDropped: 1, merchantsDropped: 1 });
    expect(r.adapter!.timestamps).toBe('recorded');
    const all = await loadDataset(await amazonDir(), { mode: 'collect', catalogue: 'all' });
    expect(all.adapter!.catalogue).toEqual({ mode: 'all', products: 3, merchants: 3, productsDropped: 0, merchantsDropped: 0 });
  });
});
