/**
 * A recorded request at a time that cannot be meant (decades ahead of the data, or epoch seconds
 * against data in milliseconds) is refused before it reaches the exposure ledger: one such record
 * moved the ledger's clock to 2100 and every later record decayed to nothing (found by a probe of
 * a serving day). Without recording, any time in the Date range is served.
 */
import { describe, expect, it } from 'vitest';
import { createRecommender } from '../../src/engine/recommender.js';
import { DataError } from '../../src/errors.js';

const T0 = Date.UTC(2026, 5, 1);
const PRODUCTS = ['p1', 'p2', 'p3'].map((id, i) => ({ id, merchantId: `m${i}`, title: `item ${id}` }));
const EVENTS = [
  { userId: 'u1', productId: 'p1', type: 'click', timestamp: T0 - 3_600_000 },
  { userId: 'u2', productId: 'p2', type: 'click', timestamp: T0 },
];

function error(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('the time of a recorded request', () => {
  it('refuses to record 74 years after the data, and the ledger keeps working; serves it unrecorded', () => {
    const rec = createRecommender({ signals: [{ type: 'popularity' }] }).fit({ products: PRODUCTS, events: EVENTS });
    const year2100 = Date.UTC(2100, 0, 1);
    expect(error(() => rec.recommend('u1', { now: year2100, record: true })).message).toBe(
      "recommend: now 2100-01-01T00:00:00.000Z is more than 10 years after the data (2026-06-01T00:00:00.000Z); recording this slate would move the exposure ledger's clock there and every later record would decay to nothing. Check the clock, or pass record: false",
    );
    expect(rec.recommend('u1', { now: year2100, record: false }).items.length).toBeGreaterThan(0);
    rec.recommend('u1', { now: T0 + 60_000, record: true });
    expect(rec.ledger.snapshot(T0 + 60_000).totals.exposure).toBeGreaterThan(0.5);
    // Nine years ahead is a time a model may still serve at.
    expect(() => rec.recommend('u1', { now: Date.UTC(2035, 0, 1), record: true })).not.toThrow();
  });

  it('refuses to record at a time in epoch seconds against data in milliseconds; 0 and earlier data times go', () => {
    const rec = createRecommender({ signals: [{ type: 'popularity' }] }).fit({ products: PRODUCTS, events: EVENTS });
    expect(error(() => rec.recommend('u1', { now: T0 / 1000, record: true })).message).toBe(
      'recommend: now 1780272000 reads as 1970-01-21T14:31:12.000Z, long before the data (2026-06-01T00:00:00.000Z): it looks like epoch seconds; now is epoch milliseconds',
    );
    expect(() => rec.recommend('u1', { now: T0 / 1000, record: false })).not.toThrow();
    expect(() => rec.recommend('u1', { now: Date.UTC(1998, 0, 1), record: true })).not.toThrow();
  });

  it('a now outside the Date range is a DataError naming now, recorded or not', () => {
    const rec = createRecommender({ signals: [{ type: 'popularity' }] }).fit({ products: PRODUCTS, events: EVENTS });
    for (const record of [true, false]) {
      expect(error(() => rec.recommend('u1', { now: 1e300, record })).message).toBe('recommend: now must be a finite epoch ms within the Date range, got 1e+300');
    }
  });
});
