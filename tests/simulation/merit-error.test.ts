import { describe, expect, it } from 'vitest';
import { ExposureLedger } from '../../src/fairness/index.js';
import { meritError, meritErrorTable, trueMeritShares, type FeedbackLoopResult } from '../../src/simulation/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

// Two users; merchant A sells a1, a2 (a2 out of stock), B sells b1, C sells c1.
// Relevance: u0: a1 0.5, a2 0.9, b1 0.25, c1 0; u1: a1 0.25, a2 0.9, b1 0.25, c1 0.75.
// True merit (in-stock only): A 0.75, B 0.5, C 0.75, total 2: shares 0.375, 0.25, 0.375.
const data = {
  products: [
    { id: 'a1', merchantId: 'A', inStock: true },
    { id: 'a2', merchantId: 'A', inStock: false },
    { id: 'b1', merchantId: 'B', inStock: true },
    { id: 'c1', merchantId: 'C', inStock: true },
  ],
  merchants: [],
  events: [],
  topics: [],
} as unknown as MarketplaceData;
const REL: Record<string, [number, number]> = { a1: [0.5, 0.25], a2: [0.9, 0.9], b1: [0.25, 0.25], c1: [0, 0.75] };
const preferences = { userIds: ['u0', 'u1'], relevance: (u: number, p: string) => new Map(Object.entries(REL)).get(p)?.[u] ?? 0 };

describe('merit error of the feedback loop (issue 13)', () => {
  const shares = trueMeritShares(preferences, data);

  it('true merit shares sum each merchant\'s in-stock relevance over every user', () => {
    expect([...shares]).toEqual([['A', 0.375], ['B', 0.25], ['C', 0.375]]);
  });

  it('is the total variation distance between the ledger\'s merit shares and the true ones', () => {
    const ledger = new ExposureLedger();
    // Merit recorded (candidate relevance in [0, 1]): A 0.75, B 0.25 (C never a candidate): shares 0.75, 0.25, 0.
    ledger.record({ merchantIds: ['A', 'B'], slateMerchants: Int32Array.of(0), candidateMerchants: Int32Array.of(0, 1), candidateRelevance: [0.75, 0.25] }, 0);
    // 0.5 * (|0.75 - 0.375| + |0.25 - 0.25| + |0 - 0.375|) = 0.375
    expect(meritError(ledger.snapshot(0), shares)).toBeCloseTo(0.375, 12);
  });

  it('is 0 when the ledger holds the true distribution, 1 when it is empty', () => {
    const ledger = new ExposureLedger();
    ledger.record({ merchantIds: ['A', 'B', 'C'], slateMerchants: Int32Array.of(0), candidateMerchants: Int32Array.of(0, 1, 2), candidateRelevance: [0.75, 0.5, 0.75] }, 0);
    expect(meritError(ledger.snapshot(0), shares)).toBeCloseTo(0, 12);
    expect(meritError(new ExposureLedger().snapshot(0), shares)).toBe(1);
  });

  it('tabulates the merit error per round, one column per run, with its slope per round', () => {
    const run = (label: string, errors: number[], trend: number) =>
      ({ label, rounds: errors.map((meritError, i) => ({ round: i + 1, meritError })), summary: { meritErrorTrend: trend } }) as unknown as FeedbackLoopResult;
    // slope of 0.3, 0.2, 0.1 per round: -0.1; the shorter run leaves its third cell empty
    const table = meritErrorTable([run('off', [0.3, 0.2, 0.1], -0.1), run('on', [0.25, 0.2], -0.05)]);
    expect(table.split('\n')).toEqual([
      '| round | off | on |',
      '| --- | ---: | ---: |',
      '| 1 | 0.300 | 0.250 |',
      '| 2 | 0.200 | 0.200 |',
      '| 3 | 0.100 |  |',
      '| slope/round | -0.1000 | -0.0500 |',
    ]);
  });
});
