/**
 * The data fingerprint of a report is a multiset hash: the same records in another row order (a
 * database export without ORDER BY; the splits do not depend on the order) give the same
 * fingerprint, so the gate does not refuse them as different data; a changed, dropped or
 * repeated record changes it.
 */
import { describe, expect, it } from 'vitest';
import { _fingerprint } from '../../src/evaluation/runner/fingerprint.js';
import type { Event, Product } from '../../src/schema/entities.js';

const products: Product[] = ['a', 'b', 'c'].map((id) => ({ id, merchantId: 'm1', title: id, description: '', tags: [], category: '', inStock: true }));
const events: Event[] = Array.from({ length: 40 }, (_, i) => ({ userId: `u${i % 7}`, productId: ['a', 'b', 'c'][i % 3]!, type: 'click', timestamp: 1_000 * i, weight: 1 }));

describe('data fingerprint', () => {
  it('does not depend on the order of the records', () => {
    const f = _fingerprint(products, events, events.slice(0, 5));
    expect(f).toMatch(/^set64:[0-9a-f]{16}:[0-9a-f]{16}:[0-9a-f]{16}$/);
    expect(_fingerprint([...products].reverse(), [...events].reverse(), events.slice(0, 5).reverse())).toBe(f);
  });

  it('changes with a changed, dropped or repeated record, in the part it belongs to', () => {
    const f = _fingerprint(products, events, []).split(':');
    const changed = events.map((e, i) => (i === 17 ? { ...e, weight: 2 } : e));
    const parts = (train: Event[]) => _fingerprint(products, train, []).split(':');
    for (const train of [changed, events.slice(1), [...events, events[3]!]]) {
      const g = parts(train);
      expect(g[1]).toBe(f[1]);
      expect(g[2]).not.toBe(f[2]);
      expect(g[3]).toBe(f[3]);
    }
    expect(_fingerprint(products.slice(1), events, []).split(':')[1]).not.toBe(f[1]);
  });
});
