import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';

/**
 * Rows `table[idx[i]]` (an embedding lookup): [n, …] → [idx.length, …]. The gradient scatter-adds
 * into the table, so repeated indices accumulate.
 */
export function gather(table: Tensor, idx: Int32Array): Tensor {
  const n = table.shape[0];
  const dim = table.rank === 0 ? 1 : table.size / n;
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= n || !Number.isInteger(idx[i]))
      throw new RangeError(`gather: index ${idx[i]} out of range 0..${n - 1}`);
  }
  const out = Tensor.empty([idx.length, ...table.shape.slice(1)]);
  getBackend().gather(table.data, dim, idx, out.data);
  return record(out, [table], (g) => {
    const gt = table.gradBuffer(idx);
    if (gt) getBackend().scatterAdd(g, dim, idx, gt);
  });
}
