/**
 * The evaluation's users ranked on worker threads (evaluateAsync / evaluateWithThreads with a
 * pool): the report is evaluate()'s, bit for bit (timings apart), for 1, 2 and 4 threads, with
 * the fairness ledger recording in user order (the rerank stays on the calling thread) and with
 * it frozen, for every built-in signal type; a model with a custom signal type ranks on the
 * calling thread; users ranked in many small batches (the two output buffers in turn) get the
 * sequential lists, the next batch handed to the workers before this thread reranks the current
 * one; two evaluations sharing a pool each get their report; a worker that fails
 * while ranking surfaces as a ThreadError.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSignal, unregisterSignal } from '../../src/engine/signal-registry.js';
import { createPopularity } from '../../src/signals/popularity.js';
import type { Signal } from '../../src/signals/signal.js';
import { evaluate } from '../../src/evaluation/runner/evaluate.js';
import { evaluateAsync } from '../../src/evaluation/runner/evaluate-async.js';
import { batchUsers, rankOnRunner } from '../../src/evaluation/runner/rank-on-runner.js';
import { rankUsers, type RankRequest } from '../../src/evaluation/runner/rank-users.js';
import { createRecommender } from '../../src/engine/recommender.js';
import type { EvalReport } from '../../src/evaluation/report/types.js';
import type { EvaluateOptions } from '../../src/evaluation/runner/types.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import { createThreadPool, evaluateWithThreads, ThreadError, type ParallelRunner } from '../../src/node/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

let data: MarketplaceData;
beforeAll(async () => {
  data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
});

/** Every model and the whole report, without the timings (the only part allowed to differ). */
function comparable(report: EvalReport): unknown {
  return JSON.parse(JSON.stringify({ ...report, runs: report.runs.map((r) => ({ ...r, timings: undefined })) }));
}

function options(ledger: 'sequential' | 'frozen'): EvaluateOptions {
  return {
    dataset: { name: 'fixtures', data },
    split: { strategy: 'temporal', quantile: 0.8 },
    models: [
      { name: 'mf', config: { signals: [{ type: 'ials', factors: 8, iterations: 3 }, { type: 'item-knn', neighbours: 20 }, { type: 'popularity', weight: 0.2 }] } },
      { name: 'all', config: { signals: [{ type: 'ease', regularization: 50 }, { type: 'content' }, { type: 'trending' }], fairness: { rerank: { lambda: 0.5, maxPerMerchant: 3 } } } },
    ],
    metrics: ['ndcg', 'recall', 'merchant-gini', 'item-coverage'],
    k: 10,
    ledger,
  };
}

describe('evaluation users ranked on worker threads', () => {
  it('gives the report of evaluate() for 1, 2 and 4 threads, ledger recording in user order', async () => {
    const o = options('sequential');
    const reference = comparable(evaluate(o));
    for (const threads of [1, 2, 4]) {
      expect(comparable(await evaluateWithThreads(o, { threads })), `${threads} threads`).toEqual(reference);
    }
    // The control: the ledger matters here (frozen gives other lists), so the comparison can fail.
    expect(comparable(evaluate(options('frozen')))).not.toEqual(reference);
  }, 120_000);

  it('carries the popularity percentiles to the rerank (popularityDamping): the report of evaluate() on 2 threads', async () => {
    const damped = (popularityDamping: number): EvaluateOptions => ({
      ...options('sequential'),
      models: [{ name: 'damped', config: { signals: [{ type: 'ials', factors: 8, iterations: 3 }, { type: 'popularity' }], fairness: { rerank: { lambda: 0.5, popularityDamping } } } }],
    });
    const reference = comparable(evaluate(damped(2)));
    expect(comparable(await evaluateWithThreads(damped(2), { threads: 2 }))).toEqual(reference);
    // The control: the damping changes the lists here, so percentiles lost on the way would show.
    expect(comparable(evaluate(damped(0)))).not.toEqual(reference);
  }, 60_000);

  it('gives the report of evaluate() with the ledger frozen', async () => {
    const o = options('frozen');
    expect(comparable(await evaluateWithThreads(o, { threads: 2 }))).toEqual(comparable(evaluate(o)));
  }, 60_000);

  it('the workers rank (rank-users jobs), progress reaches every user, and the event loop runs meanwhile', async () => {
    const seen: number[] = [];
    const o: EvaluateOptions = { ...options('sequential'), models: options('sequential').models.slice(0, 1), onProgress: (p) => p.phase === 'recommend' && seen.push(p.done) };
    const pool = createThreadPool({ threads: 2 });
    const kernels: string[] = [];
    const runner: ParallelRunner = { threads: pool.threads, workers: true, alloc: (ctor, length) => pool.alloc(ctor, length), run: (job) => (kernels.push(job.kernel), pool.run(job)) };
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    try {
      const report = await evaluateAsync(o, { runner });
      expect(seen[0]).toBe(0);
      expect(seen.at(-1)).toBe(report.users?.length);
      // One job per batch of users, after the fit's kernel jobs.
      expect(kernels.filter((k) => k === 'rank-users').length).toBe(Math.ceil(report.users!.length / 128));
      expect(kernels[0]).not.toBe('rank-users');
    } finally {
      clearInterval(ticker);
      await pool.close();
    }
    expect(ticks).toBeGreaterThan(0);
  }, 60_000);
});

