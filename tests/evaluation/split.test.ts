import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leaveLastNSplit, randomHoldoutSplit, temporalSplit } from '../../src/evaluation/split/index.js';
import type { Event } from '../../src/schema/entities.js';
import { ConfigError } from '../../src/errors.js';
import { Rng } from '../../src/_internal/rng.js';

const T0 = 1_700_000_000_000;
function ev(userId: string, productId: string, minute: number): Event {
  const e: Event = { userId, productId, type: 'click', timestamp: T0 + minute * 60_000, weight: undefined, position: undefined };
  return e;
}

// u1: minutes 1..5, u2: minutes 10..13, u3: one event at minute 20.
const events: Event[] = [
  ...[1, 2, 3, 4, 5].map((m) => ev('u1', `p${m}`, m)),
  ...[10, 11, 12, 13].map((m) => ev('u2', `q${m}`, m)),
  ev('u3', 'r1', 20),
];
const key = (e: Event): string => `${e.userId}|${e.productId}|${e.timestamp}`;

describe('temporal split', () => {
  it('cuts at a timestamp: train at or before, test after', () => {
    const s = temporalSplit(events, { cutoff: T0 + 4 * 60_000 });
    expect(s.train.map((e) => e.productId)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(s.test.map((e) => e.productId)).toEqual(['p5', 'q10', 'q11', 'q12', 'q13', 'r1']);
    expect(s.report.usersWithoutTrain).toEqual(['u2', 'u3']);
    expect(s.report.cutoff).toBe(T0 + 4 * 60_000);
    expect(s.warnings.some((w) => w.includes('2 users have test events but no training events'))).toBe(true);
    for (const e of s.test) expect(e.timestamp).toBeGreaterThan(s.report.cutoff!);
  });
  it('cuts at a quantile of event times and can drop users without train', () => {
    const s = temporalSplit(events, { quantile: 0.8, dropUsersWithoutTrain: true });
    // 10 events: the 8th earliest is minute 12
    expect(s.report.cutoff).toBe(T0 + 12 * 60_000);
    expect(s.test.map((e) => e.productId)).toEqual(['q13']);
    expect(s.report.usersWithoutTrain).toEqual(['u3']);
    expect(s.report.droppedTestEvents).toBe(1);
    expect(s.warnings.some((w) => w.includes('tiny test fold'))).toBe(true);
  });
  it('accepts ISO cutoffs and rejects bad options', () => {
    expect(temporalSplit(events, { cutoff: new Date(T0 + 5 * 60_000).toISOString() }).train.length).toBe(5);
    expect(() => temporalSplit(events, {})).toThrow(ConfigError);
    expect(() => temporalSplit(events, { quantile: 1 })).toThrow(ConfigError);
    expect(() => temporalSplit(events, { cutoff: 'yesterday' })).toThrow(ConfigError);
  });
});

describe('leave-last-n split', () => {
  it("holds out each user's latest n events and warns about cross-user leakage", () => {
    const s = leaveLastNSplit(events, { n: 2 });
    expect(s.test.map((e) => e.productId).sort()).toEqual(['p4', 'p5', 'q12', 'q13', 'r1']);
    // p4 and p5 (minutes 4-5) precede u2's train events (minutes 10-11)
    expect(s.warnings.some((w) => w.startsWith('leave-last-n: 2 of 5 test events are earlier'))).toBe(true);
    expect(s.report.usersWithoutTrain).toEqual(['u3']);
  });
  it('can keep short users in train', () => {
    const s = leaveLastNSplit(events, { n: 1, keepShortUsersInTrain: true });
    expect(s.test.map((e) => e.productId).sort()).toEqual(['p5', 'q13']);
    expect(s.report.usersWithoutTrain).toEqual([]);
  });
  it('does not mutate its input', () => {
    const copy = events.map(key);
    leaveLastNSplit([...events].reverse(), { n: 1 });
    expect(events.map(key)).toEqual(copy);
  });
});

describe('random per-user holdout', () => {
  const many: Event[] = [];
  for (let u = 0; u < 30; u++) for (let i = 0; i < 10; i++) many.push(ev(`user-${u}`, `p${(u * 7 + i * 3) % 40}`, u * 100 + i));

  it('holds out round(fraction * count) per user, deterministically', () => {
    const a = randomHoldoutSplit(many, { fraction: 0.2, seed: 3 });
    const b = randomHoldoutSplit(many, { fraction: 0.2, seed: 3 });
    expect(a.test.map(key)).toEqual(b.test.map(key));
    expect(a.test.length).toBe(60);
    const perUser = new Map<string, number>();
    for (const e of a.test) perUser.set(e.userId, (perUser.get(e.userId) ?? 0) + 1);
    expect([...perUser.values()].every((c) => c === 2)).toBe(true);
    expect(a.train.length + a.test.length).toBe(many.length);
    expect(randomHoldoutSplit(many, { fraction: 0.2, seed: 4 }).test.map(key)).not.toEqual(a.test.map(key));
  });
  it('does not depend on input order (property, seeded)', () => {
    const reference = new Set(randomHoldoutSplit(many, { fraction: 0.3, seed: 11 }).test.map(key));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (shuffleSeed) => {
        const shuffled = new Rng(shuffleSeed).shuffle([...many]);
        const got = randomHoldoutSplit(shuffled, { fraction: 0.3, seed: 11 }).test.map(key);
        expect(new Set(got)).toEqual(reference);
      }),
      { seed: 99, numRuns: 25 },
    );
  });
  it('a user is unaffected by the other users', () => {
    const alone = many.filter((e) => e.userId === 'user-5');
    const a = randomHoldoutSplit(alone, { seed: 8 }).test.map(key);
    const b = randomHoldoutSplit(many, { seed: 8 }).test.filter((e) => e.userId === 'user-5').map(key);
    expect(a).toEqual(b);
  });
  it('keeps users with too few events in train', () => {
    const s = randomHoldoutSplit(events, { fraction: 0.5, seed: 1, minUserEvents: 2 });
    expect(s.test.some((e) => e.userId === 'u3')).toBe(false);
    expect(s.test.length).toBe(Math.round(2.5) + 2);
  });
  it('splitter invariants hold on random inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ u: fc.integer({ min: 0, max: 5 }), p: fc.integer({ min: 0, max: 9 }), t: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 60 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (raw, q) => {
          const evs = raw.map((r) => ev(`u${r.u}`, `p${r.p}`, r.t));
          for (const s of [
            randomHoldoutSplit(evs, { fraction: q, seed: 5 }),
            leaveLastNSplit(evs, { n: 2 }),
            ...(evs.length > 0 ? [temporalSplit(evs, { quantile: q })] : []),
          ]) {
            expect(s.train.length + s.test.length).toBe(evs.length);
            const trainUsers = new Set(s.train.map((e) => e.userId));
            const without = [...new Set(s.test.map((e) => e.userId))].filter((u) => !trainUsers.has(u)).sort();
            expect(s.report.usersWithoutTrain).toEqual(without);
            if (s.report.cutoff !== undefined) for (const e of s.test) expect(e.timestamp).toBeGreaterThan(s.report.cutoff);
          }
        },
      ),
      { seed: 1234, numRuns: 100 },
    );
  });
});
