/**
 * The blend tuner's search, by hand: coordinate ascent over a re-blender on captured requests
 * built here, where the best weights are known by construction, and the noise guard.
 */
import { describe, expect, it } from 'vitest';
import { coordinateAscent, keepsGain, pairedGain, type Coordinate } from '../../src/evaluation/tune/ascent.js';
import type { CapturedRequest, CapturedRequests } from '../../src/evaluation/tune/capture.js';
import { DEFAULT_GRIDS, resolveGrids, searchCoordinates } from '../../src/evaluation/tune/grids.js';
import { autoHalfLifeDays, configHalfLife, halfLifeLabel, parseHalfLife, resolveHalfLifeDays } from '../../src/evaluation/tune/half-life.js';
import { Reblender, type BlendSetting } from '../../src/evaluation/tune/reblend.js';

/**
 * One request over five candidates in position order [D1, R, D2, D3, D4]; R is the relevant one.
 * Signal A ranks R, D1, D2, D3, D4; signal B ranks D1, D2, D3, D4, R. Percentiles (tie rule
 * 'below', five distinct scores): 1, 0.75, 0.5, 0.25, 0. With weights a, b and no prior:
 * R = a / (a + b), D1 = (0.75 a + b) / (a + b), D2 = (0.5 a + 0.75 b) / (a + b), ...
 * R is first iff a > 4 b; at a = 4 b, R and D1 tie and D1 comes first by position.
 */
function request(userId: string, a: readonly number[], b: readonly number[], relevant = 1): CapturedRequest {
  return {
    userId,
    ids: Int32Array.of(0, 1, 2, 3, 4),
    raw: [Float32Array.from(a), Float32Array.from(b)],
    boosts: [],
    relevant: Uint8Array.from([0, 1, 2, 3, 4], (c) => (c === relevant ? 1 : 0)),
    relevantCount: 1,
    coldStart: false,
  };
}
const A = [4, 5, 3, 2, 1];
const B = [5, 1, 4, 3, 2];
const captured = (requests: CapturedRequest[]): CapturedRequests => ({ names: ['a', 'b'], types: ['a', 'b'], baseline: -1, requests });
const START: BlendSetting = { normalisation: 'percentile', weights: [1, 1], ties: 'below', priorWeight: 0, priorValue: 0, boostWeight: 0, boostHalfSaturation: 1 };
const LOG = (rank: number): number => 1 / Math.log2(rank + 1);

function weightCoordinates(rb: Reblender): Coordinate<BlendSetting>[] {
  const grids = { ...resolveGrids({ priorWeights: [], ties: [], boostWeights: [], normalisations: [] }, null) };
  return searchCoordinates(rb, ['a', 'b'], ['a', 'b'], grids, 'percentile', []);
}

