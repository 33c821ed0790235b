import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return unaryOp(x, 'log', (v) => 1 / v);
}
