import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, FormatError, ValidationError } from '../../src/errors.js';
import { loadAmazon2018 } from '../../src/io/adapters/amazon-2018.js';
import { detectFormat, findAmazonFiles, looksLikeAmazonRatingsCsv } from '../../src/io/detect-format.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { tempDirWith } from './tmp-dir.js';

const META = [
  { asin: 'B000000001', title: 'Better Homes', brand: 'Meredith' },
  { asin: 'B000000002', title: 'People', brand: 'Meredith Corporation' },
  { asin: 'B000000003', title: 'Vogue', brand: 'Condé Nast' },
  { asin: 'B000000004', title: 'Indie Zine', brand: '' },
  { asin: 'B000000005', title: 'Wired', brand: 'CONDE NAST' },
  { asin: 'B000000006', title: 'Esquire', brand: 'Hearst' }, // never rated
]
  .map((m) => JSON.stringify(m))
  .join('\n');

// item,user,rating,timestamp without header, as Magazine_Subscriptions.csv of the 2018 release.
const RATINGS = [
  'B000000001,AUSER00001,5.0,1400000000',
  'B000000002,AUSER00002,4.0,1400000100',
  'B000000003,AUSER00001,3.0,1400000200',
  'B000000005,AUSER00003,1.0,1400000300',
  'B000000004,AUSER00002,2.0,1400000400',
  'B000000009,AUSER00004,4.0,1400000500', // no metadata
  'B000000001,AUSER00003,5.0,1400000600',
].join('\n');

