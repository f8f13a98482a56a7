/**
 * Running kernel jobs on the calling thread: the core's runner, available in every JS runtime.
 */
import { chunkCount, runRows } from './kernels.js';
import { allocLocal, type KernelJob, type ParallelRunner } from './job.js';

/** Runs a job on the calling thread: all its rows in one call (the same bits as chunk by chunk). */
export function runInline(job: KernelJob): void {
  chunkCount(job); // checks the grain
  runRows(job, 0, job.count);
}

/** Runs a sequence of jobs (e.g. a fit's sweeps) on the calling thread. */
export function runJobsSync(jobs: Iterable<KernelJob>): void {
  for (const job of jobs) runInline(job);
}

/** Runs a sequence of jobs on a runner, each after the previous one has settled. */
export async function runJobs(jobs: Iterable<KernelJob>, runner: ParallelRunner): Promise<void> {
  for (const job of jobs) await runner.run(job);
}

/**
 * The runner of the core entry: every job on the calling thread (the same results as a thread pool
 * of every size, bit for bit). `run` settles after the work is done; it never yields in between.
 */
export const sequentialRunner: ParallelRunner = Object.freeze({
  threads: 1,
  alloc: allocLocal,
  run(job: KernelJob): Promise<void> {
    try {
      runInline(job);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  },
});
