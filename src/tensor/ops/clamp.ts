import type { Tensor } from '../tensor.ts';
import { mapOp } from './unary.ts';

/** Clips values to [lo, hi]; the gradient is zero where clipped. */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  return mapOp(
    x,
    (xd, y) => {
      for (let i = 0; i < xd.length; i++) y[i] = xd[i] < lo ? lo : xd[i] > hi ? hi : xd[i];
    },
    (g, xd, _y, gx) => {
      for (let i = 0; i < g.length; i++) gx[i] = xd[i] < lo || xd[i] > hi ? 0 : g[i];
    },
  );
}
