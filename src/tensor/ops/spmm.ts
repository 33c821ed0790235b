import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';
import type { SparseMatrix } from '../sparse.ts';

/** Sparse × dense product A·X for X of shape [A.cols, d] (or [A.cols]); the gradient is Aᵀ·G. */
export function spmm(a: SparseMatrix, x: Tensor): Tensor {
  if (x.shape[0] !== a.cols)
    throw new RangeError(`spmm: matrix is ${a.rows}×${a.cols}, dense operand has ${x.shape[0]} rows`);
  const cols = x.rank === 1 ? 1 : x.size / x.shape[0];
  const out = Tensor.empty([a.rows, ...x.shape.slice(1)]);
  getBackend().spmm(a.csr, x.data, cols, out.data, 0);
  return record(out, [x], (g) => {
    const t = x.gradTarget();
    if (t) getBackend().spmm(a.t.csr, g, cols, t.grad, t.fresh ? 0 : 1);
  });
}
