/**
 * A pool of worker threads that runs kernel jobs (the Node entry's {@link ParallelRunner}). Jobs
 * share their arrays through SharedArrayBuffer; each worker claims chunks of a job from a shared
 * counter (an Atomics add), so the threads stay busy whatever the rows cost, and since every
 * kernel computes each row from its inputs alone the results are the same bits for any thread
 * count. Written on node:worker_threads directly rather than a pool package: a job is one message
 * per worker and the chunk queue is one shared integer, which is all a generic task pool
 * (piscina, tinypool: a message per task, their own queues) would add overhead to.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DataError } from '../errors.js';
import { chunkCount } from '../parallel/kernels.js';
import type { JobArray, JobArrayConstructor, KernelJob, ParallelRunner } from '../parallel/job.js';
import { ThreadError, type WorkerFailure } from './thread-error.js';

/** Options of {@link createThreadPool}. */
export interface ThreadPoolOptions {
  /** Worker threads; `'auto'` = the machine's available parallelism. @default 'auto' */
  readonly threads?: number | 'auto';
}

/** A reply of a worker to one job. */
type WorkerReply = { readonly ok: true } | { readonly ok: false; readonly error: WorkerFailure };

/** Threads for a `threads` setting: the number itself, or the available parallelism for `'auto'`. */
export function resolveThreads(threads: number | 'auto' = 'auto'): number {
  if (threads === 'auto') return Math.max(1, availableParallelism());
  if (!(Number.isInteger(threads) && threads >= 1)) throw new DataError(`threads must be a positive integer or 'auto', got ${String(threads)}`);
  return threads;
}

/** The worker script beside this module: built `.js`/`.cjs` in dist, or `.ts` when run from source. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  const ext = here.endsWith('.ts') ? '.ts' : here.endsWith('.cjs') ? '.cjs' : '.js';
  const script = new URL(`./thread-worker${ext}`, here);
  if (ext !== '.ts') return new Worker(script);
  // From TypeScript sources (tests, benchmarks): load the worker through tsx's loader.
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); })`, { eval: true });
}

/**
 * Worker threads running kernel jobs. Pass it as `runner` to `Recommender.fitAsync` (or a
 * signal's `fit`); `close()` it when done (it also closes when every worker has exited).
 * @example
 * const pool = createThreadPool({ threads: 2 });
 * try { await rec.fitAsync(data, { runner: pool }); } finally { await pool.close(); }
 */
export class ThreadPool implements ParallelRunner {
  readonly threads: number;
  /** Jobs run on worker threads (which also rank evaluation users: kernel `rank-users`). */
  readonly workers = true;
  readonly #workers: Worker[] = [];
  /** Per worker, the id of the last job context sent to it. */
  readonly #contextSent: Array<number | undefined> = [];
  #alive = 0;
  #closed = false;
  /** The job being run, settled when every worker has replied. */
  #tail: Promise<void> = Promise.resolve();
  #pending: ((reply: WorkerReply, worker: number) => void) | undefined;

  constructor(options: ThreadPoolOptions = {}) {
    this.threads = resolveThreads(options.threads);
  }

  /** Workers started and not yet exited. */
  get running(): number {
    return this.#alive;
  }

  /** A zeroed array on a SharedArrayBuffer, visible to every worker. */
  alloc<T extends JobArray>(ctor: JobArrayConstructor<T>, length: number): T {
    return new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT));
  }

  /** Runs the job on the workers (after any job still running); rejects with a {@link ThreadError}. */
  run(job: KernelJob): Promise<void> {
    const next = this.#tail.then(() => this.#runNow(job));
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async #runNow(job: KernelJob): Promise<void> {
    if (this.#closed) throw new ThreadError(`kernel ${job.kernel}: the thread pool is closed`);
    for (const [name, a] of Object.entries(job.arrays)) {
      if (!(a.buffer instanceof SharedArrayBuffer)) throw new DataError(`kernel ${job.kernel}: array ${name} is not shared; allocate it with the pool's alloc`);
    }
    const chunks = chunkCount(job);
    if (chunks === 0) return;
    this.#start();
    const control = new Int32Array(new SharedArrayBuffer(8));
    const used = this.#workers.slice(0, Math.min(this.#workers.length, chunks));
    const failures: Array<{ worker: number; error: WorkerFailure }> = [];
    await new Promise<void>((resolve) => {
      let waiting = used.length;
      this.#pending = (reply, worker) => {
        if (!reply.ok) failures.push({ worker, error: reply.error });
        if (--waiting === 0) {
          this.#pending = undefined;
          resolve();
        }
      };
      used.forEach((w, i) => {
        // A job's context goes to each worker once per id; the worker keeps the last one.
        const context = job.context;
        if (context === undefined) w.postMessage({ job, control });
        else {
          const fresh = this.#contextSent[i] !== context.id;
          this.#contextSent[i] = context.id;
          w.postMessage({ job: { ...job, context: undefined }, contextId: context.id, control, ...(fresh ? { context } : {}) });
        }
      });
    });
    const first = failures[0];
    if (first !== undefined) {
      throw new ThreadError(`kernel ${job.kernel} failed on worker thread ${first.worker}: ${first.error.message}`, first.error);
    }
  }

  /** Starts the workers on first use. */
  #start(): void {
    if (this.#workers.length > 0) return;
    for (let i = 0; i < this.threads; i++) {
      const w = spawnWorker();
      this.#alive++;
      w.on('message', (reply: WorkerReply) => this.#pending?.(reply, i));
      // A worker that dies outside a kernel (out of memory, a broken script) fails the job it was on.
      w.on('error', (error: Error) => this.#pending?.({ ok: false, error: { name: error.name, message: error.message, stack: error.stack ?? '' } }, i));
      w.on('exit', (code) => {
        this.#alive--;
        if (!this.#closed) {
          this.#closed = true;
          void this.close();
          this.#pending?.({ ok: false, error: { name: 'Error', message: `worker thread ${i} exited with code ${code}`, stack: '' } }, i);
        }
      });
      this.#workers.push(w);
    }
  }

  /** Stops every worker; resolves once all have exited. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Creates a thread pool (workers start on the first job). */
export function createThreadPool(options: ThreadPoolOptions = {}): ThreadPool {
  return new ThreadPool(options);
}
