import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import { gate } from '../../src/evaluation/gate.js';
import { parseEvalReport } from '../../src/evaluation/report/schema.js';
import type { EvalReport } from '../../src/evaluation/report/types.js';
import { compareRuns, evaluate, type EvalProgress, type EvaluateOptions, type FixedSplit } from '../../src/evaluation/runner/index.js';
import { pairedRandomisationTest, pairedTTest } from '../../src/evaluation/stats/paired-tests.js';
import { meanCi } from '../../src/evaluation/stats/summary.js';
import { loadDataset } from '../../src/io/load-dataset.js';
import type { Event } from '../../src/schema/entities.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';
import { validateMarketplace } from '../../src/schema/marketplace-data.js';

// The tiny case of fixtures/eval/tiny, built in memory: merchant m1 sells a, b, c; m2 sells d, e.
const T1 = Date.UTC(2026, 1, 1);
const T2 = Date.UTC(2026, 1, 2);
const TRAIN: Array<[string, string]> = [['u1', 'a'], ['u1', 'b'], ['u2', 'a'], ['u2', 'c'], ['u3', 'a'], ['u3', 'd'], ['u4', 'b']];
const TEST: Array<[string, string]> = [['u1', 'c'], ['u2', 'b'], ['u2', 'e'], ['u3', 'b'], ['u4', 'e']];
const tiny: MarketplaceData = validateMarketplace({
  products: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, merchantId: id < 'd' ? 'm1' : 'm2', title: id })),
  merchants: [{ id: 'm1', tier: 'head' }, { id: 'm2', tier: 'small' }],
  events: [
    ...TRAIN.map(([userId, productId]) => ({ userId, productId, type: 'click', timestamp: T1 })),
    ...TEST.map(([userId, productId]) => ({ userId, productId, type: 'click', timestamp: T2 })),
    { userId: 'u4', productId: 'a', type: 'impression', timestamp: T2 },
  ],
}).data;
const pairs = (list: Array<[string, string]>): Event[] => list.map(([userId, productId]) => ({ userId, productId, type: 'interaction', timestamp: 0, weight: 1 }));
const fixed: FixedSplit = { strategy: 'files', train: pairs(TRAIN), test: pairs(TEST) };
const popularity = { name: 'pop', config: { signals: [{ type: 'popularity' }], weighting: { halfLifeDays: null }, fairness: { rerank: { lambda: 0 } } } };

// Popularity (train counts): a 3, b 2, c 1, d 1, e 0; ties by catalogue order. Top 3 without train items:
// u1 [c, d, e] (c relevant: rank 1), u2 [b, d, e] ({b, e}: ranks 1 and 3), u3 [b, c, e] (b: rank 1), u4 [a, c, d] (e: miss).
const LOG3 = Math.log2(3);
const NDCG = [1, (1 + 1 / 2) / (1 + 1 / LOG3), 1, 0];
const PRECISION = [1 / 3, 2 / 3, 1 / 3, 0];
// Exposure 1, 1/log2(3), 1/2 by rank: m1 gets 1 + 1 + (1 + 1/log2 3) + (1 + 1/log2 3), m2 the rest.
const M1 = 4 + 2 / LOG3;
const M2 = 2 * (1 / LOG3 + 0.5) + 0.5 + 0.5;
const MERCHANT_GINI = (M1 - M2) / (M1 + M2);