describe('Amazon 2018 ratings-only CSV', () => {
  it('reads item,user,rating,timestamp with metadata: brands normalised, unrated products dropped, the mapping reported', async () => {
    const dir = await tempDirWith({ 'Magazine_Subscriptions.csv': `${RATINGS}\n`, 'meta_Magazine_Subscriptions.json.gz': gzipSync(META) });
    expect(await detectFormat(dir)).toBe('amazon-2018');
    const files = await findAmazonFiles(dir);
    expect(files).toEqual({ reviews: join(dir, 'Magazine_Subscriptions.csv'), meta: join(dir, 'meta_Magazine_Subscriptions.json.gz') });
    const r = await loadAmazon2018(files, { weights: 'rating' });
    expect(r.data.events.map((e) => [e.userId, e.productId, e.weight, e.timestamp, e.type])).toEqual([
      ['AUSER00001', 'B000000001', 5, 1400000000000, 'rating'],
      ['AUSER00002', 'B000000002', 4, 1400000100000, 'rating'],
      ['AUSER00001', 'B000000003', 3, 1400000200000, 'rating'],
      ['AUSER00003', 'B000000005', 1, 1400000300000, 'rating'],
      ['AUSER00002', 'B000000004', 2, 1400000400000, 'rating'],
      ['AUSER00004', 'B000000009', 4, 1400000500000, 'rating'],
      ['AUSER00003', 'B000000001', 5, 1400000600000, 'rating'],
    ]);
    expect(r.data.products.map((p) => [p.id, p.merchantId])).toEqual([
      ['B000000001', 'Meredith'], // "Meredith" and "Meredith Corporation" tie at one product: the first read wins
      ['B000000002', 'Meredith'],
      ['B000000003', 'Condé Nast'],
      ['B000000004', 'asin:B000000004'],
      ['B000000005', 'Condé Nast'],
      ['B000000009', 'asin:B000000009'],
    ]);
    expect(r.data.merchants).toEqual([
      { id: 'Meredith', name: 'Meredith' },
      { id: 'Condé Nast', name: 'Condé Nast' },
      { id: 'asin:B000000004', name: '' },
      { id: 'asin:B000000009', name: '' },
    ]);
    expect(r.adapter).toEqual({
      catalogue: { mode: 'interacted', products: 6, merchants: 4, productsDropped: 1, merchantsDropped: 1 },
      merchantNames: {
        normalisation: 'basic',
        rawNames: 5,
        merchants: 3,
        unnamedProducts: 2,
        groups: [
          { merchant: 'Meredith', spellings: [{ raw: 'Meredith', products: 1 }, { raw: 'Meredith Corporation', products: 1 }] },
          { merchant: 'Condé Nast', spellings: [{ raw: 'Condé Nast', products: 1 }, { raw: 'CONDE NAST', products: 1 }] },
          { merchant: 'Hearst', spellings: [{ raw: 'Hearst', products: 1 }] },
        ],
      },
      timestamps: 'recorded',
    });
    expect(r.counts.map((c) => [c.entity, c.rows, c.loaded])).toEqual([
      ['products', 6, 6],
      ['events', 7, 7],
      ['products', 1, 1],
    ]);
  });

  it('reads a gzipped ratings CSV without metadata: every product is its own merchant', async () => {
    const dir = await tempDirWith({ 'Magazine_Subscriptions.csv.gz': gzipSync(`${RATINGS}\n`) });
    expect(await detectFormat(dir)).toBe('amazon-2018');
    const r = await loadDataset(dir);
    expect(r.data.products.map((p) => [p.id, p.merchantId, p.title])).toEqual([
      ['B000000001', 'asin:B000000001', 'B000000001'],
      ['B000000002', 'asin:B000000002', 'B000000002'],
      ['B000000003', 'asin:B000000003', 'B000000003'],
      ['B000000005', 'asin:B000000005', 'B000000005'],
      ['B000000004', 'asin:B000000004', 'B000000004'],
      ['B000000009', 'asin:B000000009', 'B000000009'],
    ]);
    expect(r.data.events.map((e) => e.weight)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(r.counts.map((c) => c.source)).toEqual([join(dir, 'Magazine_Subscriptions.csv.gz'), `${join(dir, 'Magazine_Subscriptions.csv.gz')} (asins without metadata)`]);
  });

  it('minUserEvents drops sparse users before the catalogue is restricted', async () => {
    const dir = await tempDirWith({ 'M.csv': RATINGS, 'meta_M.json': META });
    const r = await loadDataset(dir, { minUserEvents: 2 });
    expect(r.adapter!.users).toEqual({ minUserEvents: 2, usersDropped: 1, eventsDropped: 1 });
    expect(r.data.events.some((e) => e.userId === 'AUSER00004')).toBe(false);
    // B000000009 was rated only by the dropped user: it leaves the catalogue with its merchant.
    expect(r.data.products.map((p) => p.id)).toEqual(['B000000001', 'B000000002', 'B000000003', 'B000000004', 'B000000005']);
    expect(r.adapter!.catalogue).toMatchObject({ products: 5, productsDropped: 2, merchants: 3, merchantsDropped: 2 });
  });

  it('rejects bad lines naming file, line, field and reason; collect mode keeps the good ones', async () => {
    const bad = [
      'B000000001,AUSER00001,5.0,1400000000',
      'B000000001,AUSER00002,five,1400000000',
      'B000000001,AUSER00003,5.0',
      '',
      'B000000001,,4.0,1400000000',
      'B000000001,AUSER00004,4.0,-5',
    ].join('\n');
    const dir = await tempDirWith({ 'M.csv': bad });
    const path = join(dir, 'M.csv');
    const r = await loadAmazon2018({ reviews: path }, { mode: 'collect' });
    expect(r.data.events).toHaveLength(1);
    expect(r.rejected.events.map((x) => [x.issues[0]!.source, x.line, x.issues[0]!.field, x.issues[0]!.reason])).toEqual([
      [path, 2, 'rating', 'expected a finite non-negative number'],
      [path, 3, '', 'expected 4 comma-separated fields (item,user,rating,timestamp), got 3'],
      [path, 5, 'user', 'expected a non-empty string id (the user id)'],
      [path, 6, 'timestamp', 'expected a non-negative epoch time'],
    ]);
    expect(r.counts[0]).toMatchObject({ entity: 'events', rows: 5, loaded: 1, rejected: 4 });
    const failing = loadAmazon2018({ reviews: path });
    await expect(failing).rejects.toThrow(ValidationError);
    await expect(loadAmazon2018({ reviews: path })).rejects.toThrow(`${path}:2: field "rating" (got "five"): expected a finite non-negative number`);
  });

  it('format detection recognises the ratings CSV and does not mistake other CSVs for it', async () => {
    const yes = await tempDirWith({ 'a.csv': RATINGS });
    expect(await looksLikeAmazonRatingsCsv(join(yes, 'a.csv'))).toBe(true);
    const others: Record<string, string> = {
      'movielens-header.csv': 'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n',
      'movielens-no-header.csv': '1,31,2.5,1260759144\n1,1029,3.0,1260759179\n',
      'bookcrossing.csv': 'User-ID,ISBN,Book-Rating\n276744,038550120X,7\n',
      'isbn-ids-no-header.csv': '276744,038550120X,7,1400000000\n',
      'events.csv': 'userId,productId,type,timestamp\nu1,p1,view,2024-01-01T00:00:00Z\n',
      'header-then-rows.csv': `item,user,rating,timestamp\n${RATINGS}\n`,
      'one-good-then-bad.csv': 'B000000001,AUSER00001,5.0,1400000000\nB000000001,AUSER00001,5.0,2024-01-01\n',
      'five-fields.csv': 'B000000001,AUSER00001,5.0,1400000000,x\n',
      'stars-above-5.csv': 'B000000001,AUSER00001,7,1400000000\n',
      'empty.csv': '\n\n',
      'not-gzip.csv.gz': 'B000000001,AUSER00001,5.0,1400000000\n',
    };
    const dir = await tempDirWith(others);
    for (const name of Object.keys(others)) expect([name, await looksLikeAmazonRatingsCsv(join(dir, name))]).toEqual([name, false]);
    await expect(detectFormat(dir)).rejects.toThrow(FormatError);
  });

  it('picks the 5-core reviews when several ratings files are present, or the one named by reviewsFile', async () => {
    const review = '{"reviewerID":"AUSER00009","asin":"B000000003","overall":2,"unixReviewTime":1500000000}';
    const dir = await tempDirWith({ 'M.csv': RATINGS, 'M_5.json': review, 'meta_M.json': META });
    expect((await findAmazonFiles(dir)).reviews).toBe(join(dir, 'M_5.json'));
    const r = await loadDataset(dir, { reviewsFile: 'M.csv' });
    expect(r.data.events).toHaveLength(7);
    await expect(loadDataset(dir, { reviewsFile: 'nope.csv' })).rejects.toThrow('reviewsFile "nope.csv" is not in the directory (candidates: [M_5.json, M.csv])');
    const ambiguous = await tempDirWith({ 'M.csv': RATINGS, 'M.json': review });
    await expect(findAmazonFiles(ambiguous)).rejects.toThrow('ratings: [M.json, M.csv]; name the one to use with reviewsFile');
  });

  it('refuses, before reading, caller tiers that normalisation would merge, naming both names and tiers', async () => {
    const dir = await tempDirWith({ 'M.csv': RATINGS, 'meta_M.json': META });
    const load = loadDataset(dir, { merchantTiers: [['Meredith', 'head'], ['Meredith Corporation', 'small']] });
    await expect(load).rejects.toThrow(ConfigError);
    await expect(loadDataset(dir, { merchantTiers: [['Meredith', 'head'], ['Meredith Corporation', 'small']] })).rejects.toThrow(
      `makes "Meredith" (tier head) and "Meredith Corporation" (tier small) one merchant`,
    );
    // Under 'none' they stay two merchants, each with its tier.
    const r = await loadDataset(dir, { merchantNormalisation: 'none', merchantTiers: [['Meredith', 'head'], ['Meredith Corporation', 'small']] });
    expect(r.data.merchants.slice(0, 2)).toEqual([
      { id: 'Meredith', name: 'Meredith', tier: 'head' },
      { id: 'Meredith Corporation', name: 'Meredith Corporation', tier: 'small' },
    ]);
  });

  it('refuses bad catalogue and minUserEvents options by name', async () => {
    const dir = await tempDirWith({ 'M.csv': RATINGS });
    await expect(loadDataset(dir, { catalogue: 'some' as 'all' })).rejects.toThrow("catalogue: expected 'interacted' or 'all', got \"some\"");
    await expect(loadDataset(dir, { minUserEvents: 0 })).rejects.toThrow('minUserEvents: expected a positive integer, got 0');
    await expect(loadDataset(dir, { minUserEvents: 2.5 })).rejects.toThrow(ConfigError);
  });
});
