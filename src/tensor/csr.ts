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

/**
 * COO inputs at least this large with columns ≤ 4 × entries are sorted by two stable counting sorts (columns, then
 * rows) instead of a sort within each row: linear, and the same result (duplicates still meet in input order).
 */
const RADIX_MIN = 1 << 16;

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
  if (nnz >= RADIX_MIN && cols <= 4 * nnz) {
    // CSC by a stable scatter on the columns, then CSR by a stable scatter on the rows walking the columns in order:
    // each row comes out sorted by column. At 10⁸ interactions the per-row sort it replaces cost 18 CPU-s (rows of
    // power-law users up to 250 k items long) and grew faster than n.
    const colPtr = new Int32Array(cols + 1);
    for (let i = 0; i < nnz; i++) colPtr[c[i] + 1]++;
    for (let j = 0; j < cols; j++) colPtr[j + 1] += colPtr[j];
    const cscRow = new Int32Array(nnz);
    const cscVal = v ? new Float32Array(nnz) : null;
    const byCol = { n: nnz, key: c, row: r, rowPtr: null, val: v };
    scatterByKey(byCol, cols, colPtr.slice(0, cols), cscRow, cscVal);
    const idx = new Int32Array(nnz);
    const val = cscVal ? new Float32Array(nnz) : null;
    const byRow = { n: nnz, key: cscRow, row: null, rowPtr: colPtr, val: cscVal };
    scatterByKey(byRow, rows, indptr.slice(0, rows), idx, val);
    return mergeDuplicates(rows, cols, indptr, idx, val, v !== null);
  }
  const fill = indptr.slice(0, rows);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  for (let i = 0; i < nnz; i++) {
    const p = fill[r[i]]++;
    idx[p] = c[i];
    val[p] = v ? v[i] : 1;
  }
  for (let row = 0; row < rows; row++) sortRow(idx, val, indptr[row], indptr[row + 1]);
  return mergeDuplicates(rows, cols, indptr, idx, val, v !== null);
}

/**
 * Canonical CSR of rows sorted by column: equal columns of a row are summed in place (in stored order). `values` null
 * means all ones (a summed value is then allocated on the first duplicate); the values stay null when none were
 * given and no duplicate met.
 */
function mergeDuplicates(
  rows: number,
  cols: number,
  indptr: Int32Array,
  idx: Int32Array,
  values: Float32Array | null,
  given: boolean,
): Csr {
  const nnz = indptr[rows];
  let val = values;
  const outPtr = new Int32Array(rows + 1);
  let w = 0;
  let hasDup = false;
  for (let row = 0; row < rows; row++) {
    for (let p = indptr[row]; p < indptr[row + 1]; p++) {
      if (w > outPtr[row] && idx[w - 1] === idx[p]) {
        // Every entry before the first duplicate is 1 (values were not given), so ones are what it held.
        if (!val) val = new Float32Array(nnz).fill(1);
        val[w - 1] += val[p];
        hasDup = true;
      } else {
        idx[w] = idx[p];
        if (val) val[w] = val[p];
        w++;
      }
    }
    outPtr[row + 1] = w;
  }
  const allOnes = !given && !hasDup;
  return {
    rows,
    cols,
    indptr: outPtr,
    indices: w === nnz ? idx : idx.slice(0, w),
    values: allOnes || !val ? null : w === nnz ? val : val.slice(0, w),
  };
}

/** Transpose of a CSR matrix (a CSR of the columns). */
export function csrTranspose(a: Csr): Csr {
  const nnz = a.indptr[a.rows];
  const indptr = new Int32Array(a.cols + 1);
  for (let p = 0; p < nnz; p++) indptr[a.indices[p] + 1]++;
  for (let i = 0; i < a.cols; i++) indptr[i + 1] += indptr[i];
  const indices = new Int32Array(nnz);
  const values = a.values ? new Float32Array(nnz) : null;
  const entries = { n: nnz, key: a.indices, row: null, rowPtr: a.indptr, val: a.values };
  scatterByKey(entries, a.cols, indptr.slice(0, a.cols), indices, values);
  return { rows: a.cols, cols: a.rows, indptr, indices, values };
}

/** Keys per band of `scatterByKey`: a band's write positions (a cache line or two per key) stay in L2. */
const BAND_SHIFT = 12;
/**
 * Fewer keys than this are scattered directly: their write positions fit the cache (R̃ᵀ at 10⁷ interactions, 50 k
 * items: 0.43 CPU-s direct, 0.52 staged).
 */
const STAGED_MIN_KEYS = 1 << 16;
/** Entries staged per round of `scatterByKey` (12 bytes each). */
const SCATTER_CHUNK = 1 << 22;

/**
 * Entries e = 0..n−1 of a sparse matrix in stored order: key `key[e]`, row `row[e]` (or, with `row` null, the row
 * whose `rowPtr` range holds e) and value `val[e]` (null: none).
 */
interface Entries {
  n: number;
  key: Int32Array;
  row: Int32Array | null;
  rowPtr: Int32Array | null;
  val: Float32Array | null;
}

/**
 * Stable counting-sort scatter: entry e's row goes to `outRow[fill[key[e]]++]` (and its value to `outVal`), in
 * entry order. With many keys (≥ `STAGED_MIN_KEYS`) the entries go through a staging block in rounds, first grouped
 * by band of 4 096 keys and then scattered band by band: the direct scatter writes to one place per key at random
 * (500 k items or 2 M users at 10⁸ interactions), a cache and TLB miss per entry — the transpose of R̃ took 14.9
 * CPU-s at 10⁸ against 0.43 at 10⁷, staged 4.6. Each entry keeps its place among those of its key, so the result is
 * the direct scatter's.
 */
function scatterByKey(
  ent: Entries,
  keys: number,
  fill: Int32Array,
  outRow: Int32Array,
  outVal: Float32Array | null,
): void {
  const { n, key, row, rowPtr, val } = ent;
  const withVal = outVal !== null && val !== null;
  const bands = (keys + (1 << BAND_SHIFT) - 1) >>> BAND_SHIFT;
  let r = 0;
  if (keys < STAGED_MIN_KEYS) {
    for (let e = 0; e < n; e++) {
      if (!row) while (rowPtr![r + 1] <= e) r++;
      const q = fill[key[e]]++;
      outRow[q] = row ? row[e] : r;
      if (withVal) outVal[q] = val[e];
    }
    return;
  }
  const m = Math.min(n, SCATTER_CHUNK);
  const sKey = new Int32Array(m);
  const sRow = new Int32Array(m);
  const sVal = withVal ? new Float32Array(m) : null;
  const bandFill = new Int32Array(bands + 1);
  for (let e0 = 0; e0 < n; e0 += m) {
    const e1 = Math.min(n, e0 + m);
    bandFill.fill(0);
    for (let e = e0; e < e1; e++) bandFill[(key[e] >>> BAND_SHIFT) + 1]++;
    for (let b = 0; b < bands; b++) bandFill[b + 1] += bandFill[b];
    for (let e = e0; e < e1; e++) {
      if (!row) while (rowPtr![r + 1] <= e) r++;
      const k = key[e];
      const s = bandFill[k >>> BAND_SHIFT]++;
      sKey[s] = k;
      sRow[s] = row ? row[e] : r;
      if (sVal) sVal[s] = val![e];
    }
    for (let s = 0; s < e1 - e0; s++) {
      const q = fill[sKey[s]]++;
      outRow[q] = sRow[s];
      if (sVal) outVal![q] = sVal[s];
    }
  }
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
