/**
 * The Node entry's thread pool: models fitted on 1, 2 and 4 worker threads are the same bits as
 * the fit on the calling thread (model files compared byte for byte: iALS, item-kNN and EASE,
 * whose Cholesky rows wait on each other across threads); the async evaluation gives the same
 * report; a kernel that throws on a worker surfaces as a ThreadError with the worker's error as
 * its cause, and no worker is left running after close.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecommenderConfigInput } from '../../src/engine/config.js';
import { createRecommender } from '../../src/engine/recommender.js';
import { DataError } from '../../src/errors.js';
import { evaluate } from '../../src/evaluation/runner/evaluate.js';
import { evaluateAsync } from '../../src/evaluation/runner/evaluate-async.js';
import type { EvaluateOptions } from '../../src/evaluation/runner/types.js';
import { loadMarketplace } from '../../src/io/load-marketplace.js';
import { createThreadPool, fitWithThreads, resolveThreads, ThreadError, type ThreadPool } from '../../src/node/index.js';
import type { MarketplaceData } from '../../src/schema/marketplace-data.js';

const CONFIG: RecommenderConfigInput = {
  signals: [
    { type: 'ials', factors: 8, iterations: 4 },
    { type: 'item-knn', neighbours: 20 },
    { type: 'ease', regularization: 50 },
    { type: 'popularity', weight: 0.1 },
  ],
};

let data: MarketplaceData;
beforeAll(async () => {
  data = (await loadMarketplace(join(import.meta.dirname, '../../fixtures/marketplace'))).data;
});

describe('fitting on worker threads', () => {
  it('gives byte-identical model files for 1, 2 and 4 threads and for the calling thread', async () => {
    const reference = JSON.stringify(createRecommender(CONFIG).fit(data));
    for (const threads of [1, 2, 4]) {
      const rec = await fitWithThreads(createRecommender(CONFIG), data, { threads });
      expect(JSON.stringify(rec), `${threads} threads`).toBe(reference);
    }
    // The control: a different seed changes the file, so the comparison can fail.
    const other = JSON.stringify(createRecommender({ ...CONFIG, signals: [{ type: 'ials', factors: 8, iterations: 4, seed: 7 }, ...CONFIG.signals!.slice(1)] }).fit(data));
    expect(other).not.toBe(reference);
  });

  it('threads from the config: a positive integer or auto (the available cores)', () => {
    expect(createRecommender({ threads: 3 }).config.threads).toBe(3);
    expect(createRecommender().config.threads).toBe('auto');
    expect(resolveThreads('auto')).toBeGreaterThanOrEqual(1);
    expect(() => createRecommender({ threads: 0 })).toThrow(/threads/);
  });
});

describe('evaluateAsync on a thread pool', () => {
  it('reports the same metrics per user as evaluate()', async () => {
    const options: EvaluateOptions = {
      dataset: { name: 'fixtures', data },
      split: { strategy: 'temporal', quantile: 0.8 },
      models: [{ name: 'mf', config: { signals: [{ type: 'ials', factors: 8, iterations: 3 }, { type: 'item-knn', neighbours: 20 }] } }],
      metrics: ['ndcg', 'recall', 'merchant-gini'],
      k: 10,
    };
    const sync = evaluate(options);
    const pool = createThreadPool({ threads: 2 });
    let paused = 0;
    const ticker = setInterval(() => paused++, 0);
    try {
      const async = await evaluateAsync(options, { runner: pool });
      expect(async.runs[0]!.metrics).toEqual(sync.runs[0]!.metrics);
      expect(async.users).toEqual(sync.users);
    } finally {
      clearInterval(ticker);
      await pool.close();
    }
    // The event loop ran while the evaluation was going on.
    expect(paused).toBeGreaterThan(0);
  });
});

describe('errors on worker threads', () => {
  let pool: ThreadPool;
  afterAll(async () => {
    await pool.close();
    expect(pool.running).toBe(0);
  });

  it('a kernel that throws on a worker rejects with a ThreadError whose cause is the worker error; no worker is left after close', async () => {
    pool = createThreadPool({ threads: 2 });
    // [[1, 2], [2, 1]] is not positive definite: the Cholesky kernel throws on the worker.
    const A = pool.alloc(Float64Array, 4);
    A.set([1, 2, 2, 1]);
    const job = {
      kernel: 'cholesky-rows' as const,
      arrays: { A, lDiag: pool.alloc(Float64Array, 2), pDiag: pool.alloc(Float64Array, 2), done: pool.alloc(Int32Array, 2) },
      params: { n: 2 },
      count: 2,
      grain: 1,
    };
    const error = await pool.run(job).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ThreadError);
    expect((error as ThreadError).message).toMatch(/^kernel cholesky-rows failed on worker thread \d: /);
    expect(((error as ThreadError).cause as Error).message).toMatch(/not positive definite/);
    expect(pool.running).toBe(2);
    // The pool still serves the next job after a kernel error.
    const B = pool.alloc(Float64Array, 4);
    B.set([4, 2, 2, 3]);
    const lDiag = pool.alloc(Float64Array, 2);
    await pool.run({ ...job, arrays: { ...job.arrays, A: B, lDiag, done: pool.alloc(Int32Array, 2) } });
    // L = [[2, 0], [1, sqrt(2)]]: the diagonal in lDiag, L[1][0] in place.
    expect([lDiag[0], B[2], lDiag[1]]).toEqual([2, 1, Math.SQRT2]);
    await pool.close();
    expect(pool.running).toBe(0);
    await expect(pool.run(job)).rejects.toThrow(/closed/);
  });

  it('refuses arrays that are not shared, naming the kernel and the array', async () => {
    const p = createThreadPool({ threads: 1 });
    try {
      await expect(p.run({ kernel: 'gram-rows', arrays: { Y: new Float32Array(4), G: p.alloc(Float64Array, 4) }, params: { rows: 2, k: 2 }, count: 2, grain: 1 })).rejects.toThrow(DataError);
      await expect(p.run({ kernel: 'gram-rows', arrays: { Y: new Float32Array(4) }, params: {}, count: 2, grain: 1 })).rejects.toThrow(/array Y is not shared/);
    } finally {
      await p.close();
    }
    expect(p.running).toBe(0);
  });
});
