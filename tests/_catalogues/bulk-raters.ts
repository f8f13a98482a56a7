/**
 * A shop where a few heavy users rate hundreds of products in one day (the MovieLens 100K pattern
 * that made products "trend" on their own), built by hand: 200 products over 14 days before
 * `now`, 40 regular users each viewing 2 products a day spread evenly over the catalogue (about
 * 0.4 distinct users per product per day); on the last day 6 heavy users click 60 products each,
 * so products p0..p119 each get 3 of them; and `hot`, a genuine burst: 12 users in the last day
 * against 1 in the 13 days before. One merchant, no topics.
 */
import type { EventInput, ProductInput } from '../../src/index.js';

const HOUR = 3_600_000;

/** Records of the bulk-raters shop with every event before `now` (epoch ms). */
export function bulkRatersShop(now: number): { products: ProductInput[]; merchants: Array<{ id: string }>; events: EventInput[] } {
  const product = (id: string, title: string): ProductInput => ({ id, merchantId: 'm1', title, category: '', tags: [] });
  const event = (userId: string, productId: string, type: string, hours: number): EventInput => ({ userId, productId, type, timestamp: now + hours * HOUR });
  const products = Array.from({ length: 200 }, (_, i) => product(`p${i}`, `item ${i}`));
  products.push(product('hot', 'kite'));
  const events: EventInput[] = [];
  for (let day = 1; day <= 13; day++) {
    for (let u = 0; u < 40; u++) {
      for (const j of [0, 1]) events.push(event(`r${u}`, `p${(u * 5 + day * 17 + j * 101) % 200}`, 'view', -24 * day - 1 - j));
    }
  }
  // Heavy user h clicks p[(20h + k) mod 120], k < 60: the blocks overlap so every p0..p119 gets 3 of them.
  for (let h = 0; h < 6; h++) {
    for (let k = 0; k < 60; k++) events.push(event(`heavy${h}`, `p${(h * 20 + k) % 120}`, 'click', -1 - k / 10));
  }
  events.push(event('r0', 'hot', 'view', -24 * 9));
  for (let u = 0; u < 12; u++) events.push(event(`fan${u}`, 'hot', 'click', -2 - u));
  return { products, merchants: [{ id: 'm1' }], events };
}
