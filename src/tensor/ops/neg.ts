import type { Tensor } from '../tensor.ts';
import { unaryOp } from './unary.ts';

/** −x. */
export function neg(x: Tensor): Tensor {
  return unaryOp(x, 'neg', (g, _x, _y, gx) => {
    for (let i = 0; i < g.length; i++) gx[i] = -g[i];
  });
}
