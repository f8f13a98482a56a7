import { describe, expect, it } from 'vitest';
import { csrBytes, csrFromCoo, csrGet, nnz, transpose, type CsrMatrix } from '../../src/dataset/csr.js';

function dense(m: CsrMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from({ length: m.cols }, (_, c) => csrGet(m, r, c)));
}

describe('csrFromCoo', () => {
  // 3 x 4 from unsorted triples with a repeated cell (row 0, col 2: 1 + 0.5) and an empty row 1.
  const rows = Int32Array.of(2, 0, 0, 2, 0, 0);
  const cols = Int32Array.of(1, 3, 2, 0, 2, 0);
  const vals = Float64Array.of(4, 2, 1, 5, 0.5, 3);
  const m = csrFromCoo(3, 4, rows, cols, vals);

  it('builds sorted rows with duplicates summed (hand-computed arrays)', () => {
    expect(m.rows).toBe(3);
    expect(m.cols).toBe(4);
    expect(Array.from(m.indptr)).toEqual([0, 3, 3, 5]);
    expect(Array.from(m.indices)).toEqual([0, 2, 3, 0, 1]);
    expect(Array.from(m.values)).toEqual([3, 1.5, 2, 5, 4]);
    expect(nnz(m)).toBe(5);
    expect(dense(m)).toEqual([
      [3, 0, 1.5, 2],
      [0, 0, 0, 0],
      [5, 4, 0, 0],
    ]);
  });

  it('uses only the first `count` triples', () => {
    const head = csrFromCoo(3, 4, rows, cols, vals, 2);
    expect(Array.from(head.indptr)).toEqual([0, 1, 1, 2]);
    expect(Array.from(head.indices)).toEqual([3, 1]);
    expect(Array.from(head.values)).toEqual([2, 4]);
  });

  it('sums in double precision before rounding to float32 once', () => {
    // 1e8 + 1 - 1e8 in float32 steps would give 0; summed in float64 it is 1.
    const s = csrFromCoo(1, 1, Int32Array.of(0, 0, 0), Int32Array.of(0, 0, 0), Float64Array.of(1e8, 1, -1e8));
    expect(Array.from(s.values)).toEqual([1]);
  });

  it('handles an empty matrix', () => {
    const e = csrFromCoo(2, 3, new Int32Array(0), new Int32Array(0), new Float64Array(0));
    expect(Array.from(e.indptr)).toEqual([0, 0, 0]);
    expect(e.indices.length).toBe(0);
    expect(nnz(e)).toBe(0);
    expect(csrBytes(e)).toBe(12);
  });

  it('does not mutate its inputs', () => {
    expect(Array.from(rows)).toEqual([2, 0, 0, 2, 0, 0]);
    expect(Array.from(cols)).toEqual([1, 3, 2, 0, 2, 0]);
    expect(Array.from(vals)).toEqual([4, 2, 1, 5, 0.5, 3]);
  });

  it('transposes to the CSR of the transpose (hand-computed), and back', () => {
    const t = transpose(m);
    expect(t.rows).toBe(4);
    expect(t.cols).toBe(3);
    expect(Array.from(t.indptr)).toEqual([0, 2, 3, 4, 5]);
    expect(Array.from(t.indices)).toEqual([0, 2, 2, 0, 0]);
    expect(Array.from(t.values)).toEqual([3, 5, 4, 1.5, 2]);
    const back = transpose(t);
    expect(Array.from(back.indptr)).toEqual(Array.from(m.indptr));
    expect(Array.from(back.indices)).toEqual(Array.from(m.indices));
    expect(Array.from(back.values)).toEqual(Array.from(m.values));
  });

  it('csrGet returns 0 for absent cells and csrBytes counts every typed array', () => {
    expect(csrGet(m, 0, 1)).toBe(0);
    expect(csrGet(m, 1, 0)).toBe(0);
    expect(csrGet(m, 2, 1)).toBe(4);
    // indptr 4 x 4 bytes + 5 indices x 4 + 5 values x 4.
    expect(csrBytes(m)).toBe(16 + 20 + 20);
  });
});
