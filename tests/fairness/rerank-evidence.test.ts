/**
 * Evidence-gated lift, the slate-relative floor and exploration slots (issue 13), hand-computed.
 *
 * Six candidates, scores 0.875, 0.75, 0.625, 0.5, 0.375, 0.25 (exact in float32) of merchants
 * a, a, b, c, d, e; only candidate 3 (c) lacks evidence. The ledger saw one slate showing a, with
 * merit 1 for every merchant: a is over-exposed, b..e have none (D = 0): each gets the full lift
 * lambda = 0.5 (meritPrior 0). Slate of n = 3.
 * - Slate floor 0.8: the plain slate's 3rd score is 0.625, so the floor is 0.5. In reach: 0, 1, 2
 *   (3 has no evidence; 4 and 5 are below). Keys: 2 -> 1.125, 0 -> 0.875, 1 -> 0.75: order 2, 0, 1.
 * - Absolute floor 0.3: 4 (d, 0.375 -> 0.875) is in reach too and ties 0 at 0.875 (the smaller
 *   position first): order 2, 0, 4.
 * - Exploration, one slot: the uncertain merchants (exposure below 0.5) are b..e; outside the head
 *   [2, 0] the best evidenced candidate of one of them is 4 (d): order 2, 0, 4, the last explored.
 */
import { describe, expect, it } from 'vitest';
import { createRerankConfig, ExposureLedger, LIFT_REASONS, rerank, type RerankInput } from '../../src/fairness/index.js';

const merchantIds = ['a', 'b', 'c', 'd', 'e'];
const INPUT: RerankInput = {
  scores: Float32Array.of(0.875, 0.75, 0.625, 0.5, 0.375, 0.25),
  merchantOf: Int32Array.of(0, 0, 1, 2, 3, 4),
  merchantIds,
  n: 3,
  evidenced: Uint8Array.of(1, 1, 1, 0, 1, 1),
};
const ledger = new ExposureLedger();
ledger.record({ merchantIds, slateMerchants: Int32Array.of(0), candidateMerchants: Int32Array.of(0, 1, 2, 3, 4), candidateRelevance: [1, 1, 1, 1, 1] }, 0);
const SNAPSHOT = ledger.snapshot(0);
const base = { lambda: 0.5, meritPrior: 0, exploration: { share: 0, untilExposure: 0.5 } } as const;

