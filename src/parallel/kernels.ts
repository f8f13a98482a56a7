/**
 * The kernel table: each {@link KernelName} bound to its linalg kernel, reading the job's arrays
 * and parameters by name (checked, so a malformed job fails with the kernel and array named).
 * The calling thread and every worker thread run jobs through this one table.
 */
import { cgScratch, solveRows, type CgScratch, type CsrRows } from '../_internal/linalg/cg-row.js';
import { wasmCgSolver } from '../_internal/linalg/cg-row-wasm.js';
import { gramRows } from '../_internal/linalg/gram.js';
import { choleskyRows, inverseProductRows, invertLowerRows, type SpdScratch } from '../_internal/linalg/spd-inverse.js';
import { cosineNeighbourRows, sparseGramRows } from '../_internal/linalg/sparse-gram.js';
import { DataError } from '../errors.js';
import type { JobArray, JobArrayConstructor, KernelJob, KernelName } from './job.js';

/** A kernel bound to the job format: runs rows `from .. to` of the job. */
type BoundKernel = (job: KernelJob, from: number, to: number) => void;

/** The job's array `name`, checked to be a `ctor`. @throws DataError naming the kernel and the array. */
export function jobArray<T extends JobArray>(job: KernelJob, name: string, ctor: JobArrayConstructor<T>): T {
  const a = job.arrays[name];
  if (!(a instanceof ctor)) throw new DataError(`kernel ${job.kernel}: array ${name} must be a ${ctor.name}, got ${a === undefined ? 'nothing' : a.constructor.name}`);
  return a;
}

/** The job's number parameter `name`. @throws DataError naming the kernel and the parameter. */
export function jobParam(job: KernelJob, name: string): number {
  const v = job.params[name];
  if (typeof v !== 'number' || Number.isNaN(v)) throw new DataError(`kernel ${job.kernel}: parameter ${name} must be a number, got ${String(v)}`);
  return v;
}

/** A CSR matrix carried as `<prefix>Ptr`, `<prefix>Idx`, `<prefix>Val`. */
function csr(job: KernelJob, prefix: string): CsrRows {
  return { indptr: jobArray(job, `${prefix}Ptr`, Int32Array), indices: jobArray(job, `${prefix}Idx`, Int32Array), values: jobArray(job, `${prefix}Val`, Float32Array) };
}

function spd(job: KernelJob): SpdScratch {
  return { lDiag: jobArray(job, 'lDiag', Float64Array), pDiag: jobArray(job, 'pDiag', Float64Array), done: jobArray(job, 'done', Int32Array) };
}

/** CG work vectors of this thread, by factor count. */
const scratchByK = new Map<number, CgScratch>();

/** The fitting kernels, on every thread. */
const KERNELS: Readonly<Partial<Record<KernelName, BoundKernel>>> = {
  'gram-rows': (job, from, to) => {
    const args = [jobArray(job, 'Y', Float32Array), jobParam(job, 'rows'), jobParam(job, 'k'), jobArray(job, 'G', Float64Array), from, to] as const;
    const wasm = job.params.simd === 1 ? wasmCgSolver() : undefined;
    if (wasm !== undefined) wasm.gramRows(job, ...args);
    else gramRows(...args);
  },
  'cg-rows': (job, from, to) => {
    const k = jobParam(job, 'k');
    let s = scratchByK.get(k);
    if (s === undefined) scratchByK.set(k, (s = cgScratch(k)));
    const args = [jobArray(job, 'X', Float32Array), jobArray(job, 'Y', Float32Array), jobArray(job, 'G', Float64Array), csr(job, 'm'), jobParam(job, 'alpha'), k, jobParam(job, 'steps'), from, to] as const;
    const wasm = jobParam(job, 'simd') === 1 ? wasmCgSolver() : undefined;
    if (wasm !== undefined) wasm.solveRows(job, ...args);
    else solveRows(...args, s);
  },
  'sparse-gram-rows': (job, from, to) =>
    sparseGramRows(csr(job, 'cols'), csr(job, 'rows'), jobParam(job, 'n'), jobParam(job, 'binary') === 1, jobArray(job, 'G', Float64Array), from, to),
  'cholesky-rows': (job, from, to) => choleskyRows(jobArray(job, 'A', Float64Array), jobParam(job, 'n'), spd(job), from, to),
  'invert-lower-rows': (job, from, to) => invertLowerRows(jobArray(job, 'A', Float64Array), jobParam(job, 'n'), spd(job), from, to),
  'inverse-product-rows': (job, from, to) => inverseProductRows(jobArray(job, 'A', Float64Array), jobParam(job, 'n'), spd(job), from, to),
  'cosine-neighbour-rows': (job, from, to) =>
    cosineNeighbourRows(
      csr(job, 'cols'),
      csr(job, 'rows'),
      jobArray(job, 'norm', Float64Array),
      jobParam(job, 'K'),
      jobParam(job, 'shrinkage'),
      jobParam(job, 'binary') === 1,
      { ids: jobArray(job, 'ids', Int32Array), sims: jobArray(job, 'sims', Float64Array), count: jobArray(job, 'count', Int32Array) },
      from,
      to,
    ),
};

/** Kernels registered on this thread beyond the fitting ones (the thread pool's workers register `rank-users`). */
const registered = new Map<KernelName, BoundKernel>();

/** Makes `kernel` run the jobs named `name` on this thread (a worker script registers what lives outside the core). */
export function registerKernel(name: KernelName, kernel: (job: KernelJob, from: number, to: number) => void): void {
  registered.set(name, kernel);
}

/**
 * Runs chunk `chunk` of a job (rows `chunk * grain` up to the next chunk or `count`) on this thread.
 * @throws DataError for an unknown kernel or a malformed job; the kernel's own errors as they are.
 */
export function runChunk(job: KernelJob, chunk: number): void {
  runRows(job, chunk * job.grain, Math.min(job.count, (chunk + 1) * job.grain));
}

/**
 * Runs rows `from .. to` of a job on this thread in one call (any range gives the same bits as
 * its chunks one by one: each row's arithmetic depends on its own inputs only).
 * @throws DataError for a kernel this thread does not have or a malformed job; the kernel's own errors as they are.
 */
export function runRows(job: KernelJob, from: number, to: number): void {
  const kernel = KERNELS[job.kernel] ?? registered.get(job.kernel);
  if (kernel === undefined) throw new DataError(`kernel ${JSON.stringify(job.kernel)} is not available on this thread`);
  if (from < to) kernel(job, from, to);
}

/** Chunks of a job. */
export function chunkCount(job: KernelJob): number {
  if (!(Number.isInteger(job.grain) && job.grain >= 1)) throw new DataError(`kernel ${job.kernel}: grain must be a positive integer, got ${job.grain}`);
  return Math.ceil(job.count / job.grain);
}
