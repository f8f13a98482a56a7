/**
 * Contract every reranker configuration must pass: pure (does not mutate its inputs, same output
 * twice), returns a duplicate-free subset of eligible candidates, keeps junk below the floor
 * unlifted, and on a fixture with a known answer puts the starved merchant first.
 */
import { describe, expect, it } from 'vitest';
import {
  createRerankConfig,
  emptySnapshot,
  ExposureLedger,
  rerank,
  TIER_HEAD,
  TIER_SMALL,
  type RerankConfigInput,
  type RerankInput,
} from '../../src/fairness/index.js';

const VARIANTS: ReadonlyArray<[string, RerankConfigInput]> = [
  ['merit/mean', {}],
  ['merit/max', { reference: 'max' }],
  ['equal/mean', { policy: 'equal' }],
  ['equal/max', { policy: 'equal', reference: 'max' }],
  ['tier-floor', { policy: 'tier-floor', smallShare: 0.3 }],
  ['merit + maxPerMerchant', { maxPerMerchant: 3 }],
  ['merit + FA*IR', { fair: { p: 0.3, alpha: 0.1 } }],
  ['geometric exposure', { exposure: { kind: 'geometric', gamma: 0.5 } }],
  ['merit, depth 2', { depth: 2 }],
  ['merit + FA*IR, depth 2', { fair: { p: 0.3, alpha: 0.1 }, depth: 2 }],
  ["merit, liftScale 'reach'", { liftScale: 'reach' }],
];

// Known answer: merchant "rich" (head) has had all the exposure, "starved" (small) has the same
// merit and none. Scores alternate rich/starved with equal values per pair.
function fixture(): { input: RerankInput; ledger: ExposureLedger } {
  const ledger = new ExposureLedger();
  for (let t = 0; t < 20; t++) {
    ledger.record(
      {
        slateMerchants: ['rich', 'rich', 'rich'],
        candidateMerchants: ['rich', 'starved'],
        candidateRelevance: [0.8, 0.8],
      },
      t * 1000,
    );
  }
  const scores = Float32Array.of(0.9, 0.9, 0.7, 0.7, 0.5, 0.5, 0.2, 0.2);
  const merchantOf = Int32Array.of(0, 1, 0, 1, 0, 1, 0, 1);
  return {
    input: { scores, merchantOf, merchantIds: ['rich', 'starved'], tierOf: Uint8Array.of(TIER_HEAD, TIER_SMALL), n: 6 },
    ledger,
  };
}

describe.each(VARIANTS)('reranker contract: %s', (_name, variant) => {
  const config = createRerankConfig({ lambda: 0.25, relevanceFloor: 0.3, ...variant });

  it('is pure: does not mutate input or snapshot, same output twice', () => {
    const { input, ledger } = fixture();
    const snap = ledger.snapshot();
    const copy = { scores: input.scores.slice(), merchantOf: input.merchantOf.slice(), tierOf: input.tierOf!.slice() };
    const json = JSON.stringify(snap);
    const a = rerank(input, snap, config);
    const b = rerank(input, snap, config);
    expect(b).toEqual(a);
    expect(input.scores).toEqual(copy.scores);
    expect(input.merchantOf).toEqual(copy.merchantOf);
    expect(input.tierOf).toEqual(copy.tierOf);
    expect(JSON.stringify(snap)).toBe(json);
  });

  it('returns a duplicate-free subset of at most n candidates with aligned arrays', () => {
    const { input, ledger } = fixture();
    const r = rerank(input, ledger.snapshot(), config);
    expect(r.order.length).toBeLessThanOrEqual(input.n);
    expect(new Set(r.order).size).toBe(r.order.length);
    for (const arr of [r.lift, r.forced, r.adjusted, r.exposure]) expect(arr.length).toBe(r.order.length);
    expect(r.merchantLift.length).toBe(input.merchantIds.length);
  });

  it('puts the starved merchant first on ties and never lifts below the floor', () => {
    const { input, ledger } = fixture();
    const r = rerank(input, ledger.snapshot(), config);
    expect(r.order[0]).toBe(1);
    expect(r.merchantLift[1]).toBeGreaterThan(0);
    expect(r.merchantLift[0]).toBe(0);
    for (let i = 0; i < r.order.length; i++) if (input.scores[r.order[i]!]! < 0.3) expect(r.lift[i]).toBe(0);
  });

  it('is the unfair ranking on a cold ledger without guards', () => {
    const { input } = fixture();
    const r = rerank(input, emptySnapshot(), createRerankConfig({ ...config, maxPerMerchant: null, fair: null }));
    expect(Array.from(r.order)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
