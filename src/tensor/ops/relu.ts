import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return unaryOp(x, 'relu', (v) => (v > 0 ? 1 : 0));
}
