/**
 * Kernel jobs and the runner contract: the heavy loops of fitting (iALS row solves, Gram
 * matrices, item-kNN neighbour lists, EASE's inverse) are written as kernels over ranges of rows,
 * and a {@link ParallelRunner} runs a job's ranges on the calling thread or on worker threads.
 * The split of a job into chunks is fixed by the job (`grain`), never by the thread count, and
 * every kernel computes each output row from its inputs alone, so results are the same bits
 * whatever the number of threads.
 */

/** A typed array a job carries (shared between threads when the runner has threads). */
export type JobArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A constructor of a {@link JobArray} (from a length, or over a shared buffer). */
export interface JobArrayConstructor<T extends JobArray> {
  new (length: number): T;
  new (buffer: SharedArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

/** Names of the kernels a job can run (see `kernels.ts`). */
export type KernelName =
  | 'gram-rows'
  | 'cg-rows'
  | 'sparse-gram-rows'
  | 'cholesky-rows'
  | 'invert-lower-rows'
  | 'inverse-product-rows'
  | 'cosine-neighbour-rows'
  /** Evaluation: users' requests up to the rerank (registered on the Node entry's worker threads). */
  | 'rank-users';

/**
 * Data every thread of a job needs besides its arrays (e.g. a fitted model), structured-cloneable:
 * a thread pool sends `value` to each worker once per `id` and the worker keeps the last one, so
 * jobs that share an id pay for the copy once.
 */
export interface JobContext {
  /** Identifies the value: jobs with the same id share it. */
  readonly id: number;
  readonly value: unknown;
}

let lastContextId = 0;

/** A new job context id, unique in this thread's lifetime. */
export function newContextId(): number {
  return ++lastContextId;
}

/** One parallel step: a kernel run over the rows `0 .. count-1`, `grain` rows per chunk. */
export interface KernelJob {
  /** Data the kernel reads besides the arrays, sent to each worker once per id. */
  readonly context?: JobContext;
  readonly kernel: KernelName;
  /** The kernel's arrays by name (allocated with the runner's `alloc` so its threads see them). */
  readonly arrays: Readonly<Record<string, JobArray>>;
  /** The kernel's scalar parameters by name. */
  readonly params: Readonly<Record<string, number>>;
  /** Rows of work. */
  readonly count: number;
  /** Rows per chunk: threads take chunks in ascending order, each chunk whole. */
  readonly grain: number;
}

/**
 * Runs kernel jobs. The core's {@link sequentialRunner} runs them on the calling thread (any JS
 * runtime); the Node entry's thread pool (`goods-find-people/node`) runs them on worker threads
 * sharing memory through SharedArrayBuffer.
 */
export interface ParallelRunner {
  /** Threads the runner computes on. */
  readonly threads: number;
  /**
   * True when jobs run on worker threads, which then also run `rank-users` jobs: `evaluateAsync`
   * ranks the test users there. @default false (jobs run on the calling thread)
   */
  readonly workers?: boolean;
  /** A zeroed array every thread of the runner can read and write. */
  alloc<T extends JobArray>(ctor: JobArrayConstructor<T>, length: number): T;
  /** Runs every chunk of the job; settles when all are done (rejects with the first error). */
  run(job: KernelJob): Promise<void>;
}

/** Allocates a zeroed array (shared with a runner's threads, or plain). */
export type Alloc = <T extends JobArray>(ctor: JobArrayConstructor<T>, length: number) => T;

/** Allocates a plain (unshared) array: what fitting on the calling thread uses. */
export function allocLocal<T extends JobArray>(ctor: JobArrayConstructor<T>, length: number): T {
  return new ctor(length);
}

/**
 * An allocator for fitting: the runner's when one is given (arrays its threads share), plain
 * arrays otherwise.
 */
export function allocatorOf(runner: ParallelRunner | undefined): Alloc {
  return runner === undefined ? allocLocal : (ctor, length) => runner.alloc(ctor, length);
}

/** A copy of `a` in memory the runner's threads share (or `a` itself without a runner). */
export function shareWith<T extends JobArray>(runner: ParallelRunner | undefined, a: T): T {
  if (runner === undefined) return a;
  const out = runner.alloc(a.constructor as JobArrayConstructor<T>, a.length);
  out.set(a as never);
  return out;
}
