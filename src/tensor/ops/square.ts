import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** x². */
export function square(x: Tensor): Tensor {
  return unaryOp(x, 'square', (v) => 2 * v);
}
