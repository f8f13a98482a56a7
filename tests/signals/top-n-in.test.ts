/**
 * `topNIn` (iALS, popularity): topN restricted to a fixed product subset from an index over that
 * subset. Pinned: ids, scores and tie order equal to `topN` with the membership filter, for every
 * user of fixtures/marketplace, on seeded random subsets and on the small tier, with and without
 * an `exclude`; the index follows a new subset and a refit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import { DataError } from '../../src/errors.js';
import { createRecommender, type Recommender } from '../../src/index.js';
import { TIER_SMALL } from '../../src/fairness/index.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import type { ProductSubset, ScoredItems, Signal } from '../../src/signals/signal.js';

const FIXTURE_DIR = new URL('../../fixtures/marketplace/', import.meta.url).pathname;

let data: MarketplaceData;
let rec: Recommender;

beforeAll(async () => {
  data = (await loadMarketplace(FIXTURE_DIR)).data;
  rec = createRecommender({
    signals: [
      { type: 'ials', weight: 1, factors: 8, iterations: 4 },
      { type: 'popularity', weight: 1 },
    ],
  }).fitRecords(data);
});

function subsetOf(ids: readonly number[], products: number): ProductSubset {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const member = new Uint8Array(products);
  for (const p of sorted) member[p] = 1;
  return { ids: Int32Array.from(sorted), member };
}

function randomSubset(rng: Rng, products: number, share: number): ProductSubset {
  const ids: number[] = [];
  for (let p = 0; p < products; p++) if (rng.next() < share) ids.push(p);
  return subsetOf(ids, products);
}

function plain(result: ScoredItems): { ids: number[]; scores: number[] } {
  return { ids: Array.from(result.ids), scores: Array.from(result.scores) };
}

/** topNIn against topN with the membership filter, for every user, with and without `exclude`. */
function expectSameAsFiltered(signal: Signal, subset: ProductSubset, n: number): void {
  const users = rec.dataset.users.ids();
  for (const [u, userId] of users.entries()) {
    const ctx = rec.userContext(userId);
    const exclude = (p: number): boolean => (p + u) % 3 === 0;
    const filtered = signal.topN(ctx, n, (p) => subset.member[p] === 0);
    expect(plain(signal.topNIn!(ctx, n, subset)), `${signal.type} ${userId}`).toEqual(plain(filtered));
    const both = signal.topN(ctx, n, (p) => subset.member[p] === 0 || exclude(p));
    expect(plain(signal.topNIn!(ctx, n, subset, exclude)), `${signal.type} ${userId} with exclude`).toEqual(plain(both));
  }
}

describe('topNIn equals topN with the subset as a filter', () => {
  it('iALS and popularity, on random subsets of 5%, 20% and 60% of the catalogue', () => {
    const P = rec.dataset.products.size;
    const rng = new Rng(11);
    for (const share of [0.05, 0.2, 0.6]) {
      const subset = randomSubset(rng, P, share);
      for (const signal of rec.signals) expectSameAsFiltered(signal, subset, 7);
    }
  });

  it('on the small tier, with n larger than the subset, and on the empty subset', () => {
    const ds = rec.dataset;
    const small: number[] = [];
    for (let p = 0; p < ds.products.size; p++) if (rec.tiers[ds.productMerchant[p]!] === TIER_SMALL) small.push(p);
    expect(small.length).toBeGreaterThan(20);
    const subset = subsetOf(small, ds.products.size);
    for (const signal of rec.signals) {
      expectSameAsFiltered(signal, subset, 10);
      expectSameAsFiltered(signal, subset, small.length + 5);
      expect(signal.topNIn!(rec.userContext(ds.users.ids()[0]!), 5, subsetOf([], ds.products.size)).ids.length).toBe(0);
    }
  });

  it('follows a new subset object and a refit (no stale index)', () => {
    const local = createRecommender({ signals: [{ type: 'ials', factors: 8, iterations: 4 }, { type: 'popularity' }] }).fitRecords(data);
    const P = local.dataset.products.size;
    const ctx = local.userContext(local.dataset.users.ids()[3]!);
    const a = subsetOf([1, 2, 3, 50, 60], P);
    const b = subsetOf([200, 201, 202, 300], P);
    for (const signal of local.signals) {
      expect(plain(signal.topNIn!(ctx, 3, a)).ids.every((p) => a.member[p] === 1)).toBe(true);
      expect(plain(signal.topNIn!(ctx, 3, b))).toEqual(plain(signal.topN(ctx, 3, (p) => b.member[p] === 0)));
    }
    // Refit on fewer events: the popularity masses and iALS factors change; topNIn follows.
    const before = local.signals.map((signal) => plain(signal.topNIn!(ctx, 3, b)));
    local.fitRecords({ ...data, events: data.events.slice(0, Math.floor(data.events.length / 2)) });
    const ctx2 = local.userContext(local.dataset.users.ids()[3]!);
    local.signals.forEach((signal, i) => {
      const after = plain(signal.topNIn!(ctx2, 3, b));
      expect(after).toEqual(plain(signal.topN(ctx2, 3, (p) => b.member[p] === 0)));
      expect(after.scores, signal.type).not.toEqual(before[i]!.scores);
    });
  });

  it('refuses subset ids that are out of order, repeated or negative; ignores ids past the products it knows (added after fit)', () => {
    const P = rec.dataset.products.size;
    const ctx = rec.userContext(rec.dataset.users.ids()[0]!);
    const bad: Array<[string, Int32Array]> = [
      ['descending', Int32Array.of(5, 3)],
      ['repeated', Int32Array.of(3, 3)],
      ['negative', Int32Array.of(-1, 2)],
    ];
    for (const signal of rec.signals) {
      for (const [what, ids] of bad) {
        const member = new Uint8Array(P);
        expect(() => signal.topNIn!(ctx, 3, { ids, member }), `${signal.type} ${what}`).toThrow(DataError);
      }
      const member = new Uint8Array(P + 2);
      member[1] = member[P] = member[P + 1] = 1;
      const top = signal.topNIn!(ctx, 3, { ids: Int32Array.of(1, P, P + 1), member });
      expect(Array.from(top.ids), signal.type).toEqual([1]);
    }
  });
});
