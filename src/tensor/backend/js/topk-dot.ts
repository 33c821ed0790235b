import type { Csr } from '../../csr.ts';
import { topkJs } from './topk.ts';

/**
 * Reference `topkDot`: scores every column of a row in float32, p order (Math.fround after each operation), removes
 * excluded columns and NaN, then keeps a partial top-k; −∞ slots become column −1.
 */
export function topkDotJs(
  q: Float32Array,
  rows: number,
  items: Float32Array,
  n: number,
  dim: number,
  k: number,
  exclude: Csr,
  outVal: Float32Array,
  outIdx: Int32Array,
): void {
  const row = new Float32Array(n);
  const f = Math.fround;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < dim; p++) s = f(s + f(q[r * dim + p] * items[j * dim + p]));
      row[j] = s;
    }
    if (r < exclude.rows)
      for (let p = exclude.indptr[r]; p < exclude.indptr[r + 1]; p++) row[exclude.indices[p]] = -Infinity;
    const kk = Math.min(k, n);
    topkJs(row, 1, n, kk, outVal.subarray(r * k, r * k + kk), outIdx.subarray(r * k, r * k + kk));
    for (let p = r * k; p < r * k + k; p++) {
      if (p >= r * k + kk || outVal[p] === -Infinity) {
        outVal[p] = -Infinity;
        outIdx[p] = -1;
      }
    }
  }
}
