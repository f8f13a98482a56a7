import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetLoadOptions } from '../../src/cli/eval-input.js';
import { parseEvalConfig } from '../../src/evaluation/config/parse.js';
import { gfp } from '../cli/_gfp.js';
import { tempDirWith } from './tmp-dir.js';

const BOOKS = ['ISBN,Book-Title,Book-Author,Year-Of-Publication,Book-Publisher']
  .concat(Array.from({ length: 6 }, (_, i) => `000000000${i},Book ${i},Author ${i},2000,${i % 2 === 0 ? 'Bantam Books Inc.' : 'BANTAM BOOKS'}`))
  .concat(['0000000009,Never rated,Nobody,2000,Tor'])
  .join('\n');
const RATINGS = ['User-ID,ISBN,Book-Rating']
  .concat(Array.from({ length: 24 }, (_, k) => `u${k % 4},000000000${(k * 5 + Math.floor(k / 4)) % 6},${(k % 10) + 1}`))
  .concat(['u9,0000000009,4']) // the only rating of u9 and of the Tor book
  .join('\n');

describe('adapter options through the CLI', () => {
  it('gfp inspect reports the catalogue, the merged merchant names and the missing times, and takes the options as flags', async () => {
    const dir = await tempDirWith({ 'BX-Books.csv': BOOKS, 'BX-Ratings.csv': RATINGS });
    const text = await gfp('inspect', dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('(format: bookcrossing)');
    expect(text.out).toContain('  catalogue: interacted (7 products, 0 dropped; 2 merchants, 0 dropped): only products with at least one loaded event');
    expect(text.out).toContain('  merchant names: basic, 3 raw names -> 2 merchants (1 merged)');
    expect(text.out).toContain('    Bantam Books Inc. <- "Bantam Books Inc." (3), "BANTAM BOOKS" (3)');
    expect(text.out).toContain('  event times: none in the data; every event is at 1970-01-01T00:00:00.000Z');
    expect(text.out).toMatch(/^ {2}time range +-$/m);
    const json = JSON.parse((await gfp('inspect', dir, '--json', '--merchant-normalisation', 'none', '--min-user-events', '6')).out);
    expect(json.counts).toMatchObject({ users: 4, products: 6, merchants: 2, events: 24 });
    expect(json.adapter.users).toEqual({ minUserEvents: 6, usersDropped: 1, eventsDropped: 1 });
    expect(json.adapter.catalogue).toEqual({ mode: 'interacted', products: 6, merchants: 2, productsDropped: 1, merchantsDropped: 1 });
    expect(json.adapter.merchantNames.normalisation).toBe('none');
    expect(json.adapter.merchantNames.merchants).toBe(3);
    const all = JSON.parse((await gfp('inspect', dir, '--json', '--catalogue', 'all', '--min-user-events', '6')).out);
    expect(all.adapter.catalogue).toEqual({ mode: 'all', products: 7, merchants: 2, productsDropped: 0, merchantsDropped: 0 });
    const bad = await gfp('inspect', dir, '--min-user-events', '0');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('min-user-events');
  });

  it('gfp eval refuses a temporal or leave-last-n split on data without times, naming the config and the way out', async () => {
    const dir = await tempDirWith({ 'BX-Books.csv': BOOKS, 'BX-Ratings.csv': RATINGS });
    for (const split of [{ strategy: 'temporal', quantile: 0.8 }, { strategy: 'leave-last-n', n: 1 }]) {
      const config = join(dir, `${split.strategy}.json`);
      await writeFile(config, JSON.stringify({ dataset: { path: '.', format: 'bookcrossing' }, split, models: [{ name: 'pop', signals: [{ type: 'popularity' }] }] }));
      const r = await gfp('eval', config, '--quiet');
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(`${config}: split.strategy "${split.strategy}" needs event times, and bookcrossing data has none`);
      expect(r.err).toContain('use "random-holdout" or a "files" split');
    }
    const ok = join(dir, 'random.json');
    await writeFile(
      ok,
      JSON.stringify({
        dataset: { path: '.', minUserEvents: 6, merchantTiers: [{ merchant: 'bantam books', tier: 'small' }] },
        split: { strategy: 'random-holdout', fraction: 0.2 },
        models: [{ name: 'pop', signals: [{ type: 'popularity' }] }],
      }),
    );
    const r = await gfp('eval', ok, '--quiet');
    // The options reach the loader (the config parses; inspect above shows what they do). Each
    // user's held-out rating is of a book they also rated in training, so nobody has a relevant
    // test item: that is refused (exit 2), not reported as zeros.
    expect(r.out).toBe('');
    expect(r.err).toContain('gfp: evaluate: nothing to evaluate: no test user has a relevant item (4 test events of 4 users after the split)');
    expect(r.code).toBe(2);
  });

  it('a config dataset block becomes the loader options (tiers as pairs, absent keys left to the loaders)', () => {
    const config = parseEvalConfig(
      {
        dataset: {
          path: 'x',
          format: 'amazon-2018',
          catalogue: 'all',
          minUserEvents: 5,
          merchantNormalisation: 'none',
          merchantTiers: [{ merchant: 'Meredith', tier: 'head' }],
          reviewsFile: 'M.csv',
        },
        split: { strategy: 'random-holdout' },
        models: [{ name: 'm' }],
      },
      'cfg.json',
    );
    expect(datasetLoadOptions(config.dataset)).toEqual({
      format: 'amazon-2018',
      mode: 'fail',
      unknownProducts: 'error',
      catalogue: 'all',
      minUserEvents: 5,
      merchantNormalisation: 'none',
      merchantTiers: [['Meredith', 'head']],
      reviewsFile: 'M.csv',
    });
    expect(() => parseEvalConfig({ dataset: { path: 'x', catalogue: 'some' }, split: { strategy: 'random-holdout' }, models: [{ name: 'm' }] }, 'cfg.json')).toThrow('dataset.catalogue');
  });
});
