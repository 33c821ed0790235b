import type { Csr } from '../../graph/csr.ts';

/**
 * Y = A·X for a sparse A (rows×cols) and a dense row-major X (cols×w), returned as rows×w (Float64Array).
 *
 * Written here rather than on the compute core's spmm because that kernel had not landed; each stored entry
 * is one w-wide axpy, which is the shape the backend's spmm will take over.
 */
export function csrTimesDense(a: Csr, x: Float64Array | Float32Array, w: number): Float64Array {
  if (x.length !== a.cols * w) throw new RangeError(`X has ${x.length} values, expected ${a.cols}×${w}`);
  const y = new Float64Array(a.rows * w);
  const { indptr, indices, values } = a;
  for (let r = 0; r < a.rows; r++) {
    const yo = r * w;
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const v = values ? values[p] : 1;
      const xo = indices[p] * w;
      for (let j = 0; j < w; j++) y[yo + j] += v * x[xo + j];
    }
  }
  return y;
}

/** Transpose of a dense row-major m×n matrix (as n×m). */
export function transpose(a: Float64Array | Float32Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}
