import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataRoot } from '../../src/io/data-root.js';
import { loadDataset } from '../../src/io/load-dataset.js';

// Read-only checks against the real datasets when the data root holds them (never copied here).
// Expected counts are the ones /work/shared/data/README.md states for these files.
const GIFT_CARDS = join(dataRoot(), 'data', 'amazon-2018-gift-cards');
const BOOKCROSSING = join(dataRoot(), 'data', 'bookcrossing-subset');

const distinct = (values: readonly string[]): number => new Set(values).size;

describe.skipIf(!existsSync(join(GIFT_CARDS, 'Gift_Cards_5.json.gz')))('Amazon 2018 gift cards (real data)', () => {
  it('2,972 reviews by 458 users of 148 items; the catalogue keeps exactly the reviewed items', async () => {
    const r = await loadDataset(GIFT_CARDS);
    expect(r.format).toBe('amazon-2018');
    expect(r.data.events).toHaveLength(2972);
    expect(distinct(r.data.events.map((e) => e.userId))).toBe(458);
    expect(r.data.products).toHaveLength(148);
    expect(new Set(r.data.products.map((p) => p.id))).toEqual(new Set(r.data.events.map((e) => e.productId)));
    // 1,547 metadata records, every reviewed item among them.
    expect(r.adapter!.catalogue).toMatchObject({ mode: 'interacted', products: 148, productsDropped: 1547 - 148 });
    expect(r.counts.map((c) => [c.entity, c.rows, c.rejected])).toEqual([
      ['products', 1547, 0],
      ['events', 2972, 0],
    ]);
    // 119 branded items with 75 distinct brands (none of them merged by 'basic'), 29 unbranded items.
    const branded = r.data.products.filter((p) => !p.merchantId.startsWith('asin:'));
    expect(branded).toHaveLength(119);
    expect(distinct(branded.map((p) => p.merchantId))).toBe(75);
    expect(r.data.merchants).toHaveLength(75 + 29);
    const amazon = new Set(r.data.products.filter((p) => p.merchantId === 'Amazon').map((p) => p.id));
    expect(r.data.events.filter((e) => amazon.has(e.productId))).toHaveLength(920);
  });

  it("catalogue 'all' keeps the 1,547 metadata records; 'basic' merges the scraped 'by' spellings", async () => {
    const r = await loadDataset(GIFT_CARDS, { catalogue: 'all' });
    expect(r.data.products).toHaveLength(1547);
    const names = r.adapter!.merchantNames!;
    const none = await loadDataset(GIFT_CARDS, { catalogue: 'all', merchantNormalisation: 'none' });
    // 527 records carry a brand (332 distinct strings); the rest are each their own merchant.
    expect(none.adapter!.merchantNames!.rawNames).toBe(332);
    expect(none.data.merchants).toHaveLength(332 + (1547 - 527));
    expect(names.groups.find((g) => g.merchant === 'Apple')!.spellings.map((s) => s.raw)).toEqual(['Apple', 'by\n    \n    Apple']);
    expect(r.data.merchants.length).toBe(none.data.merchants.length - (names.rawNames - names.merchants));
  });
});

describe.skipIf(!existsSync(join(BOOKCROSSING, 'BX-Ratings.csv')))('Book-Crossing subset (real data)', () => {
  it('18,185 books, 204,164 ratings by 48,299 users, every rating kept', async () => {
    const r = await loadDataset(BOOKCROSSING, { merchantNormalisation: 'none' });
    expect(r.format).toBe('bookcrossing');
    // 18,185 rows; two of them are one ISBN with an upper- and a lower-case check digit.
    expect(r.counts[0]).toMatchObject({ entity: 'products', rows: 18185, rejected: 0, duplicates: 1 });
    expect(r.data.products).toHaveLength(18184);
    expect(r.counts[1]).toMatchObject({ entity: 'events', rows: 204164, loaded: 204164, rejected: 0 });
    expect(r.data.events).toHaveLength(204164);
    expect(distinct(r.data.events.map((e) => e.userId))).toBe(48299);
    // 1,344 publishers with rated books, as raw strings.
    expect(r.data.merchants).toHaveLength(1344);
    // Every rated ISBN is in the books file: each event names a loaded product.
    const ids = new Set(r.data.products.map((p) => p.id));
    expect(r.data.events.every((e) => ids.has(e.productId))).toBe(true);
    expect(r.adapter!.timestamps).toBe('none');
  });

  it('8,051 users have at least 5 ratings; ratings as weights follow the published histogram', async () => {
    const r = await loadDataset(BOOKCROSSING, { minUserEvents: 5, weights: 'rating' });
    expect(distinct(r.data.events.map((e) => e.userId))).toBe(8051);
    expect(r.adapter!.users).toMatchObject({ usersDropped: 48299 - 8051 });
    const all = await loadDataset(BOOKCROSSING, { weights: 'rating' });
    const count = (w: number): number => all.data.events.filter((e) => e.weight === w).length;
    expect([count(8), count(10), count(7), count(9), count(5)]).toEqual([51206, 38125, 35437, 34822, 20080]);
  });
});
