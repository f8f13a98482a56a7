import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { averagePrecision, hitRate, ndcg, precision, recall, reciprocalRank } from '../../src/evaluation/metrics/index.js';
import type { MetricFn } from '../../src/evaluation/metrics/index.js';

interface Query {
  id: string;
  relevant: string[];
  ranked: string[];
  expected: Record<string, number>;
}
const data = JSON.parse(readFileSync(new URL('../../fixtures/trec_eval_cases.json', import.meta.url), 'utf8')) as {
  cases: { name: string; queries: Query[] }[];
};
const queries = data.cases.flatMap((c) => c.queries);

const MEASURES: [string, MetricFn, number][] = [];
for (const k of [5, 10, 20]) {
  MEASURES.push([`ndcg_cut_${k}`, ndcg, k], [`P_${k}`, precision, k], [`recall_${k}`, recall, k]);
  MEASURES.push([`map_cut_${k}`, (r, rel, kk) => averagePrecision(r, rel, kk), k]);
}
for (const k of [1, 5, 10]) MEASURES.push([`success_${k}`, hitRate, k]);
MEASURES.push(['recip_rank', reciprocalRank, Number.POSITIVE_INFINITY]);

describe('metrics agree with trec_eval 10.0-rc3', () => {
  it('has all 305 queries', () => {
    expect(queries.length).toBe(305);
  });
  for (const [measure, fn, k] of MEASURES) {
    it(`${measure} on every query to 1e-6`, () => {
      let checked = 0;
      for (const q of queries) {
        const expected = q.expected[measure];
        expect(expected, `${q.id} ${measure}`).toBeTypeOf('number');
        const got = fn(q.ranked, new Set(q.relevant), k);
        expect(Math.abs(got - expected!), `${q.id} ${measure}: got ${got}, trec_eval ${expected}`).toBeLessThan(1e-6);
        checked++;
      }
      expect(checked).toBe(305);
    });
  }
});
