/**
 * Regression tests for the ledger findings of the fuzzing round (issue 15, findings 6 and 7) and
 * for idempotent merge (issue 14): each case failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import {
  createRerankConfig,
  ExposureLedger,
  MAX_LEDGER_MASS,
  rerank,
  TIER_HEAD,
  TIER_SMALL,
  type LedgerSnapshot,
} from '../../src/fairness/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);

/** A ledger with traffic on three merchants at T0. */
function busy(): ExposureLedger {
  const l = new ExposureLedger();
  l.record({ slateMerchants: ['a', 'b', 'a'], candidateMerchants: ['a', 'b', 'c'], candidateRelevance: [0.9, 0.6, 0.8] }, T0);
  l.record({ slateMerchants: ['b', 'c'], candidateMerchants: ['b', 'c'], candidateRelevance: [0.5, 0.7] }, T0 + 1000);
  return l;
}

const INPUT = {
  scores: Float32Array.of(0.8, 0.7, 0.9),
  merchantOf: Int32Array.of(0, 1, 2),
  merchantIds: ['a', 'b', 'c'],
  tierOf: Uint8Array.of(TIER_HEAD, TIER_HEAD, TIER_SMALL),
  n: 3,
};

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

function plain(snapshot: LedgerSnapshot): LedgerSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as LedgerSnapshot;
}

describe('ledger: a request far behind the ledger clock (finding 6)', () => {
  const behind = T0 - 1100 * DAY; // 1,100 half-lives: 2^1100 overflows a double

  it.each(['equal', 'tier-floor', 'merit'] as const)('policy %s gives finite scores', (policy) => {
    const l = busy();
    const snap = l.snapshot(behind, policy === 'tier-floor' ? undefined : ['a', 'b', 'c']);
    const r = rerank(INPUT, snap, createRerankConfig({ policy, lambda: 0.3, smallShare: 0.5 }));
    expect(r.order).toHaveLength(3);
    expect(allFinite(r.adjusted)).toBe(true);
    expect(allFinite(r.lift)).toBe(true);
  });

  it('snapshot(at) earlier than the entries reads them at the clock: finite, never grown', () => {
    const l = busy();
    const atClock = l.snapshot(l.clock);
    const early = l.snapshot(behind);
    expect(early.at).toBe(l.clock);
    expect(early.entries).toEqual(atClock.entries);
    expect(early.totals).toEqual(atClock.totals);
    const part = l.snapshot(T0 - 1, ['c']);
    expect(part.at).toBe(T0 + 1000);
    expect(part.entries[0]!.exposure).toBe(1 / Math.log2(3));
    expect(part.entries[0]!.merit).toBeCloseTo(0.8 * 2 ** (-1000 / DAY) + 0.7, 12);
  });

  it('an earlier request orders merchants as a request at the clock does (uniform decay)', () => {
    const l = busy();
    const cfg = createRerankConfig({ policy: 'equal', lambda: 0.3 });
    expect(rerank(INPUT, l.snapshot(T0 - 3 * DAY), cfg)).toEqual(rerank(INPUT, l.snapshot(l.clock), cfg));
  });
});

describe('ledger: hostile snapshots (finding 7)', () => {
  it('refuses values above MAX_LEDGER_MASS, leaves the ledger as it was and serves finite slates', () => {
    const l = busy();
    const before = l.snapshot(l.clock);
    const huge = { ...plain(before), entries: [{ merchantId: 'z', exposure: 1e308, merit: 1e308 }], totals: { exposure: 1e308, merit: 1e308, merchants: 1 } };
    expect(() => l.merge(huge)).toThrow(/entries\.0\.exposure/);
    expect(() => l.merge(huge)).toThrow(DataError);
    expect(l.snapshot(l.clock)).toEqual(before);
    const r = rerank(INPUT, l.snapshot(l.clock), createRerankConfig({ policy: 'equal', lambda: 0.3 }));
    expect(allFinite(r.adjusted)).toBe(true);
  });

  it('a ledger always accepts its own snapshot: masses saturate at MAX_LEDGER_MASS', () => {
    const l = new ExposureLedger();
    const big = MAX_LEDGER_MASS / 2;
    for (let i = 0; i < 4; i++) l.record({ slateMerchants: ['a'], slateExposure: [big], candidateMerchants: ['a'], candidateRelevance: [1] }, T0);
    const s = l.snapshot();
    expect(s.entries[0]!.exposure).toBe(MAX_LEDGER_MASS);
    const copy = new ExposureLedger();
    copy.restore(plain(s));
    expect(copy.snapshot()).toEqual(s);
  });

  it('refuses a non-finite or negative slateExposure with the index', () => {
    const l = new ExposureLedger();
    for (const bad of [Infinity, Number.NaN, -1, 2 * MAX_LEDGER_MASS]) {
      expect(() => l.record({ slateMerchants: ['a', 'b'], slateExposure: [1, bad], candidateMerchants: [], candidateRelevance: [] }, T0)).toThrow(
        /slateExposure\[1\]/,
      );
    }
    expect(l.size).toBe(0);
  });

  it('refuses a snapshot time outside the Date range, so no restore can freeze the ledger', () => {
    const l = busy();
    const s = plain(l.snapshot());
    for (const at of [1e300, -1e300, 8.64e15 + 1]) {
      expect(() => l.restore({ ...s, at })).toThrow(/at/);
      expect(() => l.merge({ ...s, at })).toThrow(DataError);
    }
    expect(() => l.record({ slateMerchants: ['a'], candidateMerchants: [], candidateRelevance: [] }, 1e300)).toThrow(DataError);
    expect(() => l.snapshot(1e300)).toThrow(DataError);
    // still alive: a later record counts
    l.record({ slateMerchants: ['d'], candidateMerchants: [], candidateRelevance: [] }, T0 + 2000);
    expect(l.snapshot(T0 + 2000, ['d']).entries[0]!.exposure).toBe(1);
  });

  it('refuses a snapshot listing one merchant more than once', () => {
    const s = plain(busy().snapshot());
    const a = s.entries[0]!;
    const dup = { ...s, entries: [a, a, a] };
    const l = new ExposureLedger();
    expect(() => l.restore(dup)).toThrow(/merchant "a" is listed more than once \(entries\.1\)/);
    expect(() => l.merge(dup)).toThrow(DataError);
    expect(l.size).toBe(0);
  });
});