describe('evaluate: known answers', () => {
  const report = evaluate({ dataset: { name: 'tiny', data: tiny }, split: fixed, models: [popularity], metrics: ['ndcg', 'precision', 'recall', 'merchant-gini'], k: 3 });
  it('ranks the full catalogue minus train items and scores every user as computed by hand', () => {
    expect(report.users).toEqual(['u1', 'u2', 'u3', 'u4']);
    const m = report.runs[0]!.metrics;
    m['ndcg@3']!.perUser!.forEach((v, i) => expect(v).toBeCloseTo(NDCG[i]!, 12));
    m['precision@3']!.perUser!.forEach((v, i) => expect(v).toBeCloseTo(PRECISION[i]!, 12));
    expect(m['recall@3']!.perUser).toEqual([1, 1, 1, 0]);
    expect(m['ndcg@3']!.mean).toBeCloseTo((2 + NDCG[1]!) / 4, 12);
    // The t interval [-0.0467, 1.5066] of four users runs past both ends of NDCG's range: clipped to [0, 1].
    const ci = meanCi(NDCG);
    expect(ci.ci95[0]).toBeCloseTo(-0.04672904955644164, 12);
    expect(m['ndcg@3']!.ci95).toEqual([0, 1]);
    // precision@3 = [1/3, 2/3, 1/3, 0]: only the lower end is clipped.
    const p = meanCi(PRECISION);
    expect(p.ci95[0]).toBeLessThan(0);
    expect(m['precision@3']!.ci95[0]).toBe(0);
    expect(m['precision@3']!.ci95[1]).toBeCloseTo(p.ci95[1], 12);
    expect(m['merchant-gini@3']!.mean).toBeCloseTo(MERCHANT_GINI, 12);
    expect(m['merchant-gini@3']!.perUser).toBeUndefined();
  });
  it('describes data and split, times each phase and is a valid report the gate passes against itself', () => {
    expect(report.dataset).toMatchObject({ name: 'tiny', users: 4, items: 5, interactions: 12 });
    expect(report.dataset.fingerprint).toMatch(/^set64:[0-9a-f]{16}:[0-9a-f]{16}:[0-9a-f]{16}$/);
    expect(report.split).toEqual({ strategy: 'files', trainEvents: 7, testEvents: 5, trainUsers: 4, testUsers: 4, trainCells: 7 });
    expect(report.evaluated).toEqual({ testUsers: 4, evaluated: 4, notEvaluated: { noRelevantTestEvents: 0, onlyTrainingItems: 0, offCatalogue: 0 } });
    expect(report.dataset.loadedEvents).toBeUndefined(); // a fixed split does not use the dataset's events
    expect(Object.keys(report.runs[0]!.timings)).toEqual(['fit', 'recommend', 'metrics']);
    expect(parseEvalReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(gate(report, report).passed).toBe(true);
  });
  it('times each phase of each run between the right clock readings, in seconds', () => {
    // A clock that jumps by a different amount at each reading: fit, recommend and metrics of run 1
    // take 0.5, 2 and 0.25 s; those of run 2 take 4, 0.125 and 8 s. Any phase measured between the
    // wrong readings, in ms, or left out, gives other numbers.
    const readings = [100, 600, 2600, 2850, 10_000, 14_000, 14_125, 22_125];
    let next = 0;
    const clock = (): number => readings[next++]!;
    const timed = evaluate({ dataset: { name: 'tiny', data: tiny }, split: fixed, models: [popularity, { ...popularity, name: 'pop2' }], metrics: ['ndcg'], k: 3, clock });
    expect(next).toBe(8);
    expect(timed.runs.map((r) => r.timings)).toEqual([
      { fit: 0.5, recommend: 2, metrics: 0.25 },
      { fit: 4, recommend: 0.125, metrics: 8 },
    ]);
    // The clock only touches the timings.
    expect(timed.runs[0]!.metrics).toEqual({ 'ndcg@3': report.runs[0]!.metrics['ndcg@3'] });
  });
  it('the same folds from a temporal split give the same lists; impressions are not relevant', () => {
    const temporal = evaluate({ dataset: { name: 'tiny', data: tiny }, split: { strategy: 'temporal', cutoff: T1 }, models: [popularity], metrics: ['ndcg', 'precision'], k: 3 });
    expect(temporal.split).toMatchObject({ strategy: 'temporal', trainEvents: 7, testEvents: 6, trainCells: 7, cutoff: T1, params: { cutoff: T1 } });
    expect(temporal.dataset).toMatchObject({ users: 4, interactions: 13, loadedUsers: 4, loadedEvents: 13 });
    expect(temporal.runs[0]!.metrics['ndcg@3']!.perUser).toEqual(report.runs[0]!.metrics['ndcg@3']!.perUser);
    expect(temporal.dataset.fingerprint).not.toBe(report.dataset.fingerprint);
  });
  it('drops test items the user already had in train, and users left without relevant items', () => {
    const r = evaluate({
      dataset: { name: 'tiny', data: tiny },
      split: { strategy: 'files', train: fixed.train, test: pairs([['u1', 'a'], ['u1', 'c'], ['u4', 'b']]) },
      models: [popularity],
      metrics: ['recall'],
      k: 3,
    });
    expect(r.users).toEqual(['u1']);
    expect(r.runs[0]!.metrics['recall@3']!.perUser).toEqual([1]);
    // u4's only test item b was in its training events.
    expect(r.evaluated).toEqual({ testUsers: 2, evaluated: 1, notEvaluated: { noRelevantTestEvents: 0, onlyTrainingItems: 1, offCatalogue: 0 } });
  });
  it("excludes the protocol's training items, not a model's: a model weighting impressions can still hit", () => {
    // u1 was shown c (impression) in training and clicked it in test; a model that weights
    // impressions would exclude c as seen and could never hit it.
    const train = [...fixed.train, { userId: 'u1', productId: 'c', type: 'impression', timestamp: 0 }];
    const model = (typeWeights: Record<string, number>) => ({ ...popularity.config, weighting: { halfLifeDays: null, typeWeights } });
    const r = evaluate({
      dataset: { name: 'tiny', data: tiny },
      split: { strategy: 'files', train, test: pairs([['u1', 'c']]) },
      models: [
        { name: 'impressions-weighted', config: model({ impression: 1 }) },
        { name: 'defaults', config: model({}) },
      ],
      metrics: ['hit-rate'],
      k: 3,
    });
    expect(r.users).toEqual(['u1']);
    expect(r.runs.map((run) => run.metrics['hit-rate@3']!.perUser)).toEqual([[1], [1]]);
  });

  it('says who was evaluated and why the others were not, one reason per user', () => {
    const test: Event[] = [
      ...pairs([['u1', 'c']]), // evaluated
      { userId: 'u2', productId: 'b', type: 'impression', timestamp: 0 }, // impressions only
      { userId: 'u2', productId: 'e', type: 'click', timestamp: 0, weight: 0 }, // and a zero-weight click
      ...pairs([['u3', 'a']]), // only a training item
      ...pairs([['u4', 'zz']]), // only a product outside the catalogue
      { userId: 'u5', productId: 'c', type: 'impression', timestamp: 0 },
    ];
    const r = evaluate({ dataset: { name: 'tiny', data: tiny }, split: { strategy: 'files', train: fixed.train, test }, models: [popularity], metrics: ['recall'], k: 3 });
    expect(r.users).toEqual(['u1']);
    expect(r.split).toMatchObject({ testUsers: 5, trainUsers: 4 });
    expect(r.evaluated).toEqual({ testUsers: 5, evaluated: 1, notEvaluated: { noRelevantTestEvents: 2, onlyTrainingItems: 1, offCatalogue: 1 } });
    // relevantTypes decide by type alone: u2's zero-weight click makes e relevant, the 'interaction' pairs do not count.
    const clicks = evaluate({ dataset: { name: 'tiny', data: tiny }, split: { strategy: 'files', train: fixed.train, test }, models: [popularity], metrics: ['recall'], k: 3, relevantTypes: ['click'] });
    expect(clicks.users).toEqual(['u2']);
    expect(clicks.evaluated).toEqual({ testUsers: 5, evaluated: 1, notEvaluated: { noRelevantTestEvents: 4, onlyTrainingItems: 0, offCatalogue: 0 } });
  });
  it('takes item vectors for ild through metricContext, and fails before fitting without them', () => {
    const vectors = new Map<string | number, number[]>([['a', [1, 0]], ['b', [1, 0]], ['c', [1, 0]], ['d', [0, 1]], ['e', [0, 1]]]);
    const base = { dataset: { name: 'tiny', data: tiny }, split: fixed, models: [popularity], metrics: ['ild'], k: 3 };
    // Every list holds two items of one kind and one of the other: mean pairwise cosine 1/3.
    expect(evaluate({ ...base, metricContext: { itemVector: (i) => vectors.get(i) } }).runs[0]!.metrics['ild@3']!.mean).toBeCloseTo(2 / 3, 12);
    const progress: string[] = [];
    expect(() => evaluate({ ...base, onProgress: (p) => progress.push(p.phase) })).toThrow(/ild needs context\.itemVector/);
    expect(progress).toEqual([]);
  });
  it('is deterministic and does not mutate its input', () => {
    const before = JSON.stringify(tiny);
    const again = evaluate({ dataset: { name: 'tiny', data: tiny }, split: fixed, models: [popularity], metrics: ['ndcg', 'precision', 'recall', 'merchant-gini'], k: 3 });
    expect(again.runs[0]!.metrics).toEqual(report.runs[0]!.metrics);
    expect(JSON.stringify(tiny)).toBe(before);
  });
});

describe('evaluate: errors name the config path', () => {
  const base: EvaluateOptions = { dataset: { name: 'tiny', data: tiny }, split: fixed, models: [popularity], k: 3 };
  it('a bad signal config', () => {
    const bad = { ...base, models: [popularity, { name: 'ials', config: { signals: [{ type: 'ials', factors: 0 }] } }] };
    expect(() => evaluate(bad)).toThrow(ConfigError);
    expect(() => evaluate(bad)).toThrow(/models\.1\.signals\.0/);
  });
  it('duplicate run names and unknown metrics', () => {
    expect(() => evaluate({ ...base, models: [popularity, popularity] })).toThrow(/models\.1\.name: duplicate run name "pop"/);
    expect(() => evaluate({ ...base, metrics: ['ndcg', 'nope'] })).toThrow(/metrics\.1: unknown metric "nope"/);
  });
  it('nothing to evaluate (no test user with a relevant item) is a DataError, not a report of zeros', () => {
    // Only impressions in the test fold: with relevantTypes ['purchase'] nobody has a relevant item.
    const none = () => evaluate({ ...base, relevantTypes: ['purchase'] });
    expect(none).toThrow(DataError);
    expect(none).toThrow('evaluate: nothing to evaluate: no test user has a relevant item (5 test events of 4 users after the split)');
    expect(() => evaluate({ ...base, split: { strategy: 'files', train: fixed.train, test: [] } })).toThrow(/nothing to evaluate.*\(0 test events of 0 users/);
  });
  it('a training event on a product outside the catalogue is a DataError', () => {
    expect(() => evaluate({ ...base, split: { strategy: 'files', train: pairs([['u1', 'zz']]), test: fixed.test } })).toThrow(DataError);
  });
});

describe('evaluate on the fixtures marketplace', () => {
  let data: MarketplaceData;
  beforeAll(async () => {
    data = (await loadDataset(fileURLToPath(new URL('../../fixtures/marketplace', import.meta.url)))).data;
  });
  const ials = { type: 'ials', factors: 8, iterations: 3, cgSteps: 2 };
  const options = (lambda: number, ledger: 'sequential' | 'frozen' = 'sequential'): EvaluateOptions => ({
    dataset: { name: 'marketplace', data },
    split: { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true },
    models: [
      { name: 'pop', config: { signals: [{ type: 'popularity' }], fairness: { rerank: { lambda } } } },
      { name: 'blend', config: { signals: [ials, { type: 'popularity', weight: 0.2 }], fairness: { rerank: { lambda } } } },
    ],
    metrics: ['ndcg', 'recall', 'merchant-gini'],
    ledger,
  });
  let plain: EvalReport;
  beforeAll(() => {
    plain = evaluate(options(0));
  });

  it('the amortised fairness lift acts when the ledger records the lists, and not on a frozen (empty) ledger', () => {
    const gini = (r: EvalReport, run: number): number => r.runs[run]!.metrics['merchant-gini@10']!.mean;
    const fair = evaluate(options(0.5));
    expect(gini(fair, 1)).toBeLessThan(gini(plain, 1) - 0.05);
    const frozen = evaluate(options(0.5, 'frozen'));
    expect(frozen.runs.map((r) => r.metrics)).toEqual(plain.runs.map((r) => r.metrics));
  });
  it('accounts for every user and event between the loaded data and the evaluated users', () => {
    // inspect: 300 users, 5995 events; the temporal split drops the 155 test events of 17 users
    // without training events; of the 109 test users, 46 have only impressions in test.
    expect(plain.dataset).toMatchObject({ loadedUsers: 300, loadedEvents: 5995, users: 283, interactions: 5840 });
    expect(plain.split).toMatchObject({ trainEvents: 4796, testEvents: 1044, trainUsers: 283, testUsers: 109, droppedTestEvents: 155, droppedUsers: 17, trainCells: 564 });
    expect(plain.evaluated).toEqual({ testUsers: 109, evaluated: 63, notEvaluated: { noRelevantTestEvents: 46, onlyTrainingItems: 0, offCatalogue: 0 } });
    expect(plain.users).toHaveLength(63);
  });
  it('gives bit-identical metrics on a second run (seeded models, fixed user order)', () => {
    expect(evaluate(options(0)).runs.map((r) => r.metrics)).toEqual(plain.runs.map((r) => r.metrics));
  });
  it('reports progress per run and phase', () => {
    const seen: EvalProgress[] = [];
    evaluate({ ...options(0), onProgress: (p) => seen.push(p) });
    const users = plain.users!.length;
    const phases = seen.filter((p) => p.runIndex === 1).map((p) => `${p.phase} ${p.done}/${p.total}`);
    expect(phases[0]).toBe('fit 0/1');
    expect(phases[1]).toBe('fit 1/1');
    expect(phases[2]).toBe(`recommend 0/${users}`);
    expect(phases.at(-3)).toBe(`recommend ${users}/${users}`);
    expect(phases.slice(-2)).toEqual(['metrics 0/1', 'metrics 1/1']);
    expect(new Set(seen.map((p) => `${p.run} ${p.runs}`))).toEqual(new Set(['pop 2', 'blend 2']));
  });
  it('compareRuns gives the paired t and randomisation p-values of the per-user vectors', () => {
    const [a, b] = plain.runs;
    const c = compareRuns(a!, b!);
    expect(c.map((x) => x.label)).toEqual(['ndcg@10', 'recall@10']);
    const va = a!.metrics['ndcg@10']!.perUser!;
    const vb = b!.metrics['ndcg@10']!.perUser!;
    expect(c[0]!.pairedT).toBe(pairedTTest(va, vb).pValue);
    expect(c[0]!.randomisation).toBe(pairedRandomisationTest(va, vb).pValue);
    expect(c[0]!.meanDifference).toBeCloseTo(b!.metrics['ndcg@10']!.mean - a!.metrics['ndcg@10']!.mean, 12);
    expect(c[0]!.n).toBe(plain.users!.length);
  });
  it('compareRuns pairs runs of two reports by user id', () => {
    const [a, b] = plain.runs;
    const users = plain.users!;
    const order = users.map((_, i) => i).reverse();
    const reversed = { ...b!, metrics: { 'ndcg@10': { ...b!.metrics['ndcg@10']!, perUser: order.map((i) => b!.metrics['ndcg@10']!.perUser![i]!) } } };
    const paired = compareRuns(a!, reversed, { usersA: users, usersB: order.map((i) => users[i]!) });
    expect(paired[0]!.pairedT).toBe(compareRuns(a!, b!)[0]!.pairedT);
    expect(() => compareRuns(a!, { ...reversed, metrics: { 'ndcg@10': { mean: 0, ci95: [0, 0], perUser: [1] } } })).toThrow(DataError);
  });
});
