import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';

/** Transpose flags of `matmul`. */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/** op(A)·op(B) for 2-D tensors, where op transposes when the matching flag is set. */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const tA = opts.transA ?? false;
  const tB = opts.transB ?? false;
  if (a.rank !== 2 || b.rank !== 2)
    throw new RangeError(`matmul needs 2-D tensors, got [${a.shape}] and [${b.shape}]`);
  const [m, k] = tA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [k2, n] = tB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== k2)
    throw new RangeError(
      `matmul inner dimensions differ: [${a.shape}]${tA ? 'ᵀ' : ''} · [${b.shape}]${tB ? 'ᵀ' : ''}`,
    );
  const out = Tensor.empty([m, n]);
  const be = getBackend();
  be.gemm(m, n, k, a.data, tA, b.data, tB, out.data, 1, 0);
  return record(out, [a, b], (g) => {
    const ta = a.gradTarget();
    if (ta) {
      const beta = ta.fresh ? 0 : 1;
      // d op(A) = G·op(B)ᵀ; when A is stored transposed its gradient is op(B)·Gᵀ.
      if (!tA) be.gemm(m, k, n, g, false, b.data, !tB, ta.grad, 1, beta);
      else be.gemm(k, m, n, b.data, tB, g, true, ta.grad, 1, beta);
    }
    const tb = b.gradTarget();
    if (tb) {
      const beta = tb.fresh ? 0 : 1;
      // d op(B) = op(A)ᵀ·G; when B is stored transposed its gradient is Gᵀ·op(A).
      if (!tB) be.gemm(k, n, m, a.data, !tA, g, false, tb.grad, 1, beta);
      else be.gemm(n, k, m, g, true, a.data, tA, tb.grad, 1, beta);
    }
  });
}
