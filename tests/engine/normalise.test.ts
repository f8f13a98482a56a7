/**
 * Each blend normalisation on a hand-computed case (DESIGN.md 4.3): ties, NaN (no opinion) at the
 * signal's minimum, degenerate inputs (all NaN, all equal, one valid), no mutation of the input.
 */
import { describe, expect, it } from 'vitest';
import { NORMALISATIONS, normaliseScores, usesTieRule, type Normalisation, type TieRule } from '../../src/engine/normalise.js';

// raw = [3, 1, NaN, 3, 2]: four opinions, a tie at the top.
const RAW = [3, 1, Number.NaN, 3, 2];

function run(method: Normalisation, raw: readonly number[], ties: TieRule = 'mean-rank'): { out: number[]; opinion: boolean } {
  const r = Float32Array.from(raw);
  const out = new Float32Array(r.length).fill(-99);
  const opinion = normaliseScores(r, method, out, new Int32Array(r.length), undefined, ties);
  return { out: Array.from(out), opinion };
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v, `position ${i}`).toBeCloseTo(expected[i]!, 6));
}

describe('normaliseScores', () => {
  it('percentile: best 1, worst 0, ties share their mean rank, NaN gets 0', () => {
    // Sorted: 3, 3 (ranks 0 and 1, mean 0.5), 2 (rank 2), 1 (rank 3); 1 - rank / 3.
    const { out, opinion } = run('percentile', RAW);
    expect(opinion).toBe(true);
    expectClose(out, [1 - 0.5 / 3, 0, 0, 1 - 0.5 / 3, 1 - 2 / 3]);
  });

  it('log-rank: 1 - ln(rank) / ln(N); ties at their mean rank or (below) their worst rank; NaN gets 0', () => {
    // N = 4 opinions. Mean ranks: the 3s share 1.5, then 3 and 4.
    expectClose(run('log-rank', RAW).out, [1 - Math.log(1.5) / Math.log(4), 0, 0, 1 - Math.log(1.5) / Math.log(4), 1 - Math.log(3) / Math.log(4)]);
    // below: the 3s take rank 2 (their worst), 2 rank 3, 1 rank 4 (0).
    expectClose(run('log-rank', RAW, 'below').out, [0.5, 0, 0, 0.5, 1 - Math.log(3) / Math.log(4)]);
    // The top of a long list is spread apart: rank 10 of 10,000 reads 0.75 (its percentile 0.999).
    const long = Array.from({ length: 10_000 }, (_, i) => 10_000 - i);
    expect(run('log-rank', long).out[9]).toBeCloseTo(0.75, 6);
    expect(run('percentile', long).out[9]).toBeCloseTo(1 - 9 / 9999, 6);
  });

  it('percentile-log (the default): the mean of the percentile and the log-rank, under either tie rule', () => {
    for (const ties of ['mean-rank', 'below'] as const) {
      const p = run('percentile', RAW, ties).out;
      const l = run('log-rank', RAW, ties).out;
      expectClose(run('percentile-log', RAW, ties).out, p.map((v, i) => (v + l[i]!) / 2));
    }
    // below, by hand: the 3s (worst rank 2 of 4): percentile 2/3, log-rank 0.5 -> 7/12.
    expect(run('percentile-log', RAW, 'below').out[0]).toBeCloseTo(7 / 12, 6);
    expect([...NORMALISATIONS].filter(usesTieRule)).toEqual(['percentile-log', 'percentile', 'log-rank']);
  });

  it('reciprocal-rank: 1 / rank, ties share the best rank of their group, NaN gets 0', () => {
    const { out } = run('reciprocal-rank', RAW);
    expectClose(out, [1, 1 / 4, 0, 1, 1 / 3]);
  });

  it('min-max: (s - min) / (max - min), NaN gets 0', () => {
    const { out } = run('min-max', RAW);
    expectClose(out, [1, 0, 0, 1, 0.5]);
  });

  it('z-score: (s - mean) / population sd, NaN gets the minimum z', () => {
    // mean 2.25; squared deviations 0.5625 + 1.5625 + 0.5625 + 0.0625 = 2.75; sd = sqrt(2.75 / 4).
    const sd = Math.sqrt(2.75 / 4);
    const { out } = run('z-score', RAW);
    expectClose(out, [0.75 / sd, -1.25 / sd, -1.25 / sd, 0.75 / sd, -0.25 / sd]);
    expect(out[0]).toBeCloseTo(0.904534, 6);
    expect(out[1]).toBeCloseTo(-1.507557, 6);
  });

  it('all NaN: no opinion, every output 0', () => {
    for (const m of NORMALISATIONS) {
      const { out, opinion } = run(m, [Number.NaN, Number.NaN, Number.NaN]);
      expect(opinion, m).toBe(false);
      expect(out, m).toEqual([0, 0, 0]);
    }
  });

  it('all equal: percentile 0.5 (one shared mean rank), reciprocal-rank 1, min-max 1, z-score 0', () => {
    expect(run('percentile', [2, 2, 2]).out).toEqual([0.5, 0.5, 0.5]);
    expect(run('reciprocal-rank', [2, 2, 2]).out).toEqual([1, 1, 1]);
    expect(run('min-max', [2, 2, 2]).out).toEqual([1, 1, 1]);
    expect(run('z-score', [2, 2, 2]).out).toEqual([0, 0, 0]);
    // The log-rank of one shared mean rank depends on N (ln 2 / ln 3 of the way down for three);
    // below, a tie group of everything sits at the worst rank: 0.
    expectClose(run('log-rank', [2, 2, 2]).out, [1, 1, 1].map(() => 1 - Math.log(2) / Math.log(3)));
    expect(run('log-rank', [2, 2, 2], 'below').out).toEqual([0, 0, 0]);
  });

  it('a single opinion: the best value of each scale, NaN at the minimum', () => {
    expect(run('percentile', [Number.NaN, 7]).out).toEqual([0, 1]);
    expect(run('log-rank', [Number.NaN, 7]).out).toEqual([0, 1]);
    expect(run('percentile-log', [Number.NaN, 7], 'below').out).toEqual([0, 1]);
    expect(run('reciprocal-rank', [Number.NaN, 7]).out).toEqual([0, 1]);
    expect(run('min-max', [Number.NaN, 7]).out).toEqual([0, 1]);
    expect(run('z-score', [Number.NaN, 7]).out).toEqual([0, 0]);
  });

  it('negative and mixed-sign scores keep their order on every scale', () => {
    const raw = [-2, 0.5, -0.5, 4];
    for (const m of NORMALISATIONS) {
      const { out } = run(m, raw);
      expect(out[3]!, m).toBeGreaterThan(out[1]!);
      expect(out[1]!, m).toBeGreaterThan(out[2]!);
      expect(out[2]!, m).toBeGreaterThan(out[0]!);
    }
    expectClose(run('percentile', raw).out, [0, 2 / 3, 1 / 3, 1]);
    expectClose(run('min-max', raw).out, [0, 2.5 / 6, 1.5 / 6, 1]);
  });

  it('never emits NaN and does not mutate the raw scores', () => {
    const raw = Float32Array.from(RAW);
    const copy = Array.from(raw);
    for (const m of NORMALISATIONS) {
      const out = new Float32Array(raw.length);
      normaliseScores(raw, m, out, new Int32Array(raw.length));
      expect(out.some((v) => Number.isNaN(v)), m).toBe(false);
      expect(Array.from(raw)).toEqual(copy);
    }
  });
});
