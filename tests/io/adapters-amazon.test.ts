import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
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
      [3, 'overall', 'expected a finite non-negative number (the rating)'],
      [4, 'reviewerID', 'expected a non-empty string id (the user id)'],
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

  describe("rejected rows name the file's keys, not the library's fields", () => {
    const reasons = (r: Awaited<ReturnType<typeof loadAmazon2018>>, entity: 'products' | 'events'): [number | undefined, string, string][] =>
      r.rejected[entity].map((x) => [x.line, x.issues[0]!.field, x.issues[0]!.reason]);

    it('metadata: asin, brand and category', async () => {
      const meta = [
        '{"title":"no asin","brand":"B"}',
        `{"asin":"A2","title":"long brand","brand":"${'x'.repeat(300)}"}`,
        '{"asin":"A3","title":"bad category","category":[1,2]}',
        '{"asin":"A4","title":"fine","brand":"B"}',
      ].join('\n');
      const dir = await tempDirWith({ 'M.json': '{"reviewerID":"U1","asin":"A4","overall":5,"unixReviewTime":1500000000}\n', 'meta_M.json': `${meta}\n` });
      const r = await loadAmazon2018(await findAmazonFiles(dir), { mode: 'collect' });
      expect(r.data.products.map((p) => p.id)).toEqual(['A4']);
      expect(reasons(r, 'products')).toEqual([
        [1, 'asin', 'required (the product id)'],
        [2, 'brand', 'id longer than 256 characters (the merchant)'],
      ]);
      // A category array without strings is an empty path: kept, no tags.
      expect(r.counts[0]).toMatchObject({ rows: 4, loaded: 2, rejected: 2 });
    });

    it('reviews: reviewerID, asin, overall and unixReviewTime; fail mode names them too', async () => {
      const reviews = [
        '{"asin":"A1","overall":4,"unixReviewTime":1500000000}',
        '{"reviewerID":"U2","overall":4,"unixReviewTime":1500000000}',
        '{"reviewerID":"U3","asin":"A1","overall":null,"unixReviewTime":1500000000}',
        '{"reviewerID":"U4","asin":"A1","overall":4}',
        '{"reviewerID":"U5","asin":"A1","overall":4,"unixReviewTime":-1}',
        '{"reviewerID":"U6","asin":"A1","overall":2000000,"unixReviewTime":1500000000}',
        '{"reviewerID":"U7","asin":"A1","overall":4,"unixReviewTime":1500000000}',
      ].join('\n');
      const dir = await tempDirWith({ 'M_5.json': `${reviews}\n` });
      const files = await findAmazonFiles(dir);
      const r = await loadAmazon2018(files, { mode: 'collect', weights: 'rating' });
      expect(r.data.events.map((e) => e.userId)).toEqual(['U7']);
      expect(reasons(r, 'events')).toEqual([
        [1, 'reviewerID', 'required (the user id)'],
        [2, 'asin', 'required (the product id)'],
        [3, 'overall', 'expected a finite non-negative number (the rating)'],
        [4, 'unixReviewTime', 'required (the event time)'],
        [5, 'unixReviewTime', 'expected a non-negative epoch time (the event time)'],
        [6, 'overall', 'weight above the maximum of 1000000 (the rating, as the event weight)'],
      ]);
      const failing = loadAmazon2018(files);
      await expect(failing).rejects.toThrow(ValidationError);
      await expect(loadAmazon2018(files)).rejects.toThrow(`${files.reviews}:1: field "reviewerID": required (the user id)`);
    });

    it('ratings CSV: the columns item and user', async () => {
      const dir = await tempDirWith({ 'M.csv': ',AUSER1,5,1400000000\nB1,,5,1400000000\nB1,AUSER3,5,1400000000\n' });
      const r = await loadAmazon2018({ reviews: join(dir, 'M.csv') }, { mode: 'collect' });
      expect(reasons(r, 'events')).toEqual([
        [1, 'item', 'expected a non-empty string id (the product id)'],
        [2, 'user', 'expected a non-empty string id (the user id)'],
      ]);
    });
  });
});
