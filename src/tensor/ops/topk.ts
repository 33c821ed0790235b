import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { accumulate } from './accumulate.ts';

/** Result of `topk`: values [rows, k] and their column indices (row-major, k per row). */
export interface TopK {
  values: Tensor;
  indices: Int32Array;
}

/**
 * Selects the k best columns of one row into `heapIdx` (a min-heap by value, ties by larger index
 * worse), sorted best first; returns how many were kept. NaN counts as −∞.
 */
function selectRow(xd: Float32Array, off: number, m: number, kk: number, heapIdx: Int32Array, heapVal: Float64Array): number {
  let size = 0;
  // "slot a ranks below slot b".
  const worse = (a: number, b: number): boolean => heapVal[a] < heapVal[b] || (heapVal[a] === heapVal[b] && heapIdx[a] > heapIdx[b]);
  const swap = (a: number, b: number): void => {
    const ti = heapIdx[a]; heapIdx[a] = heapIdx[b]; heapIdx[b] = ti;
    const tv = heapVal[a]; heapVal[a] = heapVal[b]; heapVal[b] = tv;
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let s = i;
      if (l < size && worse(l, s)) s = l;
      if (r < size && worse(r, s)) s = r;
      if (s === i) return;
      swap(i, s);
      i = s;
    }
  };
  for (let j = 0; j < m; j++) {
    let v: number = xd[off + j];
    if (v !== v) v = -Infinity;
    if (size < kk) {
      heapIdx[size] = j;
      heapVal[size] = v;
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(i, p)) break;
        swap(i, p);
        i = p;
      }
    } else if (v > heapVal[0]) {
      // Equal values never displace the root: columns arrive in order, so the root has the lower index.
      heapIdx[0] = j;
      heapVal[0] = v;
      siftDown(0);
    }
  }
  const count = size;
  // Heap-sort in place: moving the worst to the back leaves the row sorted best first.
  while (size > 1) {
    swap(0, size - 1);
    size--;
    siftDown(0);
  }
  return count;
}

/**
 * The k largest entries of each row of a 2-D tensor (a 1-D tensor is one row), sorted descending,
 * ties broken by lower index; NaN counts as −∞. One pass per row with a size-k heap, so ranking 40k
 * items for k = 20 costs little more than reading the scores.
 */
export function topk(x: Tensor, k: number): TopK {
  const rows = x.rank <= 1 ? 1 : x.shape[0];
  const m = x.rank <= 1 ? x.size : x.size / rows;
  const kk = Math.max(0, Math.min(k, m));
  const idx = new Int32Array(rows * kk);
  const values = Tensor.zeros(x.rank <= 1 ? [kk] : [rows, kk]);
  const heapIdx = new Int32Array(kk);
  const heapVal = new Float64Array(kk);
  const xd = x.data;
  for (let r = 0; r < rows; r++) {
    const off = r * m;
    selectRow(xd, off, m, kk, heapIdx, heapVal);
    for (let p = 0; p < kk; p++) {
      idx[r * kk + p] = heapIdx[p];
      values.data[r * kk + p] = xd[off + heapIdx[p]];
    }
  }
  record(values, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let r = 0; r < rows; r++) for (let p = 0; p < kk; p++) gx[r * m + idx[r * kk + p]] += g[r * kk + p];
    accumulate(x, gx);
  });
  return { values, indices: idx };
}
