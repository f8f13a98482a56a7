/**
 * The worker thread of {@link ThreadPool}: for each job it receives, claims chunks from the shared
 * counter until none is left (or another thread failed), runs them, and replies once.
 */
import { parentPort } from 'node:worker_threads';
import { rankUsersRows } from '../evaluation/runner/rank-on-runner.js';
import { chunkCount, registerKernel, runChunk } from '../parallel/kernels.js';
import type { KernelJob } from '../parallel/job.js';

// The evaluation's ranking kernel lives outside the core's fitting kernels.
registerKernel('rank-users', rankUsersRows);

/** control[0]: next chunk to claim; control[1]: 1 once a thread has failed. */
interface JobMessage {
  readonly job: KernelJob;
  readonly control: Int32Array;
}

parentPort?.on('message', ({ job, control }: JobMessage) => {
  try {
    const chunks = chunkCount(job);
    while (Atomics.load(control, 1) === 0) {
      const c = Atomics.add(control, 0, 1);
      if (c >= chunks) break;
      runChunk(job, c);
    }
    parentPort?.postMessage({ ok: true });
  } catch (error) {
    Atomics.store(control, 1, 1);
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort?.postMessage({ ok: false, error: { name: e.name, message: e.message, stack: e.stack ?? '' } });
  }
});
