import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import type { Rng } from '../../util/rng.ts';
import { accumulate } from './accumulate.ts';

/** Zeroes each element with probability p and scales survivors by 1/(1−p); identity when p = 0. */
export function dropout(x: Tensor, p: number, rng: Rng): Tensor {
  if (p < 0 || p >= 1) throw new RangeError(`dropout probability must be in [0, 1), got ${p}`);
  if (p === 0) return x;
  const keepScale = 1 / (1 - p);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() >= p ? keepScale : 0;
  const out = Tensor.zeros(x.shape);
  for (let i = 0; i < mask.length; i++) out.data[i] = x.data[i] * mask[i];
  return record(out, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * mask[i];
    accumulate(x, gx);
  });
}
