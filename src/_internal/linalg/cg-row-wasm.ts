/**
 * The WebAssembly SIMD build of {@link solveRows} (source: wasm/cg-row.ts): the same bits as the
 * TypeScript kernel, about three times faster. Loaded on first use from the bytes embedded in the
 * package, one instance per thread; where WebAssembly or its SIMD is missing, callers keep the
 * TypeScript kernel.
 */
import { fromBase64 } from '../base64.js';
import type { CsrRows } from './cg-row.js';
import { CG_ROW_WASM_BASE64 } from './cg-row-wasm-bytes.js';

/** The kernel's export (byte offsets into its memory). */
type SolveRowsExport = (X: number, Y: number, G: number, indptr: number, cols: number, vals: number, alpha: number, k: number, steps: number, from: number, to: number, scratch: number) => void;

/** The parts of the WebAssembly API used here (the project's lib settings declare no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => WasmInstance;
}

let compiled: { readonly api: WasmApi; readonly module: object } | undefined | null = null;

/** A new instance of the kernels' module (compiled once per thread), or undefined without WebAssembly SIMD. */
function instantiate(): WasmInstance | undefined {
  if (compiled === null) {
    compiled = undefined;
    try {
      const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      const bytes = fromBase64(CG_ROW_WASM_BASE64);
      // validate() is false where SIMD (or WebAssembly itself) is not supported.
      if (api !== undefined && api.validate(bytes)) compiled = { api, module: new api.Module(bytes) };
    } catch {
      compiled = undefined;
    }
  }
  return compiled === undefined ? undefined : new compiled.api.Instance(compiled.module, {});
}

/** The job whose Y and G a solver holds, and where. */
interface Loaded {
  readonly job: object;
  readonly gAt: number;
  readonly yAt: number;
  readonly chunkAt: number;
}

/** The Gram kernel's export (byte offsets into its memory). */
type GramRowsExport = (Y: number, rows: number, k: number, G: number, aFrom: number, aTo: number) => void;

/** The gather's export (byte offsets into its memory). */
type DotGatherExport = (x: number, table: number, k: number, ids: number, count: number, out: number) => void;

/** The scan's export (byte offsets into its memory). */
type ScorePairsExport = (user: number, table: number, k: number, pairs: number, out: number) => void;

/** Offsets are 16-byte aligned (v128 loads). */
const align = (n: number): number => Math.ceil(n / 16) * 16;
/** Bytes kept free at the start of memory (the compiler's static area). */
const BASE = 1024;

/** The kernel's instance on this thread, with Y and G of the current half-sweep loaded. */
export class WasmCgSolver {
  readonly #memory: WasmMemory;
  readonly #solveRows: SolveRowsExport;
  readonly #gramRows: GramRowsExport;
  /** The job whose Y and G are loaded, where they are, and where the per-chunk data starts. */
  #loaded: Loaded | undefined;

  private constructor(instance: WasmInstance) {
    this.#memory = instance.exports.memory as WasmMemory;
    this.#solveRows = instance.exports.solveRows as SolveRowsExport;
    this.#gramRows = instance.exports.gramRows as GramRowsExport;
  }

  /** Instantiates the kernel, or undefined where WebAssembly SIMD is not available. */
  static create(): WasmCgSolver | undefined {
    const instance = instantiate();
    return instance === undefined ? undefined : new WasmCgSolver(instance);
  }

  /** Copies Y and G into memory once per job (any object that stays the same while they do). */
  #load(job: object, Y: Float32Array, G: Float64Array, k: number): Loaded {
    const L = this.#loaded;
    if (L?.job === job) return L;
    const gAt = align(BASE + 4 * k * 8);
    const yAt = align(gAt + G.byteLength);
    const chunkAt = align(yAt + Y.byteLength);
    this.#reserve(chunkAt);
    this.#put(gAt, G);
    this.#put(yAt, Y);
    return (this.#loaded = { job, gAt, yAt, chunkAt });
  }

