import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';
import { accumulate } from './accumulate.ts';

/** Result of `topk`: values [rows, k] and their column indices (row-major, k per row). */
export interface TopK {
  values: Tensor;
  indices: Int32Array;
}

/**
 * The k largest entries of each row of a 2-D tensor (a 1-D tensor is one row), sorted descending,
 * ties broken by lower index; NaN counts as −∞ (and is reported as −∞). One pass per row with a
 * size-k heap (a threaded wasm kernel on that backend), so ranking 40k items for k = 20 costs little
 * more than reading the scores. The gradient flows to the selected entries.
 */
export function topk(x: Tensor, k: number): TopK {
  const rows = x.rank <= 1 ? 1 : x.shape[0];
  const m = x.rank <= 1 ? x.size : x.size / rows;
  const kk = Math.max(0, Math.min(Math.floor(k), m));
  const idx = new Int32Array(rows * kk);
  const values = Tensor.empty(x.rank <= 1 ? [kk] : [rows, kk]);
  if (kk > 0) getBackend().topk(x.data, rows, m, kk, values.data, idx);
  record(values, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let r = 0; r < rows; r++) for (let p = 0; p < kk; p++) gx[r * m + idx[r * kk + p]] += g[r * kk + p];
    accumulate(x, gx);
  });
  return { values, indices: idx };
}
