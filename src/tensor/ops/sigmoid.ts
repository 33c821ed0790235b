import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** Logistic function 1 / (1 + e^−x). */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp(x, 'sigmoid', (_v, y) => y * (1 - y));
}
