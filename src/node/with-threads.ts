import type { Recommender } from '../engine/recommender.js';
import { evaluateAsync } from '../evaluation/runner/evaluate-async.js';
import type { EvalReport } from '../evaluation/report/types.js';
import type { EvaluateOptions } from '../evaluation/runner/types.js';
import type { MarketplaceInput } from '../schema/marketplace-data.js';
import { createThreadPool } from './thread-pool.js';

/**
 * Fits the recommender on a pool of `threads` workers (default: the recommender's `threads`
 * config), closing the pool afterwards; the same model, bit for bit, as `rec.fit(data)`.
 * @example await fitWithThreads(createRecommender({ threads: 4 }), data)
 */
export async function fitWithThreads(rec: Recommender, data: MarketplaceInput, options: { now?: number; threads?: number | 'auto' } = {}): Promise<Recommender> {
  const pool = createThreadPool({ threads: options.threads ?? rec.config.threads });
  try {
    return await rec.fitAsync(data, { ...(options.now === undefined ? {} : { now: options.now }), runner: pool });
  } finally {
    await pool.close();
  }
}

/**
 * `evaluate()` with every model's fit on a pool of `threads` workers (default: available cores)
 * and the event loop free between users; the pool is closed afterwards. Same report as `evaluate`.
 */
export async function evaluateWithThreads(options: EvaluateOptions, extra: { threads?: number | 'auto'; onWarning?: (message: string) => void } = {}): Promise<EvalReport> {
  const pool = createThreadPool({ threads: extra.threads ?? 'auto' });
  try {
    return await evaluateAsync(options, { runner: pool, ...(extra.onWarning === undefined ? {} : { onWarning: extra.onWarning }) });
  } finally {
    await pool.close();
  }
}
