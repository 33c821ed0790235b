import { Tensor } from '../../../tensor/tensor.ts';
import { record } from '../../../tensor/autograd.ts';
import type { LgConv } from '../../layers/lgconv.ts';

/**
 * LightGCN propagation E = 1/(L+1) Σ_l Â^l X as a tape op over the stacked user–item rows; Â = D^-½ A D^-½ is
 * symmetric, so the gradient rule is the same propagation applied to the upstream gradient. x: [U + I, d].
 */
export function lgPropagate(x: Tensor, conv: LgConv): Tensor {
  if (x.shape[0] !== conv.nodes || x.shape[1] !== conv.dim)
    throw new RangeError(`lgPropagate: expected [${conv.nodes}, ${conv.dim}], got [${x.shape.join(', ')}]`);
  const out = Tensor.empty([conv.nodes, conv.dim]);
  conv.apply(x.data, out.data);
  return record(out, [x], (g) => {
    const t = x.gradTarget();
    if (!t) return;
    if (t.fresh) conv.apply(g, t.grad);
    else {
      const tmp = Tensor.empty([conv.nodes, conv.dim]);
      conv.apply(g, tmp.data);
      const gd = t.grad,
        td = tmp.data;
      for (let p = 0; p < gd.length; p++) gd[p] += td[p];
      tmp.dispose();
    }
  });
}
