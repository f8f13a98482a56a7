/** Parallel fitting: the runner contract a thread pool implements, and the calling-thread runner. */
export type { JobArray, JobArrayConstructor, JobContext, KernelJob, KernelName, ParallelRunner } from './job.js';
export { sequentialRunner } from './run.js';