describe('coordinate ascent on captured requests', () => {
  it('raises the signal that carries the relevant items and drops the one that buries them (hand-computed steps)', () => {
    const rb = new Reblender(captured(Array.from({ length: 8 }, (_, u) => request(`u${u}`, A, B))));
    // At (1, 1): R = 0.5, D1 = 0.875, D2 = 0.625, D3 = 0.375: R is third.
    expect([...rb.ndcg(START, 10)]).toEqual(Array(8).fill(LOG(3)));
    const result = coordinateAscent(START, weightCoordinates(rb), (s) => rb.ndcg(s, 10), { maxRounds: 4, minGainStandardErrors: 1 });
    // Round 1, weight of a (b = 1): a = 2 and a = 4 both put R second (a = 4 ties D1, which comes first);
    // the first of equal gains in grid order wins: a = 2. Weight of b (a = 2): b = 0, 0.1 and 0.25 put
    // R first (a > 4 b); b = 0 is first. Round 2 changes nothing (a = 0 would leave no signal).
    expect(result.steps.map((s) => [s.round, s.parameter, s.from, s.to])).toEqual([
      [1, 'weight of a', 1, 2],
      [1, 'weight of b', 1, 0],
    ]);
    expect(result.steps[0]!.score).toBeCloseTo(LOG(2), 12);
    expect(result.steps[0]!.gain).toBeCloseTo(LOG(2) - LOG(3), 12);
    expect(result.steps[1]!.score).toBe(1);
    expect(result.setting.weights).toEqual([2, 0]);
    expect([...result.scores]).toEqual(Array(8).fill(1));
    expect(result.rounds).toBe(2);
  });

  it('starts from the best alternative start that beats the given one (round 0), then ascends from there', () => {
    const rb = new Reblender(captured(Array.from({ length: 8 }, (_, u) => request(`u${u}`, A, B))));
    const starts = [
      { name: 'b alone', setting: { ...START, weights: [0, 1] } },
      { name: 'a alone', setting: { ...START, weights: [1, 0] } },
    ];
    const result = coordinateAscent(START, weightCoordinates(rb), (s) => rb.ndcg(s, 10), { maxRounds: 4, minGainStandardErrors: 1, starts });
    // b alone puts R last (worse than the start); a alone puts it first.
    expect(result.steps).toEqual([{ round: 0, parameter: 'start', from: 'as configured', to: 'a alone', score: 1, gain: 1 - LOG(3), standardError: 0 }]);
    expect(result.setting.weights).toEqual([1, 0]);
    expect(result.rounds).toBe(1);
  });

  it('keeps no change that only one user supports, and keeps it when the guard is off', () => {
    // Seven users whose ranking no weight changes (A and B agree on R), one user as above.
    const agree = [1, 5, 4, 3, 2];
    const requests = [...Array.from({ length: 7 }, (_, u) => request(`n${u}`, agree, agree)), request('u', A, B)];
    const rb = new Reblender(captured(requests));
    const guarded = coordinateAscent(START, weightCoordinates(rb), (s) => rb.ndcg(s, 10), { maxRounds: 4, minGainStandardErrors: 1 });
    expect(guarded.steps).toEqual([]);
    expect(guarded.setting).toBe(START);
    const open = coordinateAscent(START, weightCoordinates(rb), (s) => rb.ndcg(s, 10), { maxRounds: 4, minGainStandardErrors: 0 });
    expect(open.setting.weights).toEqual([2, 0]);
  });

  it('is deterministic: the same captured requests give the same steps and scores, bit for bit', () => {
    const make = (): Reblender => new Reblender(captured(Array.from({ length: 8 }, (_, u) => request(`u${u}`, A, u % 2 === 0 ? B : A))));
    const run = () => {
      const rb = make();
      return coordinateAscent(START, weightCoordinates(rb), (s) => rb.ndcg(s, 10), { maxRounds: 4, minGainStandardErrors: 1 });
    };
    expect(run()).toEqual(run());
  });

  it('never visits a setting the caller forbids', () => {
    const rb = new Reblender(captured([request('u0', A, B), request('u1', A, B)]));
    const visited: BlendSetting[] = [];
    coordinateAscent(START, weightCoordinates(rb), (s) => (visited.push(s), rb.ndcg(s, 10)), { maxRounds: 2, minGainStandardErrors: 1, allowed: (s) => s.weights[0]! > 0 });
    expect(visited.length).toBeGreaterThan(5);
    expect(visited.every((s) => s.weights[0]! > 0)).toBe(true);
  });
});

describe('the noise guard', () => {
  it('one user gaining g among n is exactly one standard error; two users are more', () => {
    for (const n of [4, 10, 50]) {
      const one = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0.3 : 0));
      const { gain, standardError } = pairedGain(one, new Float64Array(n));
      expect(gain).toBeCloseTo(0.3 / n, 15);
      expect(standardError).toBeCloseTo(0.3 / n, 15);
      expect(keepsGain(one, new Float64Array(n), 1)).toBe(false);
      const two = Float64Array.from({ length: n }, (_, i) => (i < 2 ? 0.3 : 0));
      // t = sqrt(2 (n - 1) / (n - 2)) > 1.
      const t = pairedGain(two, new Float64Array(n));
      expect(t.gain / t.standardError).toBeCloseTo(Math.sqrt((2 * (n - 1)) / (n - 2)), 12);
      expect(keepsGain(two, new Float64Array(n), 1)).toBe(true);
    }
  });

  it('refuses gains below 1e-4 even without noise, and losses', () => {
    expect(keepsGain(Float64Array.of(0.00005, 0.00005), Float64Array.of(0, 0), 0)).toBe(false);
    expect(keepsGain(Float64Array.of(0.0002, 0.0002), Float64Array.of(0, 0), 0)).toBe(true);
    expect(keepsGain(Float64Array.of(0, 0), Float64Array.of(0.5, 0.5), 0)).toBe(false);
  });
});

