import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/_internal/rng.js';
import type { RecommenderConfigInput } from '../../src/engine/index.js';
import { ConfigError } from '../../src/errors.js';
import { gini } from '../../src/evaluation/metrics/gini.js';
import {
  clickProbability,
  clickSeed,
  compareFeedbackLoops,
  drawClicks,
  feedbackLoopTables,
  generateMarketplace,
  lambdaVariants,
  parseFeedbackLoopOptions,
  sampleRoundUsers,
  simulateFeedbackLoop,
  truthPreferences,
  trueRelevance,
  type ClickModel,
  type UserPreferences,
} from '../../src/simulation/index.js';

const POSITION_LOG: ClickModel = { kind: 'position', exposure: { kind: 'log' } };

/** A uniform source that replays fixed draws (and fails when it runs out). */
function scripted(draws: number[]): { next(): number; used(): number } {
  let i = 0;
  return {
    next() {
      const v = draws[i++];
      if (v === undefined) throw new Error('ran out of scripted draws');
      return v;
    },
    used: () => i,
  };
}

describe('feedback-loop options', () => {
  it('fills every default', () => {
    expect(parseFeedbackLoopOptions()).toEqual({
      seed: 1,
      rounds: 10,
      usersPerRound: 50,
      n: 10,
      refitEvery: 5,
      roundMinutes: 60,
      clickModel: { kind: 'position', exposure: { kind: 'log' } },
      clickType: 'click',
      exploration: { kind: 'none' },
    });
    expect(parseFeedbackLoopOptions({ exploration: { kind: 'epsilon', epsilon: 0.1 } }).exploration).toEqual({ kind: 'epsilon', epsilon: 0.1, surface: 'explore' });
    expect(parseFeedbackLoopOptions({ clickModel: { kind: 'cascade' } }).clickModel).toEqual({ kind: 'cascade', patience: 1 });
  });

  it('rejects unknown keys and bad values with a ConfigError naming the key', () => {
    expect(() => parseFeedbackLoopOptions({ round: 3 } as never)).toThrow(ConfigError);
    expect(() => parseFeedbackLoopOptions({ round: 3 } as never)).toThrow(/feedback loop config: .*round/);
    const error = (() => {
      try {
        parseFeedbackLoopOptions({ rounds: 0 });
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.path).toBe('rounds');
    expect(() => parseFeedbackLoopOptions({ clickModel: { kind: 'cascade', patience: 2 } })).toThrow(/clickModel\.patience/);
  });
});

describe('click model', () => {
  it('P(click) = v(rank) * relevance under the position model', () => {
    expect(clickProbability(POSITION_LOG, 1, 0.7)).toBe(0.7);
    expect(clickProbability(POSITION_LOG, 3, 0.4)).toBe(0.5 * 0.4);
    expect(clickProbability(POSITION_LOG, 2, 1)).toBeCloseTo(1 / Math.log2(3), 15);
    expect(clickProbability({ kind: 'position', exposure: { kind: 'geometric', gamma: 0.5 } }, 3, 0.8)).toBe(0.25 * 0.8);
    expect(clickProbability({ kind: 'position', exposure: { kind: 'custom', weights: [1, 0.3] } }, 3, 1)).toBe(0);
    // Relevance outside [0, 1] is clamped: never a probability above 1 or below 0.
    expect(clickProbability(POSITION_LOG, 1, 3)).toBe(1);
    expect(clickProbability(POSITION_LOG, 1, -1)).toBe(0);
    expect(clickProbability({ kind: 'cascade', patience: 1 }, 5, 0.3)).toBe(0.3);
  });

  it('draws the hand-checked clicks of a position-model slate, one draw per rank', () => {
    // P = [1 * 1, 0.6309 * 0.5, 0.5 * 0.2] = [1, 0.3155, 0.1]; draws 0.99, 0.3, 0.2 -> click, click, no click.
    const out = new Uint8Array(4).fill(7);
    const rng = scripted([0.99, 0.3, 0.2]);
    expect(drawClicks([1, 0.5, 0.2], POSITION_LOG, rng, out)).toBe(2);
    expect(Array.from(out.subarray(0, 3))).toEqual([1, 1, 0]);
    expect(rng.used()).toBe(3);
    // 0.32 >= 0.3155: no click at rank 2.
    const out2 = new Uint8Array(3);
    expect(drawClicks([1, 0.5, 0.2], POSITION_LOG, scripted([0.99, 0.32, 0.09]), out2)).toBe(2);
    expect(Array.from(out2)).toEqual([1, 0, 1]);
  });

  it('stops a cascade at the first click, and at a failed patience check', () => {
    const out = new Uint8Array(4);
    // rank 1: 0.6 >= 0.5 no; rank 2: 0.4 < 0.5 click, stop.
    const rng = scripted([0.6, 0.4]);
    expect(drawClicks([0.5, 0.5, 0.9, 0.9], { kind: 'cascade', patience: 1 }, rng, out)).toBe(1);
    expect(Array.from(out)).toEqual([0, 1, 0, 0]);
    expect(rng.used()).toBe(2);
    // patience 0.5: rank 1 no click (0.9), reads on (0.2 < 0.5); rank 2 no click (0.8), leaves (0.7 >= 0.5).
    const rng2 = scripted([0.9, 0.2, 0.8, 0.7]);
    expect(drawClicks([0.5, 0.5, 0.9, 0.9], { kind: 'cascade', patience: 0.5 }, rng2, out)).toBe(0);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
    expect(rng2.used()).toBe(4);
  });

  it('click frequencies over many seeded slates match v(rank) * relevance', () => {
    const relevance = [0.9, 0.6, 0.3];
    const counts = [0, 0, 0];
    const trials = 40_000;
    const rng = new Rng(11);
    const out = new Uint8Array(3);
    for (let t = 0; t < trials; t++) {
      drawClicks(relevance, POSITION_LOG, rng, out);
      for (let r = 0; r < 3; r++) counts[r]! += out[r]!;
    }
    for (let r = 0; r < 3; r++) {
      const p = relevance[r]! / Math.log2(r + 2);
      // Within 4 standard errors (the draws are seeded, so this is one fixed outcome).
      expect(Math.abs(counts[r]! / trials - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / trials));
    }
  });
});

describe('round user samples', () => {
  it('are distinct, in range, seeded per round, and everyone when asked for more', () => {
    const a = sampleRoundUsers(7, 0, 50, 20);
    expect(a).toHaveLength(20);
    expect(new Set(a).size).toBe(20);
    expect(Array.from(a).every((u) => u >= 0 && u < 50)).toBe(true);
    expect(sampleRoundUsers(7, 0, 50, 20)).toEqual(a);
    expect(Array.from(sampleRoundUsers(7, 1, 50, 20))).not.toEqual(Array.from(a));
    expect(Array.from(sampleRoundUsers(8, 0, 50, 20))).not.toEqual(Array.from(a));
    expect(Array.from(sampleRoundUsers(7, 0, 5, 9)).sort()).toEqual([0, 1, 2, 3, 4]);
    // Click seeds depend on seed, round and user only.
    expect(clickSeed(7, 2, 'u-01')).toBe(clickSeed(7, 2, 'u-01'));
    expect(clickSeed(7, 2, 'u-01')).not.toBe(clickSeed(7, 2, 'u-02'));
    expect(clickSeed(7, 2, 'u-01')).not.toBe(clickSeed(7, 3, 'u-01'));
  });
});

/** A hand-sized marketplace: 3 merchants (one per tier), 6 products, 4 users with some history. */
function tinyMarketplace() {
  const T = Date.UTC(2026, 5, 1);
  const products = [
    { id: 'h1', merchantId: 'head', title: 'Head bag' },
    { id: 'h2', merchantId: 'head', title: 'Head cap' },
    { id: 'h3', merchantId: 'head', title: 'Head mug' },
    { id: 'm1', merchantId: 'mid', title: 'Mid pen' },
    { id: 'm2', merchantId: 'mid', title: 'Mid ink' },
    { id: 's1', merchantId: 'small', title: 'Small tea' },
  ];
  const merchants = [
    { id: 'head', tier: 'head' as const },
    { id: 'mid', tier: 'mid' as const },
    { id: 'small', tier: 'small' as const },
  ];
  const events = [
    ['a', 'h1'],
    ['a', 'm1'],
    ['b', 'h1'],
    ['b', 'h2'],
    ['c', 'h2'],
    ['c', 's1'],
    ['d', 'h3'],
    ['d', 'm2'],
  ].map(([userId, productId], i) => ({ userId: userId!, productId: productId!, type: 'click', timestamp: T + i * 60_000 }));
  return { products, merchants, events };
}

const TINY_RECOMMENDER: RecommenderConfigInput = {
  signals: [
    { type: 'item-knn', weight: 1 },
    { type: 'popularity', weight: 0.2 },
  ],
};

/** Every user wants everything equally: relevance `value` for every product. */
function flatPreferences(value: number): UserPreferences {
  return { userIds: ['a', 'b', 'c', 'd'], relevance: () => value };
}

describe('simulateFeedbackLoop on a hand-checkable tiny case', () => {
  it('with relevance 1 and exposure only at rank 1, every slate gets exactly one click, at rank 1', () => {
    const result = simulateFeedbackLoop({
      marketplace: tinyMarketplace(),
      preferences: flatPreferences(1),
      recommender: TINY_RECOMMENDER,
      clickModel: { kind: 'position', exposure: { kind: 'custom', weights: [1] } },
      rounds: 3,
      usersPerRound: 4,
      n: 2,
      refitEvery: 2,
      roundMinutes: 30,
      start: Date.UTC(2026, 5, 2),
    });
    expect(result.rounds.map((r) => [r.round, r.users, r.clicks, r.refit])).toEqual([
      [1, 4, 4, false],
      [2, 4, 4, true],
      [3, 4, 4, false],
    ]);
    expect(result.rounds.map((r) => r.time)).toEqual([0, 1, 2].map((k) => Date.UTC(2026, 5, 2) + k * 30 * 60_000));
    expect(result.clicks.every((e) => e.position === 1 && e.type === 'click' && e.surface === 'feedback-loop')).toBe(true);
    expect(result.summary.clicks).toBe(12);
    expect(result.summary.clicksPerSlate).toBe(1);
    // Clicks feed back: an item a user clicked (or saw in the history) is never served to that user again.
    const history = new Map<string, Set<string>>();
    for (const e of tinyMarketplace().events) history.set(e.userId, (history.get(e.userId) ?? new Set()).add(e.productId));
    for (const e of result.clicks) {
      const seen = history.get(e.userId)!;
      expect(seen.has(e.productId)).toBe(false);
      seen.add(e.productId);
    }
    // Exposure exists only at rank 1 and every rank-1 item is clicked, so a round's merchant
    // exposure is its click count per merchant: the metrics can be recomputed from the clicks.
    const merchantOf = new Map(tinyMarketplace().products.map((p) => [p.id, p.merchantId]));
    for (const round of result.rounds) {
      const clicks = result.clicks.filter((e) => e.sessionId === `round-${round.round}`);
      const perMerchant = ['head', 'mid', 'small'].map((m) => clicks.filter((e) => merchantOf.get(e.productId) === m).length);
      expect(round.merchantGini).toBeCloseTo(gini(perMerchant), 12);
      expect(round.smallTierShare).toBeCloseTo(perMerchant[2]! / 4, 12);
      expect(round.headTierShare).toBeCloseTo(perMerchant[0]! / 4, 12);
      expect(round.smallTierClickShare).toBeCloseTo(perMerchant[2]! / 4, 12);
      // Coverage counts every shown item (both ranks), so at least the distinct clicked ones.
      expect(round.itemCoverage).toBeGreaterThanOrEqual(new Set(clicks.map((e) => e.productId)).size / 6);
    }
    expect(result.summary.smallTierCatalogueShare).toBeCloseTo(1 / 6, 12);
  });

  it('with relevance 0 nobody clicks; with exposure [1, 0.5] the clicks replay the seeded draws', () => {
    const base = {
      marketplace: tinyMarketplace(),
      recommender: TINY_RECOMMENDER,
      rounds: 2,
      usersPerRound: 3,
      n: 3,
      seed: 5,
      refitEvery: 0,
    };
    const none = simulateFeedbackLoop({ ...base, preferences: flatPreferences(0) });
    expect(none.rounds.map((r) => r.clicks)).toEqual([0, 0]);
    expect(none.summary.smallTierClickShare).toBe(0);

    const half = simulateFeedbackLoop({
      ...base,
      preferences: flatPreferences(1),
      clickModel: { kind: 'position', exposure: { kind: 'custom', weights: [1, 0.5] } },
    });
    // Replay: each user's stream gives one draw per rank; P = 1, 0.5, 0 for ranks 1, 2, 3.
    const expected: number[] = [];
    for (let r = 0; r < 2; r++) {
      for (const u of sampleRoundUsers(5, r, 4, 3)) {
        const rng = new Rng(clickSeed(5, r, ['a', 'b', 'c', 'd'][u]!));
        const draws = [rng.next(), rng.next(), rng.next()];
        expected.push(1, ...(draws[1]! < 0.5 ? [2] : []));
      }
    }
    expect(half.clicks.map((e) => e.position)).toEqual(expected);
  });

  it('needs preferences or a generated marketplace', () => {
    expect(() => simulateFeedbackLoop({ marketplace: tinyMarketplace(), rounds: 1 })).toThrow(ConfigError);
    expect(() => simulateFeedbackLoop({ marketplace: tinyMarketplace(), preferences: flatPreferences(1), rounds: 1, n: 0 })).toThrow(
      /feedback loop config: n:/,
    );
  });
});

describe('simulateFeedbackLoop on a generated marketplace', () => {
  const marketplace = generateMarketplace({ seed: 5, users: 80, products: 90, merchants: 14, days: 7 });
  const recommender: RecommenderConfigInput = {
    signals: [
      { type: 'ials', factors: 16, iterations: 6 },
      { type: 'item-knn', weight: 1 },
      { type: 'popularity', weight: 0.1 },
    ],
  };
  const settings = { marketplace, rounds: 6, usersPerRound: 30, refitEvery: 3, seed: 9 } as const;

  it('is deterministic bit for bit per seed, the seed matters, and the input is not mutated', () => {
    const before = structuredClone(marketplace);
    const a = simulateFeedbackLoop({ ...settings, recommender });
    expect(marketplace).toEqual(before);
    const b = simulateFeedbackLoop({ ...settings, recommender });
    expect(b).toEqual(a);
    expect(a.clicks.length).toBeGreaterThan(0);
    const c = simulateFeedbackLoop({ ...settings, recommender, seed: 10 });
    expect(c.clicks).not.toEqual(a.clicks);
  });

  it('records every round and pools them into the summary', () => {
    const r = simulateFeedbackLoop({ ...settings, recommender, label: 'default' });
    expect(r.label).toBe('default');
    expect(r.lambda).toBe(0.5); // the recommender's default
    expect(r.rounds).toHaveLength(6);
    expect(r.rounds.map((x) => x.refit)).toEqual([false, false, true, false, false, false]);
    const last = Math.max(...marketplace.events.map((e) => e.timestamp));
    expect(r.rounds.map((x) => x.time)).toEqual([1, 2, 3, 4, 5, 6].map((k) => last + k * 3_600_000));
    for (const x of r.rounds) {
      expect(x.users).toBe(30);
      for (const v of [x.merchantGini, x.smallTierShare, x.headTierShare, x.smallTierClickShare, x.itemCoverage, x.meritError]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      // 30 slates of 10 over 90 products: at most 300 / 90 of the catalogue.
      expect(x.itemCoverage).toBeGreaterThan(0.1);
    }
    const sum = r.rounds.reduce((s, x) => s + x.clicks, 0);
    expect(r.summary.clicks).toBe(sum);
    expect(r.clicks).toHaveLength(sum);
    expect(sum).toBeGreaterThan(0);
    expect(r.summary.clicksPerSlate).toBeCloseTo(sum / 180, 12);
    // Pooled coverage is at least every round's coverage.
    expect(r.summary.itemCoverage).toBeGreaterThanOrEqual(Math.max(...r.rounds.map((x) => x.itemCoverage)));
    // Clicks come from the true preferences: clicked items are more relevant than the catalogue on average.
    const prefs = truthPreferences(marketplace.truth);
    const index = new Map(marketplace.truth.userIds.map((id, u) => [id, u]));
    const clickedRel = r.clicks.reduce((s, e) => s + prefs.relevance(index.get(e.userId)!, e.productId), 0) / r.clicks.length;
    let all = 0;
    for (let u = 0; u < 80; u++) for (let p = 0; p < 90; p++) all += trueRelevance(marketplace.truth, u, p);
    expect(clickedRel).toBeGreaterThan(all / (80 * 90));
  });

  it('with lambda > 0 the small tier gets more exposure over the run than with lambda 0, on the same seeds', () => {
    const [off, on] = compareFeedbackLoops({ ...settings, variants: lambdaVariants([0, 0.3], recommender) });
    expect(off!.label).toBe('lambda=0');
    expect(on!.lambda).toBe(0.3);
    // Same seeds: the first round serves the same users, in the same order.
    const roundOneUsers = (r: typeof on) => [...new Set(r!.impressions.filter((e) => e.sessionId === 'round-1').map((e) => e.userId))];
    expect(roundOneUsers(on)).toHaveLength(30);
    expect(roundOneUsers(on)).toEqual(roundOneUsers(off));
    expect(on!.summary.smallTierShare).toBeGreaterThan(off!.summary.smallTierShare);
    expect(on!.summary.merchantGini).toBeLessThan(off!.summary.merchantGini);
    const table = feedbackLoopTables([off!, on!]);
    expect(table).toContain('| lambda=0 | 0 |');
    expect(table).toContain('| lambda=0.3 | 0.3 |');
    expect(table.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(12);
  });
});
