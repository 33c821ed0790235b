import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** e^x. */
export function exp(x: Tensor): Tensor {
  return unaryOp(x, 'exp', (g, _x, y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * y[i];
  });
}
