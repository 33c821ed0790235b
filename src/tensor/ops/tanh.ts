import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return unaryOp(x, 'tanh', (g, _x, y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * (1 - y[i] * y[i]);
  });
}
