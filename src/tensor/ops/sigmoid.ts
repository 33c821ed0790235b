import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Logistic function 1 / (1 + e^−x). */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp(x, 'sigmoid', (g, _x, y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * y[i] * (1 - y[i]);
  });
}
