import type { Csr } from '../../../graph/csr.ts';

/** Reference CSR × dense product, out = A·X + beta·c (c defaults to out). */
export function spmmJs(a: Csr, x: Float32Array, cols: number, out: Float32Array, beta: number, c: Float32Array = out): void {
  const { indptr, indices, values } = a;
  // Accumulate each output row in a float64 scratch row: one store per element instead of one per non-zero.
  const acc = new Float64Array(cols);
  for (let r = 0; r < a.rows; r++) {
    const o = r * cols;
    if (beta === 0) acc.fill(0);
    else for (let j = 0; j < cols; j++) acc[j] = beta * c[o + j];
    const p1 = indptr[r + 1];
    for (let p = indptr[r]; p < p1; p++) {
      const v = values === null ? 1 : values[p];
      const xo = indices[p] * cols;
      for (let j = 0; j < cols; j++) acc[j] += v * x[xo + j];
    }
    for (let j = 0; j < cols; j++) out[o + j] = acc[j];
  }
}

/** Reference row-restricted product: `spmmJs` for the listed rows only. */
export function spmmRowsJs(a: Csr, x: Float32Array, cols: number, out: Float32Array, beta: number, rows: Int32Array, c: Float32Array = out): void {
  const { indptr, indices, values } = a;
  const acc = new Float64Array(cols);
  for (const r of rows) {
    const o = r * cols;
    if (beta === 0) acc.fill(0);
    else for (let j = 0; j < cols; j++) acc[j] = beta * c[o + j];
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const v = values === null ? 1 : values[p];
      const xo = indices[p] * cols;
      for (let j = 0; j < cols; j++) acc[j] += v * x[xo + j];
    }
    for (let j = 0; j < cols; j++) out[o + j] = acc[j];
  }
}

/** Reference transposed push: out[c,:] += A[r,c]·x[r,:] for r in `rows`, in that order. */
export function spmmTPushJs(a: Csr, x: Float32Array, cols: number, out: Float32Array, rows: Int32Array): void {
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
