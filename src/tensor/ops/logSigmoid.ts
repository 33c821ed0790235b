import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** log σ(x), computed without overflow for large |x|. */
export function logSigmoid(x: Tensor): Tensor {
  // d/dx log σ(x) = 1 − σ(x) = σ(−x), written to stay exact for large |x|.
  return unaryOp(x, 'logSigmoid', (v) => (v >= 0 ? Math.exp(-v) / (1 + Math.exp(-v)) : 1 / (1 + Math.exp(v))));
}
