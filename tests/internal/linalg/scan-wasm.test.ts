/**
 * The WebAssembly scans over a factor table: the gather gives the float32 scores of `dot`, bit
 * for bit; the approximate block scan stays within its proven bound (approxError(k) |user| |row|)
 * of the exact float32 score of `scoreRange`, on seeded tables with skewed magnitudes, float32
 * and float64 users and factor counts around the lanes, and is not exact (the bound matters).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/_internal/rng.js';
import { useWasmKernels } from '../../../src/_internal/linalg/cg-row-wasm.js';
import { dot } from '../../../src/_internal/linalg/dot.js';
import { scoreRange } from '../../../src/_internal/linalg/scan.js';
import { approxError, WasmGather, WasmScan } from '../../../src/_internal/linalg/scan-wasm.js';

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('WebAssembly scans', () => {
  afterEach(() => void useWasmKernels(true));

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

  it('the approximate scan is within approxError(k) |user| |row| of scoreRange, and not exact', () => {
    const rng = new Rng(5);
    let inexact = 0;
    for (const k of [1, 2, 3, 4, 5, 8, 13, 16, 17, 64, 128]) {
      const rows = 75;
      // Magnitudes spread over six decades, as fitted factors of popular and rare products are.
      const table = Float32Array.from({ length: rows * k }, () => rng.normal() * 10 ** (rng.int(7) - 3));
      const scan = WasmScan.over(table, k)!;
      for (const user of [Float64Array.from({ length: k }, () => rng.normal() * 10 ** rng.int(3)), Float32Array.from({ length: k }, () => rng.normal())]) {
        const un = Math.sqrt(dot(user, 0, user, 0, k));
        for (const [first, n] of [[0, rows], [16, 59], [64, 11], [32, 0]] as const) {
          const exact = new Float32Array(n);
          const approx = new Float32Array(n).fill(7);
          scoreRange(user, table, k, first, exact);
          scan.approx(user, first, approx);
          for (let i = 0; i < n; i++) {
            const row = (first + i) * k;
            const bound = approxError(k) * un * Math.sqrt(dot(table, row, table, row, k));
            expect(Math.abs(approx[i]! - exact[i]!), `k ${k}, row ${first + i}`).toBeLessThanOrEqual(bound);
            if (approx[i] !== exact[i]) inexact++;
          }
        }
      }
      expect(() => scan.approx(new Float64Array(k), 8, new Float32Array(2))).toThrow(RangeError);
      expect(() => scan.approx(new Float64Array(k), 64, new Float32Array(12))).toThrow(RangeError);
    }
    // The control: float32 sums do round, so a zero bound would fail.
    expect(inexact).toBeGreaterThan(100);
  });

  it('no scanner where the kernels are switched off, or for k = 0', () => {
    useWasmKernels(false);
    expect(WasmScan.over(new Float32Array(4), 2)).toBeUndefined();
    expect(WasmGather.over(new Float32Array(4), 2)).toBeUndefined();
    useWasmKernels(true);
    expect(WasmScan.over(new Float32Array(0), 0)).toBeUndefined();
    expect(WasmScan.over(new Float32Array(4), 2)).toBeDefined();
  });
});