describe('grids', () => {
  it('defaults, the config half-life first, and bad values named by key', () => {
    const g = resolveGrids(undefined, 30);
    expect(g.weights).toEqual(DEFAULT_GRIDS.weights);
    expect(g.halfLives).toEqual([30, 'auto', 'auto*0.5', 'auto*2', null]);
    expect(resolveGrids(undefined, 'auto').halfLives).toEqual(['auto', 'auto*0.5', 'auto*2', null]);
    expect(() => resolveGrids({ weights: [1, -1] }, null)).toThrow(/grids\.weights\.1: expected a number in \[0, /);
    expect(() => resolveGrids({ priorWeights: [101] }, null)).toThrow(/grids\.priorWeights\.0/);
    expect(() => resolveGrids({ halfLives: ['auto', 'auto*x' as 'auto'] }, null)).toThrow(/grids\.halfLives\.1: expected a half-life/);
    expect(() => resolveGrids({ ties: ['middle' as 'below'] }, null)).toThrow(/grids\.ties\.0: expected one of mean-rank, below/);
    expect(() => resolveGrids({ normalisations: ['percentile', 'cosine' as 'min-max'] }, null)).toThrow(/grids\.normalisations\.1: expected one of percentile-log, percentile, log-rank, reciprocal-rank, min-max, z-score/);
  });

  it('leaves out knobs that cannot matter, with a note', () => {
    const notes: string[] = [];
    const silent = request('u', A, [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    const coordinates = searchCoordinates(new Reblender(captured([silent])), ['a', 'b'], ['a', 'b'], resolveGrids(undefined, null), 'percentile', notes);
    expect(coordinates.map((c) => c.name)).toEqual(['weight of a', 'normalisation', 'blend.ties', 'blend.prior.weight']);
    expect(notes).toEqual(['weight of b not tuned: it has no opinion on any validation candidate', 'boost.weight not tuned: no topic boosts a candidate of a validation user']);
    // The configured normalisation is tried first; the tie rule is a knob of the rank curves only.
    const names = (normalisations: Array<'percentile' | 'min-max' | 'z-score'> | undefined) =>
      searchCoordinates(new Reblender(captured([silent])), ['a', 'b'], ['a'], resolveGrids(normalisations === undefined ? {} : { normalisations }, null), 'min-max', []);
    expect(names(undefined).find((c) => c.name === 'normalisation')!.values).toEqual(['min-max', 'percentile-log', 'percentile', 'log-rank', 'z-score']);
    expect(names(undefined).map((c) => c.name)).toEqual(['weight of a', 'normalisation', 'blend.ties', 'blend.prior.weight']);
    expect(names(['min-max', 'z-score']).map((c) => c.name)).toEqual(['weight of a', 'normalisation', 'blend.prior.weight']);
    expect(names([]).map((c) => c.name)).toEqual(['weight of a', 'blend.prior.weight']);
  });
});

describe('half-life options', () => {
  it('parse, resolve against the data\'s auto half-life, and go into a config as auto, days or null', () => {
    expect(parseHalfLife('auto*0.5', 'h')).toEqual({ factor: 0.5 });
    expect(parseHalfLife(14, 'h')).toEqual({ days: 14 });
    expect(parseHalfLife(null, 'h')).toEqual({ days: null });
    for (const bad of [0, -1, 'auto*0', 'auto*', 'Auto', '2x', Infinity]) expect(() => parseHalfLife(bad, 'grids.halfLives.3')).toThrow(/^grids\.halfLives\.3: expected a half-life/);
    expect(resolveHalfLifeDays('auto*2', 10)).toBe(20);
    expect(resolveHalfLifeDays('auto', 10)).toBe(10);
    expect(resolveHalfLifeDays('auto*2', null)).toBeNull();
    expect(resolveHalfLifeDays(3, null)).toBe(3);
    // auto stays relative; auto*F becomes F times the auto half-life of the data the config is fitted on.
    expect(configHalfLife('auto', () => 8)).toBe('auto');
    expect(configHalfLife('auto*0.5', () => 8)).toBe(4);
    expect(configHalfLife(null, () => 8)).toBeNull();
    expect([halfLifeLabel(null), halfLifeLabel(7), halfLifeLabel('auto*2')]).toEqual(['no decay', '7 days', 'auto*2']);
  });

  it('auto is the median age of the positive training events at the end of training (hand-computed)', () => {
    const DAY = 86_400_000;
    const at = (days: number, type = 'click') => ({ userId: 'u', productId: 'p', type, timestamp: 10 * DAY - days * DAY });
    const data = {
      products: [{ id: 'p', merchantId: 'm', title: 'p', description: '', tags: [], category: '', inStock: true }],
      merchants: [],
      topics: [],
      // Ages 0, 1, 3, 7 days (and an impression 9 days old, which carries no weight): the median (lower) is 1 day.
      events: [at(0), at(1), at(3), at(7), at(9, 'impression')],
    };
    expect(autoHalfLifeDays(data, { typeWeights: {}, halfLifeDays: 'auto', outlierUsers: 'keep' })).toBe(1);
    expect(autoHalfLifeDays({ ...data, events: [at(0), at(0)] }, { typeWeights: {}, halfLifeDays: 'auto', outlierUsers: 'keep' })).toBeNull();
  });
});
