/**
 * The WebAssembly SIMD scans over one fixed factor table (source: wasm/scan.ts), each holding its
 * own copy of the table in its instance's memory: the gather (the same float32 scores as `dot`,
 * bit for bit) and the approximate block scan that the exact top-n scan uses as a prefilter.
 */
import { SCAN_WASM_BASE64 } from './scan-wasm-bytes.js';
import { align, BASE, instantiateKernels, reserve, wasmEnabled, type WasmInstance, type WasmMemory } from './wasm-module.js';

/** The gather's export (byte offsets into its memory). */
type DotGatherExport = (x: number, table: number, k: number, ids: number, count: number, out: number) => void;

/** The block scan's export (byte offsets into its memory). */
type ApproxBlocksExport = (user: number, table: number, k: number, blocks: number, out: number) => void;

/** Rows per block of the approximate scan's table. */
const BLOCK = 16;

/** `make(instance)` with a new instance of the scan kernels, or undefined without WebAssembly SIMD, when off, or for k = 0. */
function withInstance<T>(k: number, make: (instance: WasmInstance) => T): T | undefined {
  if (!wasmEnabled() || k === 0) return undefined;
  const instance = instantiateKernels(SCAN_WASM_BASE64);
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

  /** Writes the vector the next call scores against at the start of memory (float64, or float32). */
  protected putVector(x: ArrayLike<number>, wide: boolean): void {
    const u = wide ? new Float64Array(this.memory.buffer, BASE, this.k) : new Float32Array(this.memory.buffer, BASE, this.k);
    for (let f = 0; f < this.k; f++) u[f] = x[f]!;
  }
}

/**
 * The approximate scan over one fixed factor table, held as blocks of 16 rows factor by factor:
 * float32 lanes, so each score is within {@link approxError} of the float32 score of `scoreRange`
 * (the prefilter of the exact top-n scan, which rescores exactly what the bound cannot rule out).
 */
export class WasmScan extends WasmTable {
  readonly #outAt: number;

  private constructor(instance: WasmInstance, table: Float32Array, k: number) {
    super(instance, table, k);
    const blocks = Math.ceil(this.rows / BLOCK);
    this.#outAt = align(this.tableAt + blocks * BLOCK * k * 4);
    reserve(this.memory, this.#outAt + blocks * BLOCK * 4);
    const t = new Float32Array(this.memory.buffer, this.tableAt, blocks * BLOCK * k);
    for (let r = 0; r < this.rows; r++) {
      const base = Math.floor(r / BLOCK) * BLOCK * k + (r % BLOCK);
      for (let f = 0; f < k; f++) t[base + BLOCK * f] = table[r * k + f]!;
    }
  }

  /** A scanner over `table` (rows x k), or undefined without WebAssembly SIMD or when off. */
  static over(table: Float32Array, k: number): WasmScan | undefined {
    return withInstance(k, (instance) => new WasmScan(instance, table, k));
  }

  /**
   * Approximate scores of rows `first .. first + out.length` into `out` (`first` a multiple of
   * 16): each within `approxError(k) * |user| * |row|` of the row's float32 `scoreRange` score.
   */
  approx(user: ArrayLike<number>, first: number, out: Float32Array): void {
    const n = out.length;
    if (first < 0 || first % BLOCK !== 0 || first + n > this.rows) throw new RangeError(`rows ${first}..${first + n} are not a block-aligned range of the table's ${this.rows}`);
    if (n === 0) return;
    this.putVector(user, false);
    const blocks = Math.ceil(n / BLOCK);
    (this.exports.approxBlocks as ApproxBlocksExport)(BASE, this.tableAt + (first / BLOCK) * BLOCK * this.k * 4, this.k, blocks, this.#outAt);
    out.set(new Float32Array(this.memory.buffer, this.#outAt, n));
  }
}

/**
 * The relative error bound of {@link WasmScan.approx} against the float32 score of the exact scan,
 * in units of `|user| * |row|`: the float32 sum of k rounded products is within (k + 1) 2^-24 of
 * the exact dot product, the user rounded to float32 adds 2^-24, the exact score's own rounding to
 * float32 2^-24 (and float64 sums next to nothing); twice that for margin.
 */
export function approxError(k: number): number {
  return (k + 4) * 2 ** -23;
}

/**
 * The WebAssembly build of scoring chosen rows of a factor table with `dot` (four accumulators),
 * the table copied once into the instance's memory: the same float32 scores as
 * `Float32Array.from(ids, (i) => dot(x, 0, table, i * k, k))`, bit for bit.
 */
export class WasmGather extends WasmTable {
  private constructor(instance: WasmInstance, table: Float32Array, k: number) {
    super(instance, table, k);
    reserve(this.memory, this.tableAt + table.byteLength);
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
    reserve(this.memory, outAt + n * 4);
    this.putVector(x, true);
    new Int32Array(this.memory.buffer, idsAt, n).set(ids);
    (this.exports.dotGather as DotGatherExport)(BASE, this.tableAt, this.k, idsAt, n, outAt);
    out.set(new Float32Array(this.memory.buffer, outAt, n));
  }
}
