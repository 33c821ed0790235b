import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Square root; the gradient at 0 is taken as 0 rather than infinity. */
export function sqrt(x: Tensor): Tensor {
  return unaryOp(x, 'sqrt', (_v, y) => (y > 0 ? 0.5 / y : 0));
}
