import type { Tensor } from '../tensor.ts';
import { mapOp } from './unary.ts';

/** x for x > 0, slope·x otherwise. */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  return mapOp(
    x,
    (xd, y) => {
      for (let i = 0; i < xd.length; i++) y[i] = xd[i] > 0 ? xd[i] : slope * xd[i];
    },
    (g, xd, _y, gx) => {
      for (let i = 0; i < g.length; i++) gx[i] = xd[i] > 0 ? g[i] : slope * g[i];
    },
  );
}
