import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import {
  ExposureLedger,
  InMemoryLedgerStore,
  type LedgerEntry,
  type LedgerSnapshot,
} from '../../src/fairness/index.js';

const DAY = 86_400_000;

function entry(snap: LedgerSnapshot, id: string): { exposure: number; merit: number } | undefined {
  const e = snap.entries.find((x) => x.merchantId === id);
  return e === undefined ? undefined : { exposure: e.exposure, merit: e.merit };
}

describe('ExposureLedger: record and decay', () => {
  it('records exposure by rank and merit from all candidates (index form)', () => {
    const ledger = new ExposureLedger();
    ledger.record(
      {
        merchantIds: ['a', 'b'],
        slateMerchants: Int32Array.of(1, 0),
        candidateMerchants: Int32Array.of(0, 1, 1),
        candidateRelevance: Float32Array.of(0.5, 0.5, 0.25),
      },
      1000,
    );
    const snap = ledger.snapshot(1000);
    expect(entry(snap, 'b')).toEqual({ exposure: 1, merit: 0.75 });
    expect(entry(snap, 'a')!.exposure).toBeCloseTo(1 / Math.log2(3), 15);
    expect(entry(snap, 'a')!.merit).toBe(0.5);
    expect(snap.totals.merchants).toBe(2);
    expect(snap.totals.exposure).toBeCloseTo(1 + 1 / Math.log2(3), 15);
    expect(snap.totals.merit).toBe(1.25);
  });

  it('string form, explicit ranks and explicit exposure give the same sums', () => {
    const a = new ExposureLedger();
    a.record(
      { slateMerchants: ['x', 'y'], slateRanks: [1, 3], candidateMerchants: ['x', 'z'], candidateRelevance: [1, 0.5] },
      0,
    );
    const s = a.snapshot(0);
    expect(entry(s, 'x')).toEqual({ exposure: 1, merit: 1 });
    expect(entry(s, 'y')).toEqual({ exposure: 0.5, merit: 0 });
    expect(entry(s, 'z')).toEqual({ exposure: 0, merit: 0.5 });
    const b = new ExposureLedger();
    b.record({ slateMerchants: ['x', 'y'], slateExposure: [1, 0.5], candidateMerchants: ['x', 'z'], candidateRelevance: [1, 0.5] }, 0);
    expect(b.snapshot(0)).toEqual(s);
  });

  it('clamps relevance to [0, 1] and ignores NaN', () => {
    const l = new ExposureLedger();
    l.record({ slateMerchants: [], candidateMerchants: ['a', 'a', 'a'], candidateRelevance: [2, -1, Number.NaN] }, 0);
    expect(entry(l.snapshot(0), 'a')).toEqual({ exposure: 0, merit: 1 });
  });

  it('decays exactly by half after one half-life, a quarter after two', () => {
    const l = new ExposureLedger({ halfLifeMs: DAY });
    l.record({ slateMerchants: ['a'], candidateMerchants: ['a'], candidateRelevance: [0.5] }, 0);
    expect(entry(l.snapshot(DAY), 'a')).toEqual({ exposure: 0.5, merit: 0.25 });
    expect(entry(l.snapshot(2 * DAY), 'a')).toEqual({ exposure: 0.25, merit: 0.125 });
    // lazy decay on write: one day later add 1 exposure -> 0.5 + 1
    l.record({ slateMerchants: ['a'], candidateMerchants: [], candidateRelevance: [] }, DAY);
    expect(entry(l.snapshot(DAY), 'a')).toEqual({ exposure: 1.5, merit: 0.25 });
    expect(l.snapshot(DAY).totals.exposure).toBe(1.5);
  });

  it('does not depend on the order of records', () => {
    const rec = (l: ExposureLedger, t: number, id: string): void =>
      l.record({ slateMerchants: [id], candidateMerchants: [id], candidateRelevance: [0.5] }, t);
    const a = new ExposureLedger();
    rec(a, 0, 'm');
    rec(a, DAY, 'm');
    const b = new ExposureLedger();
    rec(b, DAY, 'm');
    rec(b, 0, 'm');
    expect(entry(b.snapshot(DAY), 'm')).toEqual(entry(a.snapshot(DAY), 'm'));
    expect(entry(a.snapshot(DAY), 'm')).toEqual({ exposure: 1.5, merit: 0.75 });
    expect(b.clock).toBe(DAY);
  });

  it('works with __proto__ and constructor as merchant ids', () => {
    const l = new ExposureLedger();
    l.record({ slateMerchants: ['__proto__', 'constructor'], candidateMerchants: ['__proto__'], candidateRelevance: [1] }, 0);
    l.record(
      { merchantIds: ['__proto__'], slateMerchants: Int32Array.of(0), candidateMerchants: Int32Array.of(), candidateRelevance: [] },
      0,
    );
    const s = l.snapshot(0);
    expect(s.entries.map((e) => e.merchantId)).toEqual(['__proto__', 'constructor']);
    expect(entry(s, '__proto__')).toEqual({ exposure: 2, merit: 1 });
    expect(entry(s, 'constructor')!.exposure).toBeCloseTo(1 / Math.log2(3), 15);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'exposure')).toBe(false);
    const copy = new ExposureLedger();
    copy.restore(JSON.parse(JSON.stringify(s)) as LedgerSnapshot);
    expect(copy.snapshot(0)).toEqual(s);
  });

  it('rejects inconsistent input', () => {
    const l = new ExposureLedger();
    expect(() => l.record({ slateMerchants: [], candidateMerchants: ['a'], candidateRelevance: [] }, 0)).toThrow(DataError);
    expect(() =>
      l.record({ merchantIds: ['a'], slateMerchants: Int32Array.of(1), candidateMerchants: [], candidateRelevance: [] }, 0),
    ).toThrow(DataError);
    expect(() => l.record({ slateMerchants: Int32Array.of(0), candidateMerchants: [], candidateRelevance: [] }, 0)).toThrow(
      DataError,
    );
    expect(() => l.record({ slateMerchants: [], candidateMerchants: [], candidateRelevance: [] }, Number.NaN)).toThrow(DataError);
    expect(() => new ExposureLedger({ halfLifeMs: -1 })).toThrow(ConfigError);
    expect(() => new ExposureLedger({ halfLife: 5 } as never)).toThrow(ConfigError);
  });
});

