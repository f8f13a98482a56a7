/**
 * The worker thread of {@link ThreadPool}: for each job it receives, claims chunks from the shared
 * counter until none is left (or another thread failed), runs them, and replies once.
 */
import { parentPort } from 'node:worker_threads';
import { chunkCount, registerKernel, runChunk } from '../parallel/kernels.js';
import { DataError } from '../errors.js';
import type { JobContext, KernelJob, KernelName } from '../parallel/job.js';

/**
 * Kernels that live outside the core's fitting kernels, loaded on the first job that needs one
 * (a worker that only fits never loads the engine).
 */
const LAZY_KERNELS: ReadonlyMap<KernelName, () => Promise<(job: KernelJob, from: number, to: number) => void>> = new Map([
  ['rank-users', async () => (await import('../evaluation/runner/rank-on-runner.js')).rankUsersRows],
]);
const loaded = new Set<KernelName>();

async function ensureKernel(name: KernelName): Promise<void> {
  const load = LAZY_KERNELS.get(name);
  if (load === undefined || loaded.has(name)) return;
  registerKernel(name, await load());
  loaded.add(name);
}

/**
 * One job for this worker. control[0]: next chunk to claim; control[1]: 1 once a thread has
 * failed. A job with a context comes without it, with its id (`contextId`) and, when it is new
 * to this worker, the context itself.
 */
interface JobMessage {
  readonly job: KernelJob;
  readonly control: Int32Array;
  readonly contextId?: number;
  readonly context?: JobContext;
}

/** The last job context this worker received. */
let lastContext: JobContext | undefined;

parentPort?.on('message', (message: JobMessage) => void run(message));

/** Runs one job's chunks on this worker and replies (errors as plain data). */
async function run({ job: message, control, contextId, context }: JobMessage): Promise<void> {
  try {
    await ensureKernel(message.kernel);
    if (context !== undefined) lastContext = context;
    if (contextId !== undefined && lastContext?.id !== contextId) throw new DataError(`kernel ${message.kernel}: job context ${contextId} was never sent to this worker`);
    const job: KernelJob = contextId === undefined ? message : { ...message, context: lastContext! };
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
}
