import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { accumulate } from './accumulate.ts';

/** Result of `topk`: values [rows, k] and their column indices (row-major, k per row). */
export interface TopK {
  values: Tensor;
  indices: Int32Array;
}

/**
 * The k largest entries of each row of a 2-D tensor (a 1-D tensor is one row), sorted descending,
 * ties broken by lower index. NaN and −Infinity are never preferred over finite values. Uses a
 * size-k min-heap per row, so ranking 40k items for k = 20 is one pass.
 */
export function topk(x: Tensor, k: number): TopK {
  const rows = x.rank <= 1 ? 1 : x.shape[0];
  const m = x.rank <= 1 ? x.size : x.size / rows;
  const kk = Math.min(k, m);
  const idx = new Int32Array(rows * kk);
  const values = Tensor.zeros(x.rank <= 1 ? [kk] : [rows, kk]);
  const heap = new Int32Array(kk);
  const xd = x.data;
  // "a ranks below b": smaller value, or equal value and larger index.
  const worse = (a: number, b: number, off: number): boolean => {
    const va = xd[off + a], vb = xd[off + b];
    if (va !== va) return vb === vb || a > b;
    if (vb !== vb) return false;
    return va < vb || (va === vb && a > b);
  };
  for (let r = 0; r < rows; r++) {
    const off = r * m;
    let size = 0;
    const siftDown = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1, rr = l + 1;
        let s = i;
        if (l < size && worse(heap[l], heap[s], off)) s = l;
        if (rr < size && worse(heap[rr], heap[s], off)) s = rr;
        if (s === i) return;
        const t = heap[i]; heap[i] = heap[s]; heap[s] = t;
        i = s;
      }
    };
    for (let j = 0; j < m; j++) {
      if (size < kk) {
        heap[size] = j;
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!worse(heap[i], heap[p], off)) break;
          const t = heap[i]; heap[i] = heap[p]; heap[p] = t;
          i = p;
        }
      } else if (kk > 0 && worse(heap[0], j, off)) {
        heap[0] = j;
        siftDown(0);
      }
    }
    // Pop the worst first into the back of the output row.
    for (let p = kk - 1; p >= 0; p--) {
      idx[r * kk + p] = heap[0];
      values.data[r * kk + p] = xd[off + heap[0]];
      heap[0] = heap[--size];
      siftDown(0);
    }
  }
  record(values, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let r = 0; r < rows; r++) for (let p = 0; p < kk; p++) gx[r * m + idx[r * kk + p]] += g[r * kk + p];
    accumulate(x, gx);
  });
  return { values, indices: idx };
}
