/**
 * The WebAssembly SIMD CG kernel against its TypeScript reference: the committed bytes are a
 * fresh compile of wasm/cg-row.ts; on seeded random problems (factor counts around every unroll
 * and lane boundary, rows of 0 to 23 items, chunks starting mid-matrix) both give the same
 * float32 rows bit for bit; an iALS fit gives the same factors and top-n lists with either.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/_internal/rng.js';
import { cgScratch, solveRows, type CsrRows } from '../../../src/_internal/linalg/cg-row.js';
import { useWasmKernels, wasmCgSolver, WasmGather, WasmScan } from '../../../src/_internal/linalg/cg-row-wasm.js';
import { dot } from '../../../src/_internal/linalg/dot.js';
import { scoreRange } from '../../../src/_internal/linalg/scan.js';
import { gram, gramRows } from '../../../src/_internal/linalg/gram.js';
import { createIals } from '../../../src/signals/ials.js';
import { blockDataset, contextOf } from '../../contracts/signal-contract.js';
import { compileKernel, moduleText, WASM_KERNELS } from '../../../scripts/build-wasm.js';

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** A seeded problem: `rows` rows to solve against `items` item rows of k factors. */
function problem(seed: number, k: number, rows: number, items: number): { X: Float32Array; Y: Float32Array; G: Float64Array; M: CsrRows } {
  const rng = new Rng(seed);
  const Y = Float32Array.from({ length: items * k }, () => rng.normal() * 0.3);
  const X = Float32Array.from({ length: rows * k }, () => rng.next() * 0.01);
  const indptr = new Int32Array(rows + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < rows; r++) {
    const n = rng.int(Math.min(24, items + 1));
    const picked = new Set<number>();
    while (picked.size < n) picked.add(rng.int(items));
    for (const c of [...picked].sort((a, b) => a - b)) {
      cols.push(c);
      vals.push(0.1 + rng.next() * 3);
    }
    indptr[r + 1] = cols.length;
  }
  return { X, Y, G: gram(Y, items, k, 0.05), M: { indptr, indices: Int32Array.from(cols), values: Float32Array.from(vals) } };
}

describe('WebAssembly CG kernel', () => {
  afterEach(() => void useWasmKernels(true));

  it('the committed module is a fresh compile of wasm/cg-row.ts', async () => {
    const kernel = WASM_KERNELS[0]!;
    const committed = readFileSync(join(import.meta.dirname, '../../..', kernel.module), 'utf8');
    expect(committed).toBe(moduleText(kernel.source, kernel.exportName, await compileKernel(kernel.source)));
  }, 120_000);

  it('loads where WebAssembly SIMD is available (Node 20 has it)', () => {
    expect(wasmCgSolver()).toBeDefined();
  });

  it('solves every row to the same bits as the TypeScript kernel', () => {
    const wasm = wasmCgSolver()!;
    let seed = 1;
    for (const k of [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 33, 64]) {
      for (const steps of [1, 3, k]) {
        const p = problem(seed++, k, 19, 37);
        const ts = p.X.slice();
        const ws = p.X.slice();
        // The whole matrix, then a chunk that starts mid-matrix on its own job.
        solveRows(ts, p.Y, p.G, p.M, 40, k, steps, 0, 19, cgScratch(k));
        wasm.solveRows({}, ws, p.Y, p.G, p.M, 40, k, steps, 0, 19);
        expect(bits(ws), `k ${k}, ${steps} steps`).toEqual(bits(ts));
        solveRows(ts, p.Y, p.G, p.M, 40, k, steps, 7, 15, cgScratch(k));
        wasm.solveRows({}, ws, p.Y, p.G, p.M, 40, k, steps, 7, 15);
        expect(bits(ws), `k ${k}, ${steps} steps, rows 7-15`).toEqual(bits(ts));
        // The control: the solve moved the rows, so an unchanged copy would fail the comparison.
        expect(bits(ws)).not.toEqual(bits(p.X));
      }
    }
  });

  it('the Gram rows are the same bits as gramRows (odd and even first rows, row tails)', () => {
    const wasm = wasmCgSolver()!;
    const rng = new Rng(9);
    for (const k of [1, 2, 3, 5, 8, 13, 64]) {
      for (const rows of [1, 3, 4, 7, 22]) {
        const Y = Float32Array.from({ length: rows * k }, () => rng.normal());
        const ts = new Float64Array(k * k);
        const ws = new Float64Array(k * k);
        const job = {};
        for (const [a, b] of [[0, Math.min(1, k)], [Math.min(1, k), k]] as const) {
          gramRows(Y, rows, k, ts, a, b);
          wasm.gramRows(job, Y, rows, k, ws, a, b);
        }
        expect(Array.from(ws), `k ${k}, rows ${rows}`).toEqual(Array.from(ts));
        expect(ts.some((v) => v !== 0)).toBe(true);
      }
    }
  });

  it('the scan scores every row of a table to the same float32 bits as scoreRange (NaN rows, odd counts, k around the lanes)', () => {
    const rng = new Rng(5);
    for (const k of [1, 2, 3, 4, 5, 8, 13, 64]) {
      const rows = 41;
      const table = Float32Array.from({ length: rows * k }, () => rng.normal() * 10 ** rng.int(4));
      table[3 * k] = Number.NaN;
      const scan = WasmScan.over(table, k)!;
      for (const user of [Float64Array.from({ length: k }, () => rng.normal()), Float32Array.from({ length: k }, () => rng.normal())]) {
        for (const [first, n] of [[0, rows], [5, 17], [40, 1], [2, 0]] as const) {
          const ts = new Float32Array(n);
          const ws = new Float32Array(n).fill(7);
          scoreRange(user, table, k, first, ts);
          scan.score(user, first, ws);
          expect(bits(ws), `k ${k}, rows ${first}+${n}`).toEqual(bits(ts));
        }
      }
      expect(() => scan.score(new Float64Array(k), rows - 1, new Float32Array(2))).toThrow(RangeError);
    }
  });

  it('the gather scores chosen rows to the same float32 bits as dot (four accumulators, tails)', () => {
    const rng = new Rng(11);
    for (const k of [1, 3, 4, 5, 7, 8, 64, 65]) {
      const rows = 29;
      const table = Float32Array.from({ length: rows * k }, () => rng.normal() * 10 ** rng.int(5));
      const gather = WasmGather.over(table, k)!;
      const ids = Int32Array.from({ length: 40 }, () => rng.int(rows));
      for (const x of [Float32Array.from({ length: k }, () => rng.normal()), Float64Array.from({ length: k }, () => rng.normal())]) {
        const ws = new Float32Array(ids.length);
        gather.score(x, ids, ws);
        const ts = Float32Array.from(ids, (i) => dot(x, 0, table, i * k, k));
        expect(bits(ws), `k ${k}`).toEqual(bits(ts));
      }
    }
  });

  it('an iALS fit gives the same factors and top-n lists with either kernel', () => {
    const ds = blockDataset();
    const fit = (wasm: boolean) => {
      useWasmKernels(wasm);
      const s = createIals({ factors: 6, iterations: 5 });
      s.fit(ds);
      return s;
    };
    const ts = fit(false);
    const ws = fit(true);
    expect(bits(ws.userFactors)).toEqual(bits(ts.userFactors));
    expect(bits(ws.itemFactors)).toEqual(bits(ts.itemFactors));
    for (let u = 0; u < ds.users.size; u++) {
      const ctx = contextOf(ds, ds.users.idAt(u));
      expect(Array.from(ws.topN(ctx, 5).ids)).toEqual(Array.from(ts.topN(ctx, 5).ids));
    }
  });
});
