/**
 * goods-find-people/node: the Node-only entry for worker threads. A {@link ThreadPool} runs the
 * fitting kernels (iALS row solves, item-kNN neighbour lists, EASE's Gram and inverse) on every
 * core with arrays shared through SharedArrayBuffer; results are the same bits as on one thread.
 */
export { createThreadPool, resolveThreads, ThreadPool, type ThreadPoolOptions } from './thread-pool.js';
export { ThreadError, type WorkerFailure } from './thread-error.js';
export { evaluateWithThreads, fitWithThreads } from './with-threads.js';
export type { KernelJob, ParallelRunner } from '../parallel/job.js';
