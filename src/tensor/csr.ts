/**
 * Compressed sparse row matrix: row r owns `indices[indptr[r]..indptr[r+1])` with `values` alongside
 * (null values mean all ones). Shared by the graph builders, the compute core's sparse kernels and the models.
 */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array | null;
}

/** Builds a CSR from COO triples; duplicates are summed, columns sorted within each row. */
export function csrFromCoo(
  rows: number,
  cols: number,
  r: Int32Array,
  c: Int32Array,
  v: Float32Array | null = null,
): Csr {
  const nnz = r.length;
  const indptr = new Int32Array(rows + 1);
  for (let i = 0; i < nnz; i++) {
    const ri = r[i];
    if (ri < 0 || ri >= rows) throw new RangeError(`row ${ri} out of range 0..${rows - 1}`);
    if (c[i] < 0 || c[i] >= cols) throw new RangeError(`column ${c[i]} out of range 0..${cols - 1}`);
    indptr[ri + 1]++;
  }
  for (let i = 0; i < rows; i++) indptr[i + 1] += indptr[i];
  const fill = indptr.slice(0, rows);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  for (let i = 0; i < nnz; i++) {
    const p = fill[r[i]]++;
    idx[p] = c[i];
    val[p] = v ? v[i] : 1;
  }
  // Sort each row by column and merge duplicates so kernels see canonical CSR.
  const outPtr = new Int32Array(rows + 1);
  let w = 0;
  let hasDup = false;
  for (let row = 0; row < rows; row++) {
    const s = indptr[row];
    const e = indptr[row + 1];
    sortRow(idx, val, s, e);
    for (let p = s; p < e; p++) {
      if (w > outPtr[row] && idx[w - 1] === idx[p]) {
        val[w - 1] += val[p];
        hasDup = true;
      } else {
        idx[w] = idx[p];
        val[w] = val[p];
        w++;
      }
    }
    outPtr[row + 1] = w;
  }
  const allOnes = v === null && !hasDup;
  return {
    rows,
    cols,
    indptr: outPtr,
    indices: w === nnz ? idx : idx.slice(0, w),
    values: allOnes ? null : w === nnz ? val : val.slice(0, w),
  };
}

/** Transpose of a CSR matrix (a CSR of the columns). */
export function csrTranspose(a: Csr): Csr {
  const nnz = a.indptr[a.rows];
  const indptr = new Int32Array(a.cols + 1);
  for (let p = 0; p < nnz; p++) indptr[a.indices[p] + 1]++;
  for (let i = 0; i < a.cols; i++) indptr[i + 1] += indptr[i];
  const fill = indptr.slice(0, a.cols);
  const indices = new Int32Array(nnz);
  const values = a.values ? new Float32Array(nnz) : null;
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      const q = fill[a.indices[p]]++;
      indices[q] = r;
      if (values && a.values) values[q] = a.values[p];
    }
  }
  return { rows: a.cols, cols: a.rows, indptr, indices, values };
}

/** Column indices of row `r` as a view (no copy): the entries a user or node owns. */
export function csrRow(a: Csr, r: number): Int32Array {
  return a.indices.subarray(a.indptr[r], a.indptr[r + 1]);
}

/** Row b of the result holds the entries of row `rows[b]` of every matrix (rows past a matrix's end add nothing), values dropped. */
export function csrStackRows(mats: readonly Csr[], rows: Int32Array, cols: number): Csr {
  const indptr = new Int32Array(rows.length + 1);
  for (let b = 0; b < rows.length; b++) {
    let len = 0;
    for (const m of mats) if (rows[b] < m.rows) len += m.indptr[rows[b] + 1] - m.indptr[rows[b]];
    indptr[b + 1] = indptr[b] + len;
  }
  const indices = new Int32Array(indptr[rows.length]);
  for (let b = 0; b < rows.length; b++) {
    let w = indptr[b];
    for (const m of mats) {
      if (rows[b] >= m.rows) continue;
      indices.set(m.indices.subarray(m.indptr[rows[b]], m.indptr[rows[b] + 1]), w);
      w += m.indptr[rows[b] + 1] - m.indptr[rows[b]];
    }
  }
  return { rows: rows.length, cols, indptr, indices, values: null };
}

/** Number of stored entries. */
export function csrNnz(a: Csr): number {
  return a.indptr[a.rows];
}

function sortRow(idx: Int32Array, val: Float32Array, s: number, e: number): void {
  if (e - s > 64) {
    // Long rows (popular items) get an O(n log n) sort; short ones stay with insertion sort.
    let sorted = true;
    for (let i = s + 1; i < e && sorted; i++) sorted = idx[i - 1] <= idx[i];
    if (sorted) return;
    const order = Array.from({ length: e - s }, (_, i) => s + i).sort((a, b) => idx[a] - idx[b]);
    const ki = order.map((o) => idx[o]);
    const kv = order.map((o) => val[o]);
    idx.set(ki, s);
    val.set(kv, s);
    return;
  }
  // Insertion sort: rows are short and usually already sorted by the readers.
  for (let i = s + 1; i < e; i++) {
    const ki = idx[i];
    const kv = val[i];
    let j = i - 1;
    while (j >= s && idx[j] > ki) {
      idx[j + 1] = idx[j];
      val[j + 1] = val[j];
      j--;
    }
    idx[j + 1] = ki;
    val[j + 1] = kv;
  }
}
