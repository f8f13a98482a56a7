/**
 * The contract every SharedLedgerStore passes (the in-memory reference and Redis): exact
 * decay-and-add, idempotent batches, incremental reads with removals, bounds, half-life check.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { MAX_LEDGER_MASS, type LedgerBatch, type LedgerRules, type SharedLedgerStore } from '../../src/fairness/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);
const RULES: LedgerRules = { halfLifeMs: DAY, maxEntries: 1000, minMass: 1e-6 };

/** A batch of `writer` with these (merchant, exposure, merit) triples. */
export function batch(writer: string, seq: number, at: number, rows: Array<[string, number, number]>): LedgerBatch {
  return {
    writer,
    seq,
    at,
    records: 1,
    merchants: rows.map((r) => r[0]),
    exposure: Float64Array.from(rows, (r) => r[1]),
    merit: Float64Array.from(rows, (r) => r[2]),
  };
}

function byId(entries: readonly { merchantId: string; exposure: number; merit: number; updatedAt: number }[]): Map<string, [number, number, number]> {
  return new Map(entries.map((e) => [e.merchantId, [e.exposure, e.merit, e.updatedAt]] as const));
}

/** Registers the contract tests for stores made by `make` (each test gets a fresh, empty store). */
export function storeContract(label: string, make: () => Promise<SharedLedgerStore>, skip = false): void {
  describe.skipIf(skip)(`${label}: shared ledger store contract`, () => {
    it('decays and adds exactly, whatever the order of batch times', async () => {
      const s = await make();
      try {
        await s.apply(batch('w', 1, T0, [['a', 4, 2], ['b', 1, 0]]), RULES);
        await s.apply(batch('w', 2, T0 + DAY, [['a', 1, 1]]), RULES);
        await s.apply(batch('w', 3, T0, [['b', 2, 0]]), RULES); // earlier than b's value: added as is (same time)
        await s.apply(batch('v', 1, T0 - DAY, [['a', 8, 0]]), RULES); // two days before a's time: a quarter
        const r = await s.read();
        expect(r.full).toBe(true);
        const got = byId(r.entries);
        expect(got.get('a')).toEqual([4 / 2 + 1 + 8 / 4, 2 / 2 + 1, T0 + DAY]);
        expect(got.get('b')).toEqual([3, 0, T0]);
      } finally {
        await s.close();
      }
    });

    it('a batch applied before (same writer, seq not above the last) is skipped', async () => {
      const s = await make();
      try {
        expect((await s.apply(batch('w', 1, T0, [['a', 1, 0]]), RULES)).applied).toBe(true);
        expect((await s.apply(batch('w', 1, T0, [['a', 1, 0]]), RULES)).applied).toBe(false);
        expect((await s.apply(batch('w', 3, T0, [['a', 1, 0]]), RULES)).applied).toBe(true);
        expect((await s.apply(batch('w', 2, T0, [['a', 1, 0]]), RULES)).applied).toBe(false);
        expect((await s.apply(batch('other', 1, T0, [['a', 1, 0]]), RULES)).applied).toBe(true);
        expect(byId((await s.read()).entries).get('a')![0]).toBe(3);
      } finally {
        await s.close();
      }
    });

    it('incremental reads return what changed since the cursor, and what was removed', async () => {
      const s = await make();
      try {
        await s.apply(batch('w', 1, T0, [['a', 1, 0], ['b', 1, 0], ['gone', 1e-7, 0]]), RULES);
        const first = await s.read();
        expect(first.entries.map((e) => e.merchantId).sort()).toEqual(['a', 'b']); // 1e-7 < minMass at once
        const nothing = await s.read(first.cursor);
        expect(nothing).toMatchObject({ full: false, entries: [], removed: [] });
        await s.apply(batch('w', 2, T0 + 30 * DAY, [['b', 2, 0]]), RULES); // a decays to 2^-30 < 1e-6: removed
        const next = await s.read(first.cursor);
        expect(next.full).toBe(false);
        expect(next.entries.map((e) => e.merchantId)).toEqual(['b']);
        expect(next.removed).toEqual(['a']);
        expect(byId(next.entries).get('b')![0]).toBeCloseTo(2 + 2 ** -30, 15);
        // a cursor of another generation (or none) gets a full read
        const other = await s.read({ generation: 'not-this-one', seq: 1 });
        expect(other.full).toBe(true);
        expect(other.entries.map((e) => e.merchantId)).toEqual(['b']);
      } finally {
        await s.close();
      }
    });

    it('past maxEntries the smallest decayed masses are evicted down to 90%', async () => {
      const s = await make();
      try {
        const rules = { ...RULES, maxEntries: 10 };
        // m0..m9 hold masses 1..10 at T0; one half-life later they hold 0.5..5 and 'late' arrives with 2.25
        await s.apply(batch('w', 1, T0, Array.from({ length: 10 }, (_, i) => [`m${i}`, i + 1, 0] as [string, number, number])), rules);
        await s.apply(batch('w', 2, T0 + DAY, [['late', 2.25, 0]]), rules);
        const r = await s.read();
        // 11 > 10: down to 9 by dropping the two smallest at T0 + DAY, m0 (0.5) and m1 (1)
        expect(r.entries.map((e) => e.merchantId).sort()).toEqual(['late', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
      } finally {
        await s.close();
      }
    });

    it('masses saturate at MAX_LEDGER_MASS', async () => {
      const s = await make();
      try {
        await s.apply(batch('w', 1, T0, [['a', MAX_LEDGER_MASS * 0.75, 0]]), RULES);
        await s.apply(batch('w', 2, T0, [['a', MAX_LEDGER_MASS * 0.75, 1]]), RULES);
        expect(byId((await s.read()).entries).get('a')).toEqual([MAX_LEDGER_MASS, 1, T0]);
      } finally {
        await s.close();
      }
    });

    it('refuses a writer whose half-life differs from the stored ledger', async () => {
      const s = await make();
      try {
        await s.apply(batch('w', 1, T0, [['a', 1, 0]]), RULES);
        await expect(s.apply(batch('v', 1, T0, [['a', 1, 0]]), { ...RULES, halfLifeMs: DAY / 2 })).rejects.toThrow(/halfLifeMs 86400000.*43200000/);
        await expect(s.apply(batch('v', 1, T0, [['a', 1, 0]]), { ...RULES, halfLifeMs: DAY / 2 })).rejects.toBeInstanceOf(DataError);
      } finally {
        await s.close();
      }
    });
  });
}