describe('ledger: merge is idempotent', () => {
  it('merging the same snapshot twice counts it once (was 454 -> 681)', () => {
    const source = new ExposureLedger();
    for (let i = 0; i < 227; i++) source.record({ slateMerchants: ['a', 'b'], slateExposure: [1, 1], candidateMerchants: [], candidateRelevance: [] }, T0);
    const snap = plain(source.snapshot());
    const l = new ExposureLedger();
    expect(l.merge(snap)).toBe(true);
    expect(l.snapshot().totals.exposure).toBe(454);
    expect(l.merge(snap)).toBe(false);
    expect(l.merge(plain(snap))).toBe(false);
    expect(l.snapshot().totals.exposure).toBe(454);
    // a different snapshot (one more record) is merged in full
    source.record({ slateMerchants: ['c'], slateExposure: [1], candidateMerchants: [], candidateRelevance: [] }, T0);
    expect(l.merge(plain(source.snapshot()))).toBe(true);
    expect(l.snapshot().totals.exposure).toBe(909);
  });

  it('merging a live ledger again adds only what it recorded since', () => {
    const replica = new ExposureLedger();
    const l = new ExposureLedger();
    replica.record({ slateMerchants: ['a'], slateExposure: [2], candidateMerchants: ['a'], candidateRelevance: [1] }, T0);
    expect(l.merge(replica)).toBe(true);
    expect(l.merge(replica)).toBe(false);
    replica.record({ slateMerchants: ['a', 'b'], slateExposure: [1, 3], candidateMerchants: [], candidateRelevance: [] }, T0 + DAY);
    expect(l.merge(replica)).toBe(true);
    const s = l.snapshot(T0 + DAY);
    expect(s.entries).toEqual(replica.snapshot(T0 + DAY).entries);
    expect(s.totals.exposure).toBeCloseTo(2 / 2 + 1 + 3, 12);
  });
});

describe('rerank: defensive against a hand-made snapshot', () => {
  it('non-finite ledger values give no lift instead of NaN scores', () => {
    const hostile = {
      version: 1,
      at: T0,
      halfLifeMs: DAY,
      partial: true,
      entries: [
        { merchantId: 'a', exposure: Infinity, merit: 1 },
        { merchantId: 'b', exposure: Number.NaN, merit: Infinity },
        { merchantId: 'c', exposure: 1, merit: Number.NaN },
      ],
      totals: { exposure: Infinity, merit: Number.NaN, merchants: 3 },
    } as LedgerSnapshot;
    for (const policy of ['merit', 'equal', 'tier-floor'] as const) {
      for (const reference of ['mean', 'max'] as const) {
        const r = rerank(INPUT, hostile, createRerankConfig({ policy, reference, lambda: 0.3 }));
        expect(allFinite(r.adjusted), `${policy}/${reference}`).toBe(true);
        expect(allFinite(r.merchantLift)).toBe(true);
      }
    }
  });
});

describe('recommend() far behind the ledger clock (finding 6, through the engine)', () => {
  it.each(['equal', 'tier-floor'] as const)('policy %s serves finite scores 1,100 half-lives back', async (policy) => {
    const { loadMarketplace } = await import('../../src/io/index.js');
    const { createRecommender } = await import('../../src/engine/index.js');
    const { data } = await loadMarketplace('fixtures/marketplace');
    const rec = createRecommender({ fairness: { rerank: { policy, lambda: 0.3 } } }).fitRecords(data);
    const users = rec.dataset.users.ids().slice(0, 5);
    const now = rec.dataset.referenceTime;
    for (const u of users) rec.recommend(u, { n: 10, now });
    for (const u of users) {
      const slate = rec.recommend(u, { n: 10, now: now - 1100 * DAY });
      expect(slate.items).toHaveLength(10);
      for (const item of slate.items) expect(Number.isFinite(item.score), `${u} ${item.productId}`).toBe(true);
    }
  });
});
