import type { Csr } from '../../csr.ts';

/** Reference CSR × dense product, out = S·A·X + beta·c (c defaults to out, S = diag(rowScale) to I). */
export function spmmJs(
  a: Csr,
  x: Float32Array,
  cols: number,
  out: Float32Array,
  beta: number,
  c: Float32Array = out,
  rowScale?: Float32Array,
): void {
  // Accumulate each output row in a float64 scratch row: one store per element instead of one per non-zero.
  const acc = new Float64Array(cols);
  for (let r = 0; r < a.rows; r++) spmmRowJs(a, x, cols, out, beta, c, rowScale, r, acc);
}

/** Reference row-restricted product: `spmmJs` for the listed rows only. */
export function spmmRowsJs(
  a: Csr,
  x: Float32Array,
  cols: number,
  out: Float32Array,
  beta: number,
  rows: Int32Array,
  c: Float32Array = out,
  rowScale?: Float32Array,
): void {
  const acc = new Float64Array(cols);
  for (const r of rows) spmmRowJs(a, x, cols, out, beta, c, rowScale, r, acc);
}

function spmmRowJs(
  a: Csr,
  x: Float32Array,
  cols: number,
  out: Float32Array,
  beta: number,
  c: Float32Array,
  rowScale: Float32Array | undefined,
  r: number,
  acc: Float64Array,
): void {
  const { indptr, indices, values } = a;
  const o = r * cols;
  acc.fill(0);
  for (let p = indptr[r]; p < indptr[r + 1]; p++) {
    const v = values === null ? 1 : values[p];
    const xo = indices[p] * cols;
    for (let j = 0; j < cols; j++) acc[j] += v * x[xo + j];
  }
  const s = rowScale === undefined ? 1 : rowScale[r];
  for (let j = 0; j < cols; j++) out[o + j] = s * acc[j] + (beta === 0 ? 0 : beta * c[o + j]);
}

/** Reference transposed push: out[c,:] += A[r,c]·x[r,:] for r in `rows`, in that order. */
export function spmmTPushJs(
  a: Csr,
  x: Float32Array,
  cols: number,
  out: Float32Array,
  rows: Int32Array,
): void {
  const { indptr, indices, values } = a;
  for (const r of rows) {
    const xo = r * cols;
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const v = values === null ? 1 : values[p];
      const o = indices[p] * cols;
      for (let j = 0; j < cols; j++) out[o + j] += v * x[xo + j];
    }
  }
}

/** Reference row gather. */
export function gatherJs(table: Float32Array, dim: number, idx: Int32Array, out: Float32Array): void {
  for (let i = 0; i < idx.length; i++) out.set(table.subarray(idx[i] * dim, idx[i] * dim + dim), i * dim);
}

/** Reference scatter-add (sequential, hence deterministic). */
export function scatterAddJs(src: Float32Array, dim: number, idx: Int32Array, out: Float32Array): void {
  for (let i = 0; i < idx.length; i++) {
    const o = idx[i] * dim;
    const s = i * dim;
    for (let j = 0; j < dim; j++) out[o + j] += src[s + j];
  }
}
