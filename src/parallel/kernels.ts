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

function array<T extends JobArray>(job: KernelJob, name: string, ctor: JobArrayConstructor<T>): T {
  const a = job.arrays[name];
  if (!(a instanceof ctor)) throw new DataError(`kernel ${job.kernel}: array ${name} must be a ${ctor.name}, got ${a === undefined ? 'nothing' : a.constructor.name}`);
  return a;
}

function param(job: KernelJob, name: string): number {
  const v = job.params[name];
  if (typeof v !== 'number' || Number.isNaN(v)) throw new DataError(`kernel ${job.kernel}: parameter ${name} must be a number, got ${String(v)}`);
  return v;
}

/** A CSR matrix carried as `<prefix>Ptr`, `<prefix>Idx`, `<prefix>Val`. */
function csr(job: KernelJob, prefix: string): CsrRows {
  return { indptr: array(job, `${prefix}Ptr`, Int32Array), indices: array(job, `${prefix}Idx`, Int32Array), values: array(job, `${prefix}Val`, Float32Array) };
}

function spd(job: KernelJob): SpdScratch {
  return { lDiag: array(job, 'lDiag', Float64Array), pDiag: array(job, 'pDiag', Float64Array), done: array(job, 'done', Int32Array) };
}

/** CG work vectors of this thread, by factor count. */
const scratchByK = new Map<number, CgScratch>();

/** The fitting kernels, on every thread. */
const KERNELS: Readonly<Partial<Record<KernelName, BoundKernel>>> = {
  'gram-rows': (job, from, to) => {
    const args = [array(job, 'Y', Float32Array), param(job, 'rows'), param(job, 'k'), array(job, 'G', Float64Array), from, to] as const;
    const wasm = job.params.simd === 1 ? wasmCgSolver() : undefined;
    if (wasm !== undefined) wasm.gramRows(job, ...args);
    else gramRows(...args);
  },
  'cg-rows': (job, from, to) => {
    const k = param(job, 'k');
    let s = scratchByK.get(k);
    if (s === undefined) scratchByK.set(k, (s = cgScratch(k)));
    const args = [array(job, 'X', Float32Array), array(job, 'Y', Float32Array), array(job, 'G', Float64Array), csr(job, 'm'), param(job, 'alpha'), k, param(job, 'steps'), from, to] as const;
    const wasm = param(job, 'simd') === 1 ? wasmCgSolver() : undefined;
    if (wasm !== undefined) wasm.solveRows(job, ...args);
    else solveRows(...args, s);
  },
  'sparse-gram-rows': (job, from, to) =>
    sparseGramRows(csr(job, 'cols'), csr(job, 'rows'), param(job, 'n'), param(job, 'binary') === 1, array(job, 'G', Float64Array), from, to),
  'cholesky-rows': (job, from, to) => choleskyRows(array(job, 'A', Float64Array), param(job, 'n'), spd(job), from, to),
  'invert-lower-rows': (job, from, to) => invertLowerRows(array(job, 'A', Float64Array), param(job, 'n'), spd(job), from, to),
  'inverse-product-rows': (job, from, to) => inverseProductRows(array(job, 'A', Float64Array), param(job, 'n'), spd(job), from, to),
  'cosine-neighbour-rows': (job, from, to) =>
    cosineNeighbourRows(
      csr(job, 'cols'),
      csr(job, 'rows'),
      array(job, 'norm', Float64Array),
      param(job, 'K'),
      param(job, 'shrinkage'),
      param(job, 'binary') === 1,
      { ids: array(job, 'ids', Int32Array), sims: array(job, 'sims', Float64Array), count: array(job, 'count', Int32Array) },
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