describe('evidence-gated lift and the slate-relative floor', () => {
  it('lifts only evidenced candidates at or above relevanceFloor x the plain slate\'s n-th score', () => {
    const r = rerank(INPUT, SNAPSHOT, createRerankConfig({ ...base, relevanceFloor: 0.8 }));
    expect(r.floor).toBe(0.5);
    expect(Array.from(r.order)).toEqual([2, 0, 1]);
    expect(Array.from(r.lift)).toEqual([0.5, 0, 0]);
    expect(Array.from(r.why!, (w) => LIFT_REASONS[w])).toEqual(['lifted', 'merchant at or above its exposure share', 'merchant at or above its exposure share']);
    expect(Array.from(r.adjusted)).toEqual([1.125, 0.875, 0.75]);
  });

  it('says fairness is off at lambda 0 (not "below the floor"): the plain order, no lift', () => {
    const r = rerank(INPUT, SNAPSHOT, createRerankConfig({ ...base, lambda: 0, relevanceFloor: 0.8 }));
    expect(Array.from(r.order)).toEqual([0, 1, 2]);
    expect(Array.from(r.why!, (w) => LIFT_REASONS[w])).toEqual(Array(3).fill('fairness off (lambda 0, no FA*IR)'));
  });

  it('an absolute floor of 0.3 lets the evidenced candidate at 0.375 in; the one without evidence stays out', () => {
    const r = rerank(INPUT, SNAPSHOT, createRerankConfig({ ...base, relevanceFloor: 0.3, floorReference: 'absolute' }));
    expect(r.floor).toBe(0.3);
    expect(Array.from(r.order)).toEqual([2, 0, 4]);
    expect(Array.from(r.lift)).toEqual([0.5, 0, 0.5]);
    // Candidate 3 (0.5, no evidence) would have been lifted to 1 without the gate.
    const { evidenced: _evidenced, ...ungatedInput } = INPUT;
    const ungated = rerank(ungatedInput, SNAPSHOT, createRerankConfig({ ...base, relevanceFloor: 0.3, floorReference: 'absolute' }));
    expect(Array.from(ungated.order)).toEqual([2, 3, 0]);
  });

  it('says why an item was not lifted: no evidence, below the floor', () => {
    const all = rerank({ ...INPUT, n: 6 }, SNAPSHOT, createRerankConfig({ ...base, relevanceFloor: 0.8 }));
    // n = 6: the 6th plain score is 0.25, floor 0.2: everything evidenced is in reach; 3 is not.
    const byCandidate = new Map(Array.from(all.order, (c, i) => [c, LIFT_REASONS[all.why![i]!]] as const));
    expect(byCandidate.get(3)).toBe('no evidence: only the baseline or no signal has an opinion');
    const strict = rerank(INPUT, SNAPSHOT, createRerankConfig({ ...base, relevanceFloor: 1, floorReference: 'absolute' }));
    expect(Array.from(strict.why!, (w) => LIFT_REASONS[w])).toEqual(['below the relevance floor', 'below the relevance floor', 'below the relevance floor']);
  });
});

describe('exploration slots', () => {
  it('gives the last round(share x n) slots to the best evidenced candidate of uncertain merchants (hand-computed)', () => {
    const r = rerank(INPUT, SNAPSHOT, createRerankConfig({ ...base, relevanceFloor: 0.8, exploration: { share: 0.3, untilExposure: 0.5 } }));
    expect(Array.from(r.order)).toEqual([2, 0, 4]);
    expect(Array.from(r.why!, (w) => LIFT_REASONS[w])).toEqual(['lifted', 'merchant at or above its exposure share', 'exploration slot']);
    // The explored item keeps its own relevance as its score.
    expect(r.adjusted[2]).toBe(0.375);
  });

  it('is bounded by the share, off at lambda 0, and explores nobody once every merchant has enough exposure', () => {
    const cfg = (share: number, extra: object = {}) => createRerankConfig({ ...base, relevanceFloor: 0.8, exploration: { share, untilExposure: 0.5 }, ...extra });
    // n = 5, share 0.45: round(2.25) = 2 slots after a head of 3 (2, 0, 4 with the floor at
    // 0.8 x 0.375). Of the uncertain merchants only e's candidate 5 is left (b and d are in the
    // head, c has no evidence): one slot explores it, the other goes back to the fill (1), and the
    // explored item goes last so that the scores stay non-increasing.
    const wide = rerank({ ...INPUT, n: 5 }, SNAPSHOT, cfg(0.45));
    expect(Array.from(wide.order)).toEqual([2, 0, 4, 1, 5]);
    expect(Array.from(wide.adjusted)).toEqual([1.125, 0.875, 0.875, 0.75, 0.25]);
    expect(Array.from(wide.why!).filter((w) => w === 5)).toHaveLength(1);
    expect(Array.from(rerank(INPUT, SNAPSHOT, cfg(0.3, { lambda: 0 })).order)).toEqual([0, 1, 2]);
    // Merchants with exposure 0.5 or more are certain: with untilExposure 0 nobody is explored.
    const none = rerank(INPUT, SNAPSHOT, createRerankConfig({ ...base, relevanceFloor: 0.8, exploration: { share: 0.3, untilExposure: 0 } }));
    expect(Array.from(none.order)).toEqual([2, 0, 1]);
    expect(Array.from(none.why!)).not.toContain(5);
  });
});