describe('ranking in batches', () => {
  it('takes 128 users per batch, fewer where a batch would pass 2^21 candidate slots, at least 4', () => {
    expect(batchUsers(400)).toBe(128);
    expect(batchUsers(3706)).toBe(128); // 2^21 / 3706 = 565.9
    expect(batchUsers(100_000)).toBe(20); // 2^21 / 100,000 = 20.97
    expect(batchUsers(10_000_000)).toBe(4);
  });

  it('many small batches (both buffers in turn) give the lists of recommend() user by user, the ledger recording', async () => {
    const fitted = () => createRecommender({ signals: [{ type: 'ials', factors: 8, iterations: 3 }, { type: 'popularity', weight: 0.2 }] }).fit(data);
    const seen = new Map<string, string[]>();
    for (const e of data.events) seen.set(e.userId, [...(seen.get(e.userId) ?? []), e.productId]);
    const users = [...seen.keys()].sort();
    const progress: number[] = [];
    const request = (record: boolean): RankRequest => ({ recommender: fitted(), users, n: 10, record, exclude: (u) => seen.get(u) ?? [], onRanked: (done) => progress.push(done) });
    const reference = rankUsers(request(true));
    progress.length = 0;
    const pool = createThreadPool({ threads: 2 });
    try {
      expect(await rankOnRunner(request(true), pool, 7)).toEqual(reference);
      expect(progress).toEqual(Array.from({ length: Math.ceil(users.length / 7) }, (_, i) => Math.min(users.length, 7 * (i + 1))));
      await expect(rankOnRunner(request(true), pool, 0)).rejects.toThrow(/batch must be a positive integer, got 0/);
    } finally {
      await pool.close();
    }
    // The control: the ledger changes the lists, so a batch reranked out of order would show.
    expect(rankUsers(request(false))).not.toEqual(reference);
  }, 60_000);

  it('hands the next batch to the workers before reranking this one (the workers score while this thread reranks)', async () => {
    const rec = createRecommender({ signals: [{ type: 'popularity' }] }).fit(data);
    const users = rec.dataset.users.ids().slice(0, 20);
    const events: string[] = [];
    const pool = createThreadPool({ threads: 2 });
    // Like the pool itself, this runner hands a job over in a promise callback, not within run().
    const runner: ParallelRunner = {
      threads: pool.threads,
      workers: true,
      alloc: (ctor, length) => pool.alloc(ctor, length),
      run: (job) => Promise.resolve().then(() => (events.push(`score from ${job.params.first}`), pool.run(job))),
    };
    try {
      await rankOnRunner({ recommender: rec, users, n: 5, record: true, exclude: () => [], onRanked: (done) => events.push(`reranked to ${done}`) }, runner, 8);
    } finally {
      await pool.close();
    }
    expect(events).toEqual(['score from 0', 'score from 8', 'reranked to 8', 'score from 16', 'reranked to 16', 'reranked to 20']);
  }, 60_000);
});

describe('models the workers cannot rebuild', () => {
  // Popularity under a type name of its own: a type only the calling thread knows.
  const popCopy = (): Signal => {
    const inner = createPopularity();
    return {
      type: 'pop-copy',
      capabilities: inner.capabilities,
      reason: inner.reason,
      get fitted() {
        return inner.fitted;
      },
      fit: (ds) => inner.fit(ds),
      score: (user, candidates) => inner.score(user, candidates),
      topN: (user, n, exclude) => inner.topN(user, n, exclude),
      toJSON: () => ({ type: 'pop-copy' }),
    };
  };
  beforeAll(() => registerSignal('pop-copy', popCopy));
  afterAll(() => void unregisterSignal('pop-copy'));

  it('a custom signal type ranks on the calling thread, with the same report', async () => {
    const o: EvaluateOptions = { ...options('sequential'), models: [{ name: 'custom', config: { signals: [{ type: 'pop-copy' }, { type: 'ials', factors: 4, iterations: 2 }] } }] };
    expect(comparable(await evaluateWithThreads(o, { threads: 2 }))).toEqual(comparable(evaluate(o)));
  }, 60_000);
});

describe('one pool, two evaluations at once', () => {
  it('each gets the report of evaluate() (the workers switch between the two recommenders)', async () => {
    const a = options('sequential');
    const b: EvaluateOptions = { ...options('frozen'), models: options('frozen').models.slice(1) };
    const pool = createThreadPool({ threads: 2 });
    try {
      const [ra, rb] = await Promise.all([evaluateAsync(a, { runner: pool }), evaluateAsync(b, { runner: pool })]);
      expect(comparable(ra)).toEqual(comparable(evaluate(a)));
      expect(comparable(rb)).toEqual(comparable(evaluate(b)));
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('a worker that fails while ranking', () => {
  it('rejects with a ThreadError whose cause is the worker error; no worker is left after close', async () => {
    const pool = createThreadPool({ threads: 2 });
    // A rank-users job without its context (the recommender's state).
    const bad = { kernel: 'rank-users' as const, arrays: {}, params: {}, count: 2, grain: 1 };
    const error = await pool.run(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadError);
    expect((error as ThreadError).message).toMatch(/rank-users.*no context/);
    expect((error as ThreadError).cause).toBeInstanceOf(Error);
    await pool.close();
    expect(pool.running).toBe(0);
  }, 60_000);
});
