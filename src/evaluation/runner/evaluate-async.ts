import type { ParallelRunner } from '../../parallel/job.js';
import type { EvalReport } from '../report/types.js';
import { PAUSE, _evaluateSteps } from './evaluate.js';
import type { EvaluateOptions } from './types.js';

/** Options of {@link evaluateAsync} beyond the evaluation's own. */
export interface EvaluateAsyncOptions {
  /** Runs each model's fit (iALS, item-kNN, EASE kernels) on its threads; e.g. a pool from `goods-find-people/node`. */
  readonly runner?: ParallelRunner;
  /** Called with each warning of the split (as `evaluate`'s second argument). */
  readonly onWarning?: (message: string) => void;
}

/** Lets timers and I/O run (a macrotask turn): setImmediate where the runtime has it, else a 0 ms timer. */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate === undefined ? setTimeout(resolve, 0) : immediate(resolve)));
}

/**
 * {@link evaluate} without blocking the event loop for its whole length: model fits run on
 * `runner`'s threads (awaited), and the ranking of the test users gives way to other work every
 * few users. The report is the same as `evaluate`'s, bit for bit (timings apart), whatever the runner.
 * @example
 * const report = await evaluateAsync(options, { runner: createThreadPool() });
 */
export async function evaluateAsync(options: EvaluateOptions, extra: EvaluateAsyncOptions = {}): Promise<EvalReport> {
  const steps = _evaluateSteps(options, extra.onWarning);
  const runner = extra.runner;
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return step.value;
    if (step.value === PAUSE) await yieldToEventLoop();
    else await step.value.fit.fitDatasetAsync(step.value.dataset, runner === undefined ? {} : { runner });
  }
}
