import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { sameShape } from '../broadcast.ts';
import { getBackend } from '../backend/registry.ts';
import { accumulate } from './accumulate.ts';

/** Per-row dot products of two [n, d] tensors → [n] (the score of every recommender). */
export function rowDot(a: Tensor, b: Tensor): Tensor {
  if (!sameShape(a.shape, b.shape) || a.rank !== 2)
    throw new RangeError(`rowDot needs equal 2-D shapes, got [${a.shape}] and [${b.shape}]`);
  const [n, d] = a.shape;
  const out = Tensor.empty([n]);
  getBackend().rowDot(a.data, b.data, d, out.data);
  return record(out, [a, b], (g) => {
    for (const [t, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!t.requiresGrad) continue;
      const gt = new Float32Array(t.size);
      const od = other.data;
      for (let r = 0; r < n; r++) {
        const gr = g[r];
        for (let j = 0; j < d; j++) gt[r * d + j] = gr * od[r * d + j];
      }
      accumulate(t, gt);
    }
  });
}
