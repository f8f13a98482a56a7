/**
 * The WebAssembly SIMD kernels of the iALS half-sweep against their TypeScript reference: the
 * committed modules are fresh compiles of wasm/*.ts; the Gram rows are the same bits; the CG
 * solve (float32 products, float64 vectors and scalars) agrees with the float64 reference within
 * float32 rounding on seeded problems (factor counts around every lane boundary, rows of 0 to 80
 * items, chunks starting mid-matrix), and a solve one CG step short is far outside that
 * tolerance; solved to convergence, its residual is the reference's up to float32 rounding; an
 * iALS fit with it ranks what the reference ranks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/_internal/rng.js';
import { cgScratch, solveRows, type CsrRows } from '../../../src/_internal/linalg/cg-row.js';
import { useWasmKernels, wasmCgSolver } from '../../../src/_internal/linalg/cg-row-wasm.js';
import { dot } from '../../../src/_internal/linalg/dot.js';
import { gram, gramRows } from '../../../src/_internal/linalg/gram.js';
import { createIals } from '../../../src/signals/ials.js';
import { blockDataset, contextOf } from '../../contracts/signal-contract.js';
import { compileKernel, moduleText, WASM_KERNELS } from '../../../scripts/build-wasm.js';

/** A seeded problem: `rows` rows to solve against `items` item rows of k factors. */
interface Problem {
  readonly X: Float32Array;
  readonly Y: Float32Array;
  readonly G: Float64Array;
  readonly M: CsrRows;
}

const ALPHA = 40;

