import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/dataset/index.js';
import { ConfigError } from '../../src/errors.js';
import { deriveTiers, merchantMass, tierCode, tierName, tiersFromDataset } from '../../src/fairness/index.js';
import { validateMarketplace } from '../../src/schema/index.js';

describe('deriveTiers', () => {
  it('top 50% of the mass head, last 20% small, rest mid', () => {
    // sorted: 50 (before 0 < 50: head), 30 (before 50: not head; tail 50 > 20: mid),
    // 10 (tail 20 <= 20: small), 6, 4 small
    expect(Array.from(deriveTiers([50, 30, 10, 6, 4]))).toEqual([0, 1, 2, 2, 2]);
    // input order does not matter
    expect(Array.from(deriveTiers([4, 10, 50, 6, 30]))).toEqual([2, 2, 0, 2, 1]);
  });

  it('the merchant crossing the head threshold is head; thresholds configurable', () => {
    // 40 (before 0), 30 (before 40 < 50) head; 20 (tail 30 > 20) mid; 10 (tail 10) small
    expect(Array.from(deriveTiers([40, 30, 20, 10]))).toEqual([0, 0, 1, 2]);
    expect(Array.from(deriveTiers([40, 30, 20, 10], { headShare: 0.3, smallShare: 0.3 }))).toEqual([0, 1, 2, 2]);
  });

  it('zero, negative and NaN mass are small; ties broken by index', () => {
    expect(Array.from(deriveTiers([0, 10, -3, Number.NaN, 10]))).toEqual([2, 0, 2, 2, 1]);
    expect(Array.from(deriveTiers([0, 0]))).toEqual([2, 2]);
    expect(Array.from(deriveTiers([]))).toEqual([]);
  });

  it('rejects thresholds that overlap', () => {
    expect(() => deriveTiers([1], { headShare: 0.7, smallShare: 0.5 })).toThrow(ConfigError);
  });

  it('codes and names round-trip', () => {
    for (const t of ['head', 'mid', 'small'] as const) expect(tierName(tierCode(t))).toBe(t);
    expect(tierCode('small')).toBe(2);
  });
});

describe('tiersFromDataset', () => {
  const { data } = validateMarketplace({
    products: [
      { id: 'p1', merchantId: 'big', title: 'one', price: 1 },
      { id: 'p2', merchantId: 'big', title: 'two', price: 1 },
      { id: 'p3', merchantId: 'mid', title: 'three', price: 1 },
      { id: 'p4', merchantId: 'tiny', title: 'four', price: 1 },
      { id: 'p5', merchantId: 'quiet', title: 'five', price: 1 },
    ],
    merchants: [{ id: 'big' }, { id: 'mid' }, { id: 'tiny' }, { id: 'quiet' }, { id: '__proto__', tier: 'head' }],
    events: [
      { userId: 'u1', productId: 'p1', type: 'view', timestamp: 1000, weight: 6 },
      { userId: 'u2', productId: 'p2', type: 'view', timestamp: 1000, weight: 4 },
      { userId: 'u1', productId: 'p3', type: 'view', timestamp: 1000, weight: 7 },
      { userId: 'u3', productId: 'p4', type: 'view', timestamp: 1000, weight: 3 },
    ],
  });
  const dataset = buildDataset(data, { now: 1000 });

  it('interaction mass per merchant from the CSR matrix', () => {
    expect(Array.from(merchantMass(dataset))).toEqual([10, 7, 3, 0, 0]);
  });

  it('derives tiers (big head, mid mid, tiny/quiet small) and keeps given tiers', () => {
    // total 20: big 10 (head), mid 7 (before 10: not head; tail 10 > 4: mid), tiny 3 (tail 3 <= 4: small)
    expect(Array.from(tiersFromDataset(dataset))).toEqual([0, 1, 2, 2, 0]);
    expect(Array.from(tiersFromDataset(dataset, { useGiven: false }))).toEqual([0, 1, 2, 2, 2]);
  });
});
