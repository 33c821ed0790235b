import type { Tensor } from '../tensor.ts';
import { mapOp } from './unary.ts';

/** x for x > 0, slope·x otherwise. */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  return mapOp(x, (v) => (v > 0 ? v : slope * v), (v) => (v > 0 ? 1 : slope));
}