function problem(seed: number, k: number, rows: number, items: number, maxItems: number): Problem {
  const rng = new Rng(seed);
  const Y = Float32Array.from({ length: items * k }, () => rng.normal() * 0.3);
  const X = Float32Array.from({ length: rows * k }, () => rng.next() * 0.01);
  const indptr = new Int32Array(rows + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < rows; r++) {
    const n = rng.int(Math.min(maxItems + 1, items + 1));
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

const norm = (a: ArrayLike<number>, from: number, k: number): number => Math.sqrt(dot(a, from, a, from, k));

function distance(a: Float32Array, b: Float32Array, from: number, k: number): number {
  let s = 0;
  for (let f = from; f < from + k; f++) s += (a[f]! - b[f]!) ** 2;
  return Math.sqrt(s);
}

/** |b - A x| of row r in float64, and the scale |b| + |A|_F |x| it is measured against. */
function residual(p: Problem, x: Float32Array, r: number, k: number): { norm: number; scale: number } {
  const A = Float64Array.from(p.G);
  const b = new Float64Array(k);
  for (let e = p.M.indptr[r]!; e < p.M.indptr[r + 1]!; e++) {
    const i = p.M.indices[e]! * k;
    const c = 1 + ALPHA * p.M.values[e]!;
    for (let a = 0; a < k; a++) {
      b[a]! += c * p.Y[i + a]!;
      for (let j = 0; j < k; j++) A[a * k + j]! += (c - 1) * p.Y[i + a]! * p.Y[i + j]!;
    }
  }
  let rr = 0;
  for (let a = 0; a < k; a++) {
    let s = b[a]!;
    for (let j = 0; j < k; j++) s -= A[a * k + j]! * x[r * k + j]!;
    rr += s * s;
  }
  const xs = Math.max(norm(x, r * k, k), norm(p.X, r * k, k));
  return { norm: Math.sqrt(rr), scale: norm(b, 0, k) + norm(A, 0, k * k) * xs };
}

/**
 * Tolerance of the float32 solve, relative: each product and partial sum carries float32's 2^-24;
 * a sum runs over at most k + nnz <= 2^8 terms here, and each of at most 3 CG steps may double
 * what came before: 2^-24 * 2^8 * 2^3.
 */
const FEW_STEPS_TOL = 2 ** -13;

describe('WebAssembly iALS kernels', () => {
  afterEach(() => void useWasmKernels(true));

  it('the committed modules are fresh compiles of their wasm/*.ts sources', async () => {
    expect(WASM_KERNELS.length).toBeGreaterThanOrEqual(2);
    for (const kernel of WASM_KERNELS) {
      const committed = readFileSync(join(import.meta.dirname, '../../..', kernel.module), 'utf8');
      expect(committed, kernel.source).toBe(moduleText(kernel.source, kernel.exportName, await compileKernel(kernel.source)));
    }
  }, 120_000);

  it('loads where WebAssembly SIMD is available (Node 20 has it)', () => {
    expect(wasmCgSolver()).toBeDefined();
  });

  it('with 1 to 3 CG steps (what iALS runs) every row is the reference row within float32 rounding; one step short is not', () => {
    const wasm = wasmCgSolver()!;
    let seed = 1;
    let controls = 0;
    let far = 0;
    for (const k of [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 33, 64, 128]) {
      for (const steps of [1, 2, 3]) {
        const p = problem(seed++, k, 19, 200, 80);
        const ts = p.X.slice();
        const ws = p.X.slice();
        const short = p.X.slice();
        // The whole matrix, then a chunk that starts mid-matrix on its own job.
        solveRows(ts, p.Y, p.G, p.M, ALPHA, k, steps, 0, 19, cgScratch(k));
        wasm.solveRows({}, ws, p.Y, p.G, p.M, ALPHA, k, steps, 0, 19);
        solveRows(ts, p.Y, p.G, p.M, ALPHA, k, steps, 7, 15, cgScratch(k));
        wasm.solveRows({}, ws, p.Y, p.G, p.M, ALPHA, k, steps, 7, 15);
        solveRows(short, p.Y, p.G, p.M, ALPHA, k, steps - 1, 0, 19, cgScratch(k));
        solveRows(short, p.Y, p.G, p.M, ALPHA, k, steps - 1, 7, 15, cgScratch(k));
        for (let r = 0; r < 19; r++) {
          const scale = Math.max(norm(ts, r * k, k), norm(p.X, r * k, k));
          expect(distance(ws, ts, r * k, k), `k ${k}, ${steps} steps, row ${r}`).toBeLessThanOrEqual(FEW_STEPS_TOL * scale);
          // The control: a kernel one step short is far outside the tolerance, wherever the
          // step still matters (fewer steps than factors, and items to solve for).
          if (steps < k && p.M.indptr[r + 1]! > p.M.indptr[r]!) {
            controls++;
            if (distance(short, ts, r * k, k) > 16 * FEW_STEPS_TOL * scale) far++;
          }
        }
      }
    }
    expect(controls).toBeGreaterThan(500);
    expect(far / controls).toBeGreaterThan(0.95);
  });

  it('solved to convergence (k steps), the residual is the reference residual up to float32 rounding', () => {
    const wasm = wasmCgSolver()!;
    let seed = 100;
    for (const k of [1, 2, 5, 8, 13, 33, 64]) {
      const p = problem(seed++, k, 12, 120, 60);
      const ts = p.X.slice();
      const ws = p.X.slice();
      solveRows(ts, p.Y, p.G, p.M, ALPHA, k, k, 0, 12, cgScratch(k));
      wasm.solveRows({}, ws, p.Y, p.G, p.M, ALPHA, k, k, 0, 12);
      for (let r = 0; r < 12; r++) {
        const w = residual(p, ws, r, k);
        const t = residual(p, ts, r, k);
        // Relative to the system's scale: float32 rounding (2^-24) times the condition number of
        // these systems (at most 2^10: confidences up to 121 against the regularisation), with
        // 2^4 for sums of up to 2^7 terms and the steps.
        expect(w.norm, `k ${k}, row ${r}`).toBeLessThanOrEqual(t.norm + 2 ** -10 * w.scale);
        // The starting point was far from solved: the bound is not met by doing nothing.
        expect(residual(p, p.X, r, k).norm, `start k ${k}, row ${r}`).toBeGreaterThan(2 ** -9 * w.scale);
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

  it('an iALS fit with the WebAssembly kernel ranks as the reference fit: each top-5 item scores within rounding of the reference 5th best', () => {
    const ds = blockDataset();
    const fit = (wasm: boolean) => {
      useWasmKernels(wasm);
      const s = createIals({ factors: 6, iterations: 5 });
      s.fit(ds);
      return s;
    };
    const ts = fit(false);
    const ws = fit(true);
    useWasmKernels(false);
    let controls = 0;
    for (let u = 0; u < ds.users.size; u++) {
      const ctx = contextOf(ds, ds.users.idAt(u));
      const ref = ts.topN(ctx, 5);
      const fifth = ref.scores[ref.scores.length - 1]!;
      const floor = fifth - 1e-4 * Math.abs(fifth) - 1e-6;
      const got = ws.topN(ctx, 5).ids;
      const refScores = ts.score(ctx, got);
      // Items within a block are interchangeable, so their order may follow rounding; what the
      // float32 kernel ranks must be as good for the reference, up to float32 rounding.
      for (let i = 0; i < got.length; i++) expect(refScores[i]!, `user ${u}`).toBeGreaterThanOrEqual(floor);
      // The control: the reference's own worst products fail the same check.
      const all = ts.score(ctx, Int32Array.from({ length: ds.products.size }, (_, i) => i));
      if (Math.min(...all) < floor) controls++;
    }
    expect(controls).toBe(ds.users.size);
  });
});