describe('ExposureLedger: snapshot, restore, merge', () => {
  function filled(): ExposureLedger {
    const l = new ExposureLedger();
    l.record({ slateMerchants: ['b', 'a', 'c'], candidateMerchants: ['a', 'b', 'c', 'd'], candidateRelevance: [0.9, 0.5, 0.25, 0.75] }, 0);
    l.record({ slateMerchants: ['a'], candidateMerchants: ['a'], candidateRelevance: [1] }, 3600_000);
    return l;
  }

  it('snapshot is deeply frozen plain data sorted by id, totals = sums', () => {
    const s = filled().snapshot(7200_000);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.entries)).toBe(true);
    expect(Object.isFrozen(s.entries[0])).toBe(true);
    expect(Object.isFrozen(s.totals)).toBe(true);
    expect(Reflect.set(s.totals, 'exposure', 5)).toBe(false);
    expect(Reflect.set(s.entries[0]!, 'merit', 5)).toBe(false);
    expect(s.entries.map((e) => e.merchantId)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.partial).toBe(false);
    expect(s.at).toBe(7200_000);
    let ex = 0;
    let me = 0;
    for (const e of s.entries) {
      ex += e.exposure;
      me += e.merit;
    }
    expect(s.totals.exposure).toBeCloseTo(ex, 12);
    expect(s.totals.merit).toBeCloseTo(me, 12);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('partial snapshot lists the asked merchants in order, totals of the whole ledger', () => {
    const l = filled();
    const full = l.snapshot(7200_000);
    const part = l.snapshot(7200_000, ['d', 'zz', 'a', 'd']);
    expect(part.partial).toBe(true);
    expect(part.entries.map((e) => e.merchantId)).toEqual(['d', 'a']);
    expect(part.entries[1]).toEqual(full.entries[0]);
    expect(part.totals.exposure).toBeCloseTo(full.totals.exposure, 12);
    expect(part.totals.merit).toBeCloseTo(full.totals.merit, 12);
    expect(part.totals.merchants).toBe(4);
    expect(() => new ExposureLedger().restore(part)).toThrow(DataError);
  });

  it('restore round-trips, also through JSON, and replaces the content', () => {
    const s = filled().snapshot(7200_000);
    const l = new ExposureLedger();
    l.record({ slateMerchants: ['zzz'], candidateMerchants: [], candidateRelevance: [] }, 0);
    l.restore(JSON.parse(JSON.stringify(s)) as LedgerSnapshot);
    expect(l.snapshot(7200_000)).toEqual(s);
    expect(l.clock).toBe(7200_000);
    expect(() => l.restore({ ...s, version: 2 } as unknown as LedgerSnapshot)).toThrow(DataError);
    const broken = { ...s, entries: [{ merchantId: 'a', exposure: -1, merit: 0 }] };
    expect(() => l.restore(broken)).toThrow(DataError);
  });

  it('merge of replicas equals one ledger that saw all traffic', () => {
    const reqs: Array<[number, string[], string[], number[]]> = [
      [0, ['a', 'b'], ['a', 'b', 'c'], [0.9, 0.4, 0.3]],
      [DAY / 2, ['c'], ['c', 'a'], [0.8, 0.2]],
      [DAY, ['b', 'a'], ['b', 'a'], [0.7, 0.6]],
      [2 * DAY, ['d'], ['d'], [1]],
    ];
    const all = new ExposureLedger();
    const r1 = new ExposureLedger();
    const r2 = new ExposureLedger();
    reqs.forEach(([t, slate, cands, rel], i) => {
      const rec = { slateMerchants: slate, candidateMerchants: cands, candidateRelevance: rel };
      all.record(rec, t);
      (i % 2 === 0 ? r1 : r2).record(rec, t);
    });
    r1.merge(r2);
    const a = all.snapshot(3 * DAY);
    const b = r1.snapshot(3 * DAY);
    expect(b.entries.map((e) => e.merchantId)).toEqual(a.entries.map((e) => e.merchantId));
    for (let i = 0; i < a.entries.length; i++) {
      expect(b.entries[i]!.exposure).toBeCloseTo(a.entries[i]!.exposure, 12);
      expect(b.entries[i]!.merit).toBeCloseTo(a.entries[i]!.merit, 12);
    }
    // merging a snapshot works the same way
    const r3 = new ExposureLedger();
    r3.merge(all.snapshot());
    expect(r3.snapshot(3 * DAY)).toEqual(a);
  });

  it('uses the store it is given', () => {
    class CountingStore extends InMemoryLedgerStore {
      sets = 0;
      override set(id: string, e: LedgerEntry): void {
        this.sets++;
        super.set(id, e);
      }
    }
    const store = new CountingStore();
    const l = new ExposureLedger({}, store);
    l.record({ slateMerchants: ['a', 'b'], candidateMerchants: ['a'], candidateRelevance: [1] }, 0);
    expect(store.sets).toBe(2);
    expect(store.get('a')).toEqual({ exposure: 1, merit: 1, updatedAt: 0 });
    // a ledger opened on a filled store picks up its totals
    const again = new ExposureLedger({}, store);
    expect(again.snapshot(0)).toEqual(l.snapshot(0));
    expect(again.snapshot(0, ['a']).totals.exposure).toBeCloseTo(1 + 1 / Math.log2(3), 12);
  });
});

