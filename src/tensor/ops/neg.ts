import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** −x. */
export function neg(x: Tensor): Tensor {
  return unaryOp(x, 'neg', () => -1);
}
