import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';

/** s · a for a number s. */
export function scale(a: Tensor, s: number): Tensor {
  const out = Tensor.empty(a.shape);
  getBackend().scale(s, a.data, out.data);
  return record(out, [a], (g) => {
    const t = a.gradTarget();
    if (!t) return;
    if (t.fresh) getBackend().scale(s, g, t.grad);
    else getBackend().axpy(s, g, t.grad);
  });
}
