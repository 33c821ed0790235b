import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return unaryOp(x, 'relu', (g, xd, _y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = xd[i] > 0 ? g[i] : 0;
  });
}
