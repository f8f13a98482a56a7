import { describe, expect, it } from 'vitest';
import { evaluateLists } from '../../src/evaluation/evaluate-lists.js';
import { parseMetric } from '../../src/evaluation/metrics/index.js';
import { ConfigError } from '../../src/errors.js';

const lists = [
  { userId: 'u1', ranked: ['a', 'b'], relevant: new Set(['a']) },
  { userId: 'u2', ranked: ['c', 'a'], relevant: new Set(['a']) },
  { userId: 'u3', ranked: ['d', 'e'], relevant: new Set<string>() },
];

describe('evaluateLists', () => {
  it('averages user metrics over users with relevant items, with a t interval', () => {
    const r = evaluateLists(lists, [parseMetric('mrr@2'), parseMetric('item-coverage@2')], { context: { catalogue: ['a', 'b', 'c', 'd', 'e', 'f'] } });
    expect(r.users).toEqual(['u1', 'u2']);
    const mrr = r.metrics.get('mrr@2')!;
    expect(mrr.mean).toBe(0.75);
    expect(mrr.perUser).toEqual([1, 0.5]);
    // t interval 0.75 -/+ 12.706 * sd / sqrt(2) = 0.75 -/+ 3.18 runs past both ends: clipped to MRR's range [0, 1].
    const half = 12.70620474 * (Math.SQRT1_2 * 0.5) / Math.SQRT2;
    expect(0.75 - half).toBeLessThan(-2.4);
    expect(mrr.ci95).toEqual([0, 1]);
    // aggregate metrics see every list, u3 included
    expect(r.metrics.get('item-coverage@2')).toEqual({ mean: 5 / 6, ci95: [5 / 6, 5 / 6] });
  });
  it('can include users without relevant items and drop per-user vectors', () => {
    const r = evaluateLists(lists, [parseMetric('hit-rate@1')], { includeUsersWithoutRelevant: true, keepPerUser: false });
    expect(r.users).toEqual(['u1', 'u2', 'u3']);
    expect(r.metrics.get('hit-rate@1')!.mean).toBeCloseTo(1 / 3, 12);
    expect(r.metrics.get('hit-rate@1')!.perUser).toBeUndefined();
  });
  it('an aggregate metric without its context throws ConfigError', () => {
    expect(() => evaluateLists(lists, [parseMetric('novelty@2')])).toThrow(ConfigError);
  });
});
