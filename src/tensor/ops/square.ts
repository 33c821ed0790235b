import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** x². */
export function square(x: Tensor): Tensor {
  return unaryOp(x, 'square', (g, xd, _y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = 2 * g[i] * xd[i];
  });
}
