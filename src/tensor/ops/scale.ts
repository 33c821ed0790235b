import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';

/** s · a for a number s. */
export function scale(a: Tensor, s: number): Tensor {
  const out = Tensor.zeros(a.shape);
  getBackend().axpy(s, a.data, out.data);
  return record(out, [a], (g) => {
    const buf = a.gradBuffer();
    if (buf) getBackend().axpy(s, g, buf);
  });
}
