import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return unaryOp(x, 'tanh', (_v, y) => 1 - y * y);
}
