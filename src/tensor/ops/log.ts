import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return unaryOp(x, 'log', (g, xd, _y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = g[i] / xd[i];
  });
}
