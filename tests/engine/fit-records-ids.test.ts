/**
 * fitRecords takes records said to be validated; it fitted ids that its own model file then
 * refused (an empty merchant id, a 257-character one, " shop-x " beside "shop-x"), found by a
 * probe. It now checks every id, naming the record; the rest of a catalogue record is checked on
 * saving, so no model file is written that its reader would refuse.
 */
import { describe, expect, it } from 'vitest';
import { loadRecommender, recommenderToBinary, recommenderToJSON } from '../../src/engine/model-file.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { DataError } from '../../src/errors.js';
import type { Event, Product } from '../../src/schema/entities.js';
import { validateMarketplace, type MarketplaceData } from '../../src/schema/marketplace-data.js';

const { data } = validateMarketplace({
  products: Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, merchantId: `m${i % 2}`, title: `thing ${i}` })),
  events: Array.from({ length: 12 }, (_, i) => ({ userId: `u${i % 3}`, productId: `p${i % 6}`, type: 'view', timestamp: i * 60_000 })),
});
const rec = () => createRecommender({ signals: [{ type: 'popularity' }] });
const withProduct = (k: number, change: Partial<Product>) => ({ ...data, products: data.products.map((p, i) => (i === k ? { ...p, ...change } : p)) });

describe('fitRecords checks the ids of records it is told are validated', () => {
  it('fits validated records, and its model file loads', () => {
    expect(loadRecommender(recommenderToJSON(rec().fitRecords(data))).dataset.products.size).toBe(6);
  });

  it('refuses ids validation would not leave, naming the record and field', () => {
    expect(() => rec().fitRecords(withProduct(4, { merchantId: '' }))).toThrow(
      new DataError('fitRecords: products[4].merchantId: expected a non-empty id of at most 256 characters, got 0; validate the records first (validateMarketplace, or fit(), which does)'),
    );
    expect(() => rec().fitRecords(withProduct(1, { merchantId: 'm'.repeat(257) }))).toThrow(/products\[1\]\.merchantId: expected a non-empty id of at most 256 characters, got 257/);
    expect(() => rec().fitRecords(withProduct(2, { id: ' p2 ' }))).toThrow(/products\[2\]\.id: id " p2 " has surrounding white space/);
    const events = data.events.map((e, i): Event => (i === 7 ? { ...e, userId: 7 as unknown as string } : e));
    expect(() => rec().fitRecords({ ...data, events })).toThrow(/events\[7\]\.userId: expected a string id, got number/);
  });

  it('refuses to write a model file of catalogue records their schema refuses (the reader would), and topic ids at fit', () => {
    // The schemas are checked on saving, not on every fit (4.5 µs a product): the file is never written.
    const unsaved = (records: MarketplaceData) => () => recommenderToJSON(rec().fitRecords(records));
    expect(unsaved(withProduct(2, { title: '' }))).toThrow(new DataError('model file: products[2].title: expected a non-empty title; validate the records first (validateMarketplace, or fit(), which does)'));
    expect(unsaved(withProduct(3, { price: -1 }))).toThrow(/model file: products\[3\]\.price/);
    expect(() => recommenderToBinary(rec().fitRecords(withProduct(2, { title: '' })))).toThrow(/model file: products\[2\]\.title/);
    const topic = { id: 't1', text: 'thing', tags: [], productIds: ['p1', ''], heat: [] };
    expect(() => rec().fitRecords({ ...data, topics: [topic] })).toThrow(/fitRecords: topics\[0\]\.productIds\[1\]: expected a non-empty id/);
    expect(() => rec().fitRecords({ ...data, topics: [{ ...topic, id: '' }] })).toThrow(/fitRecords: topics\[0\]\.id/);
  });
});
