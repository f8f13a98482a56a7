/**
 * The marketplace folder's files as data teams hand them over: an empty or header-only products
 * file, a products.csv that is a directory, a Latin-1 export (found by a probe of messy input).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, ValidationError } from '../../src/errors.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import { tempDirWith } from './tmp-dir.js';

const EVENTS = 'userId,productId,type,timestamp\nu1,p1,click,2026-06-01T08:30:00Z\n';

describe('marketplace files', () => {
  for (const [what, products] of [
    ['empty (0 bytes)', ''],
    ['header only', 'id,merchantId,title\n'],
  ] as const) {
    it(`a products file that is ${what} is an error naming it, not one unknown-product row per event`, async () => {
      const dir = await tempDirWith({ 'products.csv': products, 'events.csv': EVENTS });
      for (const mode of ['fail', 'collect'] as const) {
        const error = (await loadMarketplace(dir, { mode }).catch((e: unknown) => e)) as DataError;
        expect(error).toBeInstanceOf(DataError);
        expect(error.message).toBe(`${join(dir, 'products.csv')}: no products (the file has no data rows); events must name the products of this file`);
      }
    });
  }

  it('a products.csv that is a directory is named as such', async () => {
    const dir = await tempDirWith({ 'events.csv': EVENTS });
    await mkdir(join(dir, 'products.csv'));
    const error = (await loadMarketplace(dir).catch((e: unknown) => e)) as DataError;
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(`${join(dir, 'products.csv')}: is a directory or other non-file (expected the products file)`);
  });

  it('a Latin-1 export is a bad row pointing to iconv and to encoding: latin1, which loads it', async () => {
    const latin1 = Buffer.from('id,merchantId,title\np1,m1,Café crème sac à dos\n', 'latin1');
    const dir = await tempDirWith({ 'products.csv': latin1, 'events.csv': EVENTS });
    const error = (await loadMarketplace(dir).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ line: 2, field: 'title' });
    expect(error.issues[0]!.reason).toBe(
      "invalid UTF-8 (byte 0xe9 at byte offset 29 of the file): the file must be UTF-8: re-encode it (iconv -f latin1 -t utf-8); from code, loadMarketplace and the CSV loaders read Latin-1 with encoding: 'latin1'",
    );
    const loaded = await loadMarketplace(dir, { encoding: 'latin1' });
    expect(loaded.data.products.map((p) => p.title)).toEqual(['Café crème sac à dos']);
  });
});
