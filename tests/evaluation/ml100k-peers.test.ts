import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateLists, type UserList } from '../../src/evaluation/evaluate-lists.js';
import { parseMetric } from '../../src/evaluation/metrics/index.js';

const dir = new URL('../../fixtures/ml100k-p1/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

const relevant = new Map<string, Set<string>>();
for (const line of read('test.tsv').split('\n')) {
  if (line.trim() === '') continue;
  const [user, item] = line.split('\t') as [string, string];
  let set = relevant.get(user);
  if (set === undefined) relevant.set(user, (set = new Set()));
  set.add(item);
}

function lists(model: string): UserList[] {
  return read(`recs_${model}.tsv`)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [userId, ...ranked] = line.split('\t') as [string, ...string[]];
      return { userId, ranked, relevant: relevant.get(userId) ?? new Set<string>() };
    });
}

const peers = JSON.parse(read('peers.json')) as {
  models: Record<string, { trec_eval?: Record<string, number>; metrics?: Record<string, number> }>;
};

const TREC_TO_LABEL: [string, string][] = [
  ['recip_rank', 'mrr@10'],
  ['P_10', 'precision@10'],
  ['recall_10', 'recall@10'],
  ['ndcg_cut_10', 'ndcg@10'],
  ['map_cut_10', 'map@10'],
  ['success_10', 'hit-rate@10'],
];
const metrics = TREC_TO_LABEL.map(([, label]) => parseMetric(label));

describe('our metrics on the implicit library top-10 lists equal trec_eval (peers.json)', () => {
  it('every one of the 943 users has test items', () => {
    expect(relevant.size).toBe(943);
  });
  for (const model of ['Pop', 'ALS', 'BPR', 'ItemKNN']) {
    it(`${model}: P, recall, ndcg, map, mrr, hit-rate at 10 to 1e-6`, () => {
      const result = evaluateLists(lists(model), metrics);
      expect(result.users.length).toBe(943);
      const expected = peers.models[model]!.trec_eval!;
      for (const [trec, label] of TREC_TO_LABEL) {
        const got = result.metrics.get(label)!.mean;
        expect(Math.abs(got - expected[trec]!), `${model} ${label}: ${got} vs ${expected[trec]}`).toBeLessThan(1e-6);
      }
    });
  }
  it('EASE (numpy reference): its metrics keys to 1e-6', () => {
    const labels: [string, string][] = [
      ['ndcg@10', 'ndcg@10'],
      ['recall@10', 'recall@10'],
      ['precision@10', 'precision@10'],
      ['map@10', 'map@10'],
      ['mrr@10', 'mrr@10'],
      ['hit@10', 'hit-rate@10'],
    ];
    const result = evaluateLists(lists('EASE'), labels.map(([key]) => parseMetric(key)));
    const expected = peers.models['EASE_numpy_reference']!.metrics!;
    expect(expected['users']).toBe(result.users.length);
    for (const [key, label] of labels) {
      const got = result.metrics.get(label)!.mean;
      expect(Math.abs(got - expected[key]!), `EASE ${key}`).toBeLessThan(1e-6);
    }
  });
});
