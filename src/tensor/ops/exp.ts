import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** e^x. */
export function exp(x: Tensor): Tensor {
  return unaryOp(x, 'exp', (_v, y) => y);
}
