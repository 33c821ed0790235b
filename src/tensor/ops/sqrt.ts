import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Square root; the gradient at 0 is taken as 0 rather than infinity. */
export function sqrt(x: Tensor): Tensor {
  return unaryOp(x, 'sqrt', (g, _x, y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = y[i] > 0 ? (0.5 * g[i]) / y[i] : 0;
  });
}