describe('ExposureLedger: bounded memory', () => {
  it('1e6 churning merchant ids (each seen once, time advancing) keep the entry count bounded', () => {
    const l = new ExposureLedger(); // half-life 1 day, minMass 1e-6, cap 100k, sweep every max(4096, size)
    const minute = 60_000;
    const slate = [''];
    const rel = [0.5];
    let maxSize = 0;
    for (let i = 0; i < 1_000_000; i++) {
      slate[0] = `m${i}`;
      l.record({ slateMerchants: slate, candidateMerchants: slate, candidateRelevance: rel }, i * minute);
      if (l.size > maxSize) maxSize = l.size;
    }
    // mass 1.5 falls under 1e-6 after log2(1.5e6) = 20.5165 half-lives = 29,543.8 minutes, so a sweep
    // keeps at most 29,544 merchants; the next runs after that many records: at most 2 x 29,544 held.
    const live = Math.ceil(1440 * Math.log2(1.5e6));
    expect(live).toBe(29_544);
    expect(maxSize).toBeLessThanOrEqual(2 * live + 1);
    expect(l.size).toBeLessThanOrEqual(2 * live + 1);
    expect(l.size).toBeGreaterThanOrEqual(29_000);
    expect(l.sweeps).toBeGreaterThan(10);
    const s = l.snapshot(l.clock, ['m999999', 'm0']);
    expect(s.entries.map((e) => e.merchantId)).toEqual(['m999999']);
  });

  it('hard cap drops the smallest merchants', () => {
    const l = new ExposureLedger({ maxEntries: 100, halfLifeMs: 1e15, minMass: 0 });
    for (let i = 0; i < 1000; i++) {
      l.record({ slateMerchants: [`m${i}`], slateExposure: [i + 1], candidateMerchants: [], candidateRelevance: [] }, 0);
      expect(l.size).toBeLessThanOrEqual(100);
    }
    const s = l.snapshot(0);
    const kept = s.entries.map((e) => Number(e.merchantId.slice(1)));
    expect(kept.length).toBeGreaterThanOrEqual(90);
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(1000 - 100);
    expect(kept).toContain(999);
    // totals follow the drops
    let sum = 0;
    for (const e of s.entries) sum += e.exposure;
    expect(l.snapshot(0, []).totals.exposure).toBeCloseTo(sum, 6);
  });

  it('sweep drops entries below minMass and keeps totals consistent', () => {
    const l = new ExposureLedger({ minMass: 0.3 });
    l.record({ slateMerchants: ['a'], candidateMerchants: [], candidateRelevance: [] }, 0);
    l.record({ slateMerchants: ['b'], candidateMerchants: [], candidateRelevance: [] }, 2 * DAY);
    l.sweep(2 * DAY); // a: 0.25 < 0.3 -> dropped, b: 1 kept
    const s = l.snapshot(2 * DAY);
    expect(s.entries.map((e) => e.merchantId)).toEqual(['b']);
    expect(l.snapshot(2 * DAY, ['b']).totals.exposure).toBeCloseTo(1, 12);
  });
});
