/**
 * The WebAssembly SIMD build of the iALS half-sweep kernels (source: wasm/cg-row.ts): the Gram
 * rows (the same bits as {@link gramRows}) and the CG row solve, whose products run in float32
 * lanes with float64 CG vectors and scalars (agreeing with the TypeScript {@link solveRows}, the
 * reference, within float32 rounding). Loaded on first use from the bytes embedded in the
 * package, one instance per thread.
 */
import type { CsrRows } from './cg-row.js';
import { CG_ROW_WASM_BASE64 } from './cg-row-wasm-bytes.js';
import { align, BASE, instantiateKernels, put, reserve, wasmEnabled, type WasmInstance, type WasmMemory } from './wasm-module.js';

/** The solver's export (byte offsets into its memory). */
type SolveRowsExport = (X: number, Y: number, G: number, indptr: number, cols: number, vals: number, alpha: number, k: number, steps: number, from: number, to: number, scratch: number) => void;

/** The Gram kernel's export (byte offsets into its memory). */
type GramRowsExport = (Y: number, rows: number, k: number, G: number, aFrom: number, aTo: number) => void;

/** The job whose Y and G a solver holds, and where. */
interface Loaded {
  readonly job: object;
  /** The float64 Gram (what gramRows fills). */
  readonly gAt: number;
  /** The float32 Gram the solve reads (rows padded to a multiple of 4). */
  readonly g32At: number;
  readonly yAt: number;
  readonly chunkAt: number;
}

/** The kernels' instance on this thread, with Y and G of the current half-sweep loaded. */
export class WasmCgSolver {
  readonly #memory: WasmMemory;
  readonly #solveRows: SolveRowsExport;
  readonly #gramRows: GramRowsExport;
  readonly #narrowGram: (G64: number, G32: number, k: number) => void;
  readonly #scratchBytes: (k: number) => number;
  /** The job whose Y and G are loaded, where they are, and where the per-chunk data starts. */
  #loaded: Loaded | undefined;

  private constructor(instance: WasmInstance) {
    const e = instance.exports;
    this.#memory = e.memory as WasmMemory;
    this.#solveRows = e.solveRows as SolveRowsExport;
    this.#gramRows = e.gramRows as GramRowsExport;
    this.#narrowGram = e.narrowGram as (G64: number, G32: number, k: number) => void;
    this.#scratchBytes = e.scratchBytes as (k: number) => number;
  }

  /** Instantiates the kernels, or undefined where WebAssembly SIMD is not available. */
  static create(): WasmCgSolver | undefined {
    const instance = instantiateKernels(CG_ROW_WASM_BASE64);
    return instance === undefined ? undefined : new WasmCgSolver(instance);
  }

  /**
   * Copies Y and G into memory once per job (any object that stays the same while they do), and
   * with `narrow` makes the float32 Gram of the solve from G.
   */
  #load(job: object, Y: Float32Array, G: Float64Array, k: number, narrow: boolean): Loaded {
    const L = this.#loaded;
    if (L?.job === job) return L;
    const kp = Math.ceil(k / 4) * 4;
    const gAt = align(BASE + this.#scratchBytes(k));
    const g32At = align(gAt + G.byteLength);
    const yAt = align(g32At + k * kp * 4);
    const chunkAt = align(yAt + Y.byteLength);
    reserve(this.#memory, chunkAt);
    put(this.#memory, gAt, G);
    if (narrow) this.#narrowGram(gAt, g32At, k);
    put(this.#memory, yAt, Y);
    return (this.#loaded = { job, gAt, g32At, yAt, chunkAt });
  }

  /**
   * Rows `aFrom .. aTo` of the upper triangle of `YtY` into `G` (zero on those rows), exactly as
   * `gramRows` computes them; Y and G loaded once per `job`.
   */
  gramRows(job: object, Y: Float32Array, rows: number, k: number, G: Float64Array, aFrom: number, aTo: number): void {
    const L = this.#load(job, Y, G, k, false);
    this.#gramRows(L.yAt, rows, k, L.gAt, aFrom, aTo);
    G.set(new Float64Array(this.#memory.buffer, L.gAt + aFrom * k * 8, (aTo - aFrom) * k), aFrom * k);
  }

  /**
   * Solves rows `from .. to` of `X` against `Y` and `G` as `solveRows` does, with float32
   * products. Y and G are copied into the kernel's memory once per `job` (any object that stays
   * the same while Y and G do: the kernel job), the chunk's rows of X and of the CSR matrix on
   * every call.
   */
  solveRows(job: object, X: Float32Array, Y: Float32Array, G: Float64Array, M: CsrRows, alpha: number, k: number, steps: number, from: number, to: number): void {
    const L = this.#load(job, Y, G, k, true);
    const rows = to - from;
    if (rows <= 0) return;
    const first = M.indptr[from]!;
    const nnz = M.indptr[to]! - first;
    const xAt = L.chunkAt;
    const pAt = align(xAt + rows * k * 4);
    const cAt = align(pAt + (rows + 1) * 4);
    const vAt = align(cAt + nnz * 4);
    reserve(this.#memory, vAt + nnz * 4);
    const memory = this.#memory;
    const xRows = X.subarray(from * k, to * k);
    put(memory, xAt, xRows);
    const ptr = new Int32Array(memory.buffer, pAt, rows + 1);
    for (let r = 0; r <= rows; r++) ptr[r] = M.indptr[from + r]! - first;
    put(memory, cAt, M.indices.subarray(first, first + nnz));
    put(memory, vAt, M.values.subarray(first, first + nnz));
    this.#solveRows(xAt, L.yAt, L.g32At, pAt, cAt, vAt, alpha, k, steps, 0, rows, BASE);
    xRows.set(new Float32Array(memory.buffer, xAt, rows * k));
  }
}

let solver: WasmCgSolver | undefined | null = null;

/** This thread's WebAssembly CG solver (created once), or undefined without WebAssembly SIMD. */
export function wasmCgSolver(): WasmCgSolver | undefined {
  if (solver === null) solver = WasmCgSolver.create();
  return solver;
}

/**
 * Whether fits and scans started from this thread use the WebAssembly kernels (where they load):
 * on by default; off runs the TypeScript reference (benchmarks and tests compare the two).
 */
export function useWasmKernels(on?: boolean): boolean {
  return wasmEnabled(on) && wasmCgSolver() !== undefined;
}
