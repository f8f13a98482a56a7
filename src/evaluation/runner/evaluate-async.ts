import type { ParallelRunner } from '../../parallel/job.js';
import type { EvalReport } from '../report/types.js';
import { _evaluateSteps, type EvalStepResult } from './evaluate.js';
import { rankOnRunner } from './rank-on-runner.js';
import { rankableOnThreads, rankUsers, yieldToEventLoop } from './rank-users.js';
import type { EvaluateOptions } from './types.js';

/** Options of {@link evaluateAsync} beyond the evaluation's own. */
export interface EvaluateAsyncOptions {
  /**
   * Runs each model's fit (iALS, item-kNN, EASE kernels) on its threads, e.g. a pool from
   * `goods-find-people/node`; a runner with worker threads (`workers`) also ranks the test users
   * there (the rerank and the ledger record stay on this thread, users in order).
   */
  readonly runner?: ParallelRunner;
  /** Called with each warning of the split (as `evaluate`'s second argument). */
  readonly onWarning?: (message: string) => void;
}

/**
 * {@link evaluate} without blocking the event loop for its whole length: model fits run on
 * `runner`'s threads (awaited); with a runner of worker threads the test users' requests are
 * scored there too (everything before the rerank; the rerank and the exposure ledger stay on
 * this thread, users in order), otherwise ranking gives way to other work every few users. The
 * report is the same as `evaluate`'s, bit for bit (timings apart), whatever the runner and its
 * thread count. Models with custom signal types rank on this thread (workers know the built-in
 * types only).
 * @example
 * const report = await evaluateAsync(options, { runner: createThreadPool() });
 */
export async function evaluateAsync(options: EvaluateOptions, extra: EvaluateAsyncOptions = {}): Promise<EvalReport> {
  const steps = _evaluateSteps(options, extra.onWarning);
  const runner = extra.runner;
  let result: EvalStepResult;
  for (;;) {
    const step = steps.next(result);
    if (step.done === true) return step.value;
    const s = step.value;
    if ('fit' in s) {
      await s.fit.fitDatasetAsync(s.dataset, runner === undefined ? {} : { runner });
      result = undefined;
    } else if (runner?.workers === true && rankableOnThreads(s.rank.recommender)) {
      result = await rankOnRunner(s.rank, runner);
    } else result = await rankUsers(s.rank, yieldToEventLoop);
  }
}
