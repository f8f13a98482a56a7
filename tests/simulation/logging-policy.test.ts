import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import type { SlateItem } from '../../src/engine/index.js';
import { shownSlate } from '../../src/simulation/feedback-loop/exploration.js';
import { generateMarketplace, simulateFeedbackLoop, type FeedbackLoopResult } from '../../src/simulation/index.js';

const market = generateMarketplace({ seed: 5, users: 60, products: 120, merchants: 12, days: 10 });
const run = (extra: object = {}): FeedbackLoopResult => simulateFeedbackLoop({ marketplace: market, rounds: 3, usersPerRound: 20, n: 6, refitEvery: 2, seed: 9, ...extra });

describe('the feedback loop logs impressions with positions', () => {
  const result = run();

  it('one impression per shown slot: positions 1..n per user and round, with the slate\'s time and session', () => {
    expect(result.impressions).toHaveLength(3 * 20 * 6);
    const slates = new Map<string, number[]>();
    for (const e of result.impressions) {
      expect(e.type).toBe('impression');
      expect(e.surface).toBe('feedback-loop');
      const key = `${e.userId} ${e.sessionId} ${e.timestamp}`;
      slates.set(key, [...(slates.get(key) ?? []), e.position!]);
    }
    expect(slates.size).toBe(60);
    for (const positions of slates.values()) expect(positions).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.rounds.map((r) => r.time)).toEqual([...new Set(result.impressions.map((e) => e.timestamp))]);
  });

  it('every click is on an impression of the same user, product, round and position', () => {
    const shown = new Set(result.impressions.map((e) => `${e.userId} ${e.productId} ${e.sessionId} ${e.position}`));
    expect(result.clicks.length).toBeGreaterThan(0);
    for (const c of result.clicks) expect(shown.has(`${c.userId} ${c.productId} ${c.sessionId} ${c.position}`)).toBe(true);
  });
});

describe('randomised logging', () => {
  it('epsilon: about epsilon of the slots show a uniformly drawn product on the explore surface; seeded', () => {
    const a = run({ exploration: { kind: 'epsilon', epsilon: 0.25 } });
    const explored = a.impressions.filter((e) => e.surface === 'explore').length;
    // 360 slots, each randomised with probability 0.25: mean 90, sd about 8.2; 5 sd either side.
    expect(explored).toBeGreaterThan(90 - 41);
    expect(explored).toBeLessThan(90 + 41);
    // Distinct products per slate, and bit-identical again with the same seed.
    const slates = new Map<string, Set<string>>();
    for (const e of a.impressions) {
      const key = `${e.userId} ${e.sessionId}`;
      const set = slates.get(key) ?? new Set<string>();
      expect(set.has(e.productId)).toBe(false);
      slates.set(key, set.add(e.productId));
    }
    expect(JSON.stringify(run({ exploration: { kind: 'epsilon', epsilon: 0.25 } }).impressions)).toBe(JSON.stringify(a.impressions));
    expect(JSON.stringify(run().impressions)).not.toBe(JSON.stringify(a.impressions));
  });

  it('shownSlate: epsilon replaces only the drawn slots; plackett-luce samples without replacement, favouring high scores', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ productId: `p${i}`, score: 1 - i / 30 }) as unknown as SlateItem);
    const catalogue = Array.from({ length: 200 }, (_, i) => `c${i}`);
    const none = shownSlate(items, { kind: 'epsilon', epsilon: 1e-9, surface: 'explore' }, 5, catalogue, new Rng(1), 'base');
    expect(none.productIds).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    const all = shownSlate(items, { kind: 'epsilon', epsilon: 0.999999, surface: 'explore' }, 5, catalogue, new Rng(1), 'base');
    expect(all.surfaces).toEqual(['explore', 'explore', 'explore', 'explore', 'explore']);
    expect(all.productIds.every((id) => id.startsWith('c'))).toBe(true);
    let topFirst = 0;
    for (let s = 0; s < 200; s++) {
      const pl = shownSlate(items, { kind: 'plackett-luce', temperature: 0.1 }, 5, catalogue, new Rng(s), 'base');
      expect(new Set(pl.productIds).size).toBe(5);
      if (pl.productIds[0] === 'p0') topFirst++;
    }
    // Softmax of (1 - i/30) / 0.1 over 30 items puts p0 first with probability about 0.28, p29 with 2e-5.
    expect(topFirst).toBeGreaterThan(30);
    expect(topFirst).toBeLessThan(90);
  });
});