  /**
   * Rows `aFrom .. aTo` of the upper triangle of `YtY` into `G` (zero on those rows), exactly as
   * `gramRows` computes them; Y and G loaded once per `job`.
   */
  gramRows(job: object, Y: Float32Array, rows: number, k: number, G: Float64Array, aFrom: number, aTo: number): void {
    const L = this.#load(job, Y, G, k);
    this.#gramRows(L.yAt, rows, k, L.gAt, aFrom, aTo);
    G.set(new Float64Array(this.#memory.buffer, L.gAt + aFrom * k * 8, (aTo - aFrom) * k), aFrom * k);
  }

  #reserve(bytes: number): void {
    const missing = bytes - this.#memory.buffer.byteLength;
    if (missing > 0) this.#memory.grow(Math.ceil(missing / 65536));
  }

  #put(offset: number, a: ArrayBufferView): void {
    new Uint8Array(this.#memory.buffer, offset, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  /**
   * Solves rows `from .. to` of `X` against `Y` and `G` exactly as `solveRows` does. Y and G are
   * copied into the kernel's memory once per `job` (any object that stays the same while Y and G
   * do: the kernel job), the chunk's rows of X and of the CSR matrix on every call.
   */
  solveRows(job: object, X: Float32Array, Y: Float32Array, G: Float64Array, M: CsrRows, alpha: number, k: number, steps: number, from: number, to: number): void {
    const L = this.#load(job, Y, G, k);
    const rows = to - from;
    if (rows <= 0) return;
    const first = M.indptr[from]!;
    const nnz = M.indptr[to]! - first;
    const xAt = L.chunkAt;
    const pAt = align(xAt + rows * k * 4);
    const cAt = align(pAt + (rows + 1) * 4);
    const vAt = align(cAt + nnz * 4);
    this.#reserve(vAt + nnz * 4);
    const xRows = X.subarray(from * k, to * k);
    this.#put(xAt, xRows);
    const ptr = new Int32Array(this.#memory.buffer, pAt, rows + 1);
    for (let r = 0; r <= rows; r++) ptr[r] = M.indptr[from + r]! - first;
    this.#put(cAt, M.indices.subarray(first, first + nnz));
    this.#put(vAt, M.values.subarray(first, first + nnz));
    this.#solveRows(xAt, L.yAt, L.gAt, pAt, cAt, vAt, alpha, k, steps, 0, rows, BASE);
    xRows.set(new Float32Array(this.#memory.buffer, xAt, rows * k));
  }
}

let solver: WasmCgSolver | undefined | null = null;
let enabled = true;

/** This thread's WebAssembly CG solver (created once), or undefined without WebAssembly SIMD. */
export function wasmCgSolver(): WasmCgSolver | undefined {
  if (solver === null) solver = WasmCgSolver.create();
  return solver;
}

/**
 * Whether fits started from this thread use the WebAssembly kernel (where it loads): on by
 * default; off runs the TypeScript reference (benchmarks compare the two; results are the same).
 */
export function useWasmKernels(on?: boolean): boolean {
  if (on !== undefined) enabled = on;
  return enabled && wasmCgSolver() !== undefined;
}

/** `make(instance)` with a new instance of the kernels, or undefined without WebAssembly SIMD, when off, or for k = 0. */
function withInstance<T>(k: number, make: (instance: WasmInstance) => T): T | undefined {
  if (!enabled || k === 0) return undefined;
  const instance = instantiate();
  return instance === undefined ? undefined : make(instance);
}

/** An instance of the kernels holding one factor table in its memory (after a float64 vector of k). */
abstract class WasmTable {
  protected readonly memory: WasmMemory;
  protected readonly exports: WasmInstance['exports'];
  protected readonly k: number;
  protected readonly rows: number;
  protected readonly tableAt: number;

  protected constructor(instance: WasmInstance, table: Float32Array, k: number) {
    this.memory = instance.exports.memory as WasmMemory;
    this.exports = instance.exports;
    this.k = k;
    this.rows = table.length / k;
    this.tableAt = align(BASE + k * 8);
  }

  protected reserve(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / 65536));
  }

  /** Writes the vector the next call scores against (float64, at the start of memory). */
  protected putVector(x: ArrayLike<number>): void {
    const u = new Float64Array(this.memory.buffer, BASE, this.k);
    for (let f = 0; f < this.k; f++) u[f] = x[f]!;
  }
}

/**
 * The WebAssembly build of the blocked scan (`scoreRange`) over one fixed factor table, held in
 * the instance's own memory as row pairs (each pair's factor f side by side, so one load feeds
 * two rows' float64 sums): the same float32 scores as `scoreRange`, bit for bit.
 */
export class WasmScan extends WasmTable {
  readonly #outAt: number;

  private constructor(instance: WasmInstance, table: Float32Array, k: number) {
    super(instance, table, k);
    const pairs = Math.ceil(this.rows / 2);
    this.#outAt = align(this.tableAt + pairs * k * 8);
    // Output room for any count of rows, plus a vector's width (the kernel stores 4 lanes per pair).
    this.reserve(this.#outAt + (pairs + 2) * 8);
    const t = new Float32Array(this.memory.buffer, this.tableAt, pairs * k * 2);
    for (let r = 0; r < this.rows; r++) {
      const base = (r >> 1) * k * 2 + (r & 1);
      for (let f = 0; f < k; f++) t[base + 2 * f] = table[r * k + f]!;
    }
  }

  /** A scanner over `table` (rows x k), or undefined without WebAssembly SIMD or when off. */
  static over(table: Float32Array, k: number): WasmScan | undefined {
    return withInstance(k, (instance) => new WasmScan(instance, table, k));
  }

  /** Scores rows `first .. first + out.length` of the table into `out`, as `scoreRange` does. */
  score(user: ArrayLike<number>, first: number, out: Float32Array): void {
    const k = this.k;
    const n = out.length;
    if (first < 0 || first + n > this.rows) throw new RangeError(`rows ${first}..${first + n} outside the table's ${this.rows}`);
    if (n === 0) return;
    this.putVector(user);
    const skip = first & 1;
    const pairs = Math.ceil((skip + n) / 2);
    (this.exports.scorePairs as ScorePairsExport)(BASE, this.tableAt + (first >> 1) * k * 8, k, pairs, this.#outAt);
    out.set(new Float32Array(this.memory.buffer, this.#outAt + skip * 4, n));
  }
}

/**
 * The WebAssembly build of scoring chosen rows of a factor table with `dot` (four accumulators),
 * the table copied once into the instance's memory: the same float32 scores as
 * `Float32Array.from(ids, (i) => dot(x, 0, table, i * k, k))`, bit for bit.
 */
export class WasmGather extends WasmTable {
  private constructor(instance: WasmInstance, table: Float32Array, k: number) {
    super(instance, table, k);
    this.reserve(this.tableAt + table.byteLength);
    new Float32Array(this.memory.buffer, this.tableAt, table.length).set(table);
  }

  /** A scorer over `table` (rows x k), or undefined without WebAssembly SIMD or when off. */
  static over(table: Float32Array, k: number): WasmGather | undefined {
    return withInstance(k, (instance) => new WasmGather(instance, table, k));
  }

  /** Scores rows `ids` (each within the table: the caller checks) against `x` into `out`. */
  score(x: ArrayLike<number>, ids: Int32Array, out: Float32Array): void {
    const n = ids.length;
    const idsAt = align(this.tableAt + this.rows * this.k * 4);
    const outAt = align(idsAt + n * 4);
    this.reserve(outAt + n * 4);
    this.putVector(x);
    new Int32Array(this.memory.buffer, idsAt, n).set(ids);
    (this.exports.dotGather as DotGatherExport)(BASE, this.tableAt, this.k, idsAt, n, outAt);
    out.set(new Float32Array(this.memory.buffer, outAt, n));
  }
}
