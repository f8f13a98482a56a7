/**
 * Compressed sparse row matrix: row r holds columns `indices[indptr[r] .. indptr[r+1])` with
 * `values` alongside; columns sorted ascending within each row, no duplicates.
 * Storage: 4 bytes per index + 4 per value, plus 4 per row.
 */
export interface CsrMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row pointers, length rows + 1. */
  readonly indptr: Int32Array;
  /** Column of each stored entry. */
  readonly indices: Int32Array;
  /** Value of each stored entry. */
  readonly values: Float32Array;
}

/** Number of stored entries. */
export function nnz(m: CsrMatrix): number {
  return m.indptr[m.rows] ?? 0;
}

/**
 * Builds a CSR matrix from coordinate triples in O(nnz + rows) plus the per-row sort:
 * entries of the same (row, col) are summed.
 */
export function csrFromCoo(
  rows: number,
  cols: number,
  rowOf: Int32Array,
  colOf: Int32Array,
  valueOf: Float32Array | Float64Array,
  count: number = rowOf.length,
): CsrMatrix {
  const counts = new Int32Array(rows + 1);
  for (let e = 0; e < count; e++) counts[(rowOf[e] as number) + 1]!++;
  for (let r = 0; r < rows; r++) counts[r + 1]! += counts[r]!;
  const fill = counts.slice(0, rows);
  const tmpCols = new Int32Array(count);
  const tmpVals = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    const r = rowOf[e] as number;
    const at = fill[r]!++;
    tmpCols[at] = colOf[e] as number;
    tmpVals[at] = valueOf[e] as number;
  }
  // Merge duplicates per row with a column marker (linear), then sort each row's columns.
  const marker = new Int32Array(cols).fill(-1);
  const indptr = new Int32Array(rows + 1);
  const outCols = new Int32Array(count);
  const outVals = new Float64Array(count);
  let w = 0;
  for (let r = 0; r < rows; r++) {
    const start = w;
    for (let k = counts[r]!; k < counts[r + 1]!; k++) {
      const c = tmpCols[k]!;
      const seen = marker[c]!;
      if (seen >= start) outVals[seen]! += tmpVals[k]!;
      else {
        marker[c] = w;
        outCols[w] = c;
        outVals[w] = tmpVals[k]!;
        w++;
      }
    }
    sortRow(outCols, outVals, start, w);
    indptr[r + 1] = w;
  }
  return {
    rows,
    cols,
    indptr,
    indices: outCols.slice(0, w),
    values: Float32Array.from(outVals.subarray(0, w)),
  };
}

function sortRow(cols: Int32Array, vals: Float64Array, start: number, end: number): void {
  const n = end - start;
  if (n < 2) return;
  let sorted = true;
  for (let k = start + 1; k < end; k++) if (cols[k - 1]! > cols[k]!) { sorted = false; break; }
  if (sorted) return;
  const order = Array.from({ length: n }, (_, i) => start + i).sort((a, b) => cols[a]! - cols[b]!);
  const c2 = order.map((i) => cols[i]!);
  const v2 = order.map((i) => vals[i]!);
  for (let i = 0; i < n; i++) {
    cols[start + i] = c2[i]!;
    vals[start + i] = v2[i]!;
  }
}

/** Transpose in O(nnz + rows + cols); the CSC view of `m` as a CSR of its transpose. */
export function transpose(m: CsrMatrix): CsrMatrix {
  const total = nnz(m);
  const indptr = new Int32Array(m.cols + 1);
  for (let k = 0; k < total; k++) indptr[m.indices[k]! + 1]!++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1]! += indptr[c]!;
  const fill = indptr.slice(0, m.cols);
  const indices = new Int32Array(total);
  const values = new Float32Array(total);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) {
      const c = m.indices[k]!;
      const at = fill[c]!++;
      indices[at] = r;
      values[at] = m.values[k]!;
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, values };
}

/** Value at (row, col) by binary search, 0 when absent. */
export function csrGet(m: CsrMatrix, row: number, col: number): number {
  let lo = m.indptr[row]!;
  let hi = m.indptr[row + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = m.indices[mid]!;
    if (c === col) return m.values[mid]!;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Bytes held by the matrix's typed arrays. */
export function csrBytes(m: CsrMatrix): number {
  return m.indptr.byteLength + m.indices.byteLength + m.values.byteLength;
}

/**
 * Why `m` is not a well-formed CSR matrix (for data read from outside, e.g. a model file), or
 * undefined when it is: `indptr` of length rows + 1, starting at 0, non-decreasing, ending at the
 * length of `indices` and `values`; columns in range and strictly ascending within each row;
 * values finite. O(rows + nnz).
 * @example csrProblem({ rows: 1, cols: 2, indptr: Int32Array.of(0, 1), indices: Int32Array.of(2), values: Float32Array.of(1) })
 * // 'row 0 has column 2, outside 0..1'
 */
export function csrProblem(m: CsrMatrix): string | undefined {
  const { rows, cols, indptr, indices, values } = m;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) return `bad shape ${rows} x ${cols}`;
  if (indptr.length !== rows + 1) return `indptr has ${indptr.length} entries for ${rows} rows (expected ${rows + 1})`;
  if (indptr[0] !== 0) return `indptr starts at ${indptr[0]}, not 0`;
  if (indptr[rows] !== indices.length || indices.length !== values.length) {
    return `indptr ends at ${indptr[rows]} but there are ${indices.length} indices and ${values.length} values`;
  }
  for (let r = 0; r < rows; r++) {
    const start = indptr[r]!;
    const end = indptr[r + 1]!;
    if (end < start) return `indptr decreases at row ${r}`;
    let previous = -1;
    for (let k = start; k < end; k++) {
      const c = indices[k]!;
      if (c < 0 || c >= cols) return `row ${r} has column ${c}, outside 0..${cols - 1}`;
      if (c <= previous) return `row ${r} has columns out of order or repeated (${previous}, ${c})`;
      if (!Number.isFinite(values[k]!)) return `row ${r} column ${c} holds ${values[k]}`;
      previous = c;
    }
  }
  return undefined;
}
