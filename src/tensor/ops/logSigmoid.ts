import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** log σ(x), computed without overflow for large |x|. */
export function logSigmoid(x: Tensor): Tensor {
  return unaryOp(x, 'logSigmoid', (g, xd, _y, gx) => {
    // d/dx log σ(x) = σ(−x), written to stay exact for large |x|.
    for (let i = 0; i < g.length; i++) {
      const v = xd[i];
      gx[i] = g[i] * (v >= 0 ? Math.exp(-v) / (1 + Math.exp(-v)) : 1 / (1 + Math.exp(v)));
    }
  });
}
