import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { loadMovieLens100k } from '../../src/io/adapters/movielens-100k.js';
import { loadMovieLens1m } from '../../src/io/adapters/movielens-1m.js';
import { loadMovieLensLatestSmall } from '../../src/io/adapters/movielens-latest-small.js';
import { detectFormat } from '../../src/io/detect-format.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import { tempDirWith } from './tmp-dir.js';

const flags = (on: readonly number[]): string =>
  Array.from({ length: 19 }, (_, i) => (on.includes(i) ? '1' : '0')).join('|');

// Latin-1 bytes (é = 0xE9), as the real u.item.
const U_ITEM = Buffer.from(
  `1|Toy Story (1995)|01-Jan-1995||http://x|${flags([3, 4, 5])}\n` +
    `2|Misérables, Les (1995)|01-Jan-1995||http://y|${flags([8, 14])}\n`,
  'latin1',
);
const U_DATA = [
  '196\t1\t3\t881250949', // 1
  '186\t2\t5\t891717742', // 2
  '22\t2\t1', // 3: three fields
  '22\t9\t4\t878887116', // 4: movie 9 not in u.item
  '244\t1\tx\t880606923', // 5: bad rating
].join('\n');

describe('MovieLens 100K adapter', () => {
  it('reads latin-1 titles, genre flags and ratings; rejects bad lines with their line numbers', async () => {
    const dir = await tempDirWith({ 'u.item': U_ITEM, 'u.data': `${U_DATA}\n` });
    const r = await loadMovieLens100k(dir, { mode: 'collect' });
    expect(r.format).toBe('ml-100k');
    expect(r.data.products.map((p) => [p.id, p.title, p.category, p.tags, p.merchantId])).toEqual([
      ['1', 'Toy Story (1995)', 'Animation', ['Animation', "Children's", 'Comedy'], 'movielens'],
      ['2', 'Misérables, Les (1995)', 'Drama', ['Drama', 'Romance'], 'movielens'],
    ]);
    expect(r.data.merchants).toEqual([{ id: 'movielens', name: 'MovieLens' }]);
    expect(r.data.events.map((e) => [e.userId, e.productId, e.type, e.timestamp, e.weight])).toEqual([
      ['196', '1', 'rating', 881250949000, 1],
      ['186', '2', 'rating', 891717742000, 1],
    ]);
    expect(r.rejected.events.map((x) => [x.line, x.issues[0]!.field, x.issues[0]!.reason])).toEqual([
      [3, '', 'expected 4 fields, got 3'],
      [4, 'productId', `movie id not in ${dir}/u.item`],
      [5, 'rating', 'expected a finite non-negative number'],
    ]);
    expect(r.counts[1]).toMatchObject({ entity: 'events', rows: 5, loaded: 2, rejected: 3 });
  });

  it('uses ratings as weights and genres as merchants when asked', async () => {
    const dir = await tempDirWith({ 'u.item': U_ITEM, 'u.data': U_DATA.split('\n').slice(0, 2).join('\n') });
    const r = await loadMovieLens100k(dir, { weights: 'rating', merchant: 'genre' });
    expect(r.data.events.map((e) => e.weight)).toEqual([3, 5]);
    expect(r.data.products.map((p) => p.merchantId)).toEqual(['Animation', 'Drama']);
    expect(r.data.merchants).toEqual([
      { id: 'Animation', name: 'Animation' },
      { id: 'Drama', name: 'Drama' },
    ]);
  });

  it('fails at the first bad line by default', async () => {
    const dir = await tempDirWith({ 'u.item': U_ITEM, 'u.data': U_DATA });
    const error = (await loadMovieLens100k(dir).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ source: `${dir}/u.data`, line: 3, reason: 'expected 4 fields, got 3' });
  });
});

describe('MovieLens latest-small adapter', () => {
  it('reads quoted titles, genre lists and half-star ratings', async () => {
    const dir = await tempDirWith({
      'movies.csv':
        'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n11,"American President, The (1995)",Comedy|Drama|Romance\n99,Unknown film,(no genres listed)\n',
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,11,0.5,964981247\n2,99,5.0,964982224\n',
    });
    const r = await loadMovieLensLatestSmall(dir, { weights: 'rating', merchant: 'genre' });
    expect(r.data.products.map((p) => [p.id, p.title, p.category, p.tags, p.merchantId])).toEqual([
      ['1', 'Toy Story (1995)', 'Adventure', ['Adventure', 'Animation'], 'Adventure'],
      ['11', 'American President, The (1995)', 'Comedy', ['Comedy', 'Drama', 'Romance'], 'Comedy'],
      ['99', 'Unknown film', '', [], 'unknown'],
    ]);
    expect(r.data.events.map((e) => [e.userId, e.productId, e.weight, e.timestamp])).toEqual([
      ['1', '1', 4, 964982703000],
      ['1', '11', 0.5, 964981247000],
      ['2', '99', 5, 964982224000],
    ]);
    expect(await detectFormat(dir)).toBe('ml-latest-small');
  });
});

describe('MovieLens 1M adapter', () => {
  it('reads ::-separated latin-1 files', async () => {
    const dir = await tempDirWith({
      'movies.dat': Buffer.from("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Café (1999)::Drama\n", 'latin1'),
      'ratings.dat': '1::1::5::978300760\n1::2::3::978302109\n2::1::4\n',
    });
    const r = await loadMovieLens1m(dir, { mode: 'collect', weights: 'rating' });
    expect(r.data.products.map((p) => [p.id, p.title, p.category])).toEqual([
      ['1', 'Toy Story (1995)', 'Animation'],
      ['2', 'Café (1999)', 'Drama'],
    ]);
    expect(r.data.events.map((e) => [e.userId, e.productId, e.weight, e.timestamp])).toEqual([
      ['1', '1', 5, 978300760000],
      ['1', '2', 3, 978302109000],
    ]);
    expect(r.rejected.events.map((x) => [x.line, x.issues[0]!.reason])).toEqual([[3, 'expected 4 fields, got 3']]);
    expect(await detectFormat(dir)).toBe('ml-1m');
    const viaDataset = await loadDataset(dir, { mode: 'collect' });
    expect(viaDataset.format).toBe('ml-1m');
    expect(viaDataset.data.events.map((e) => e.weight)).toEqual([1, 1]);
  });
});
