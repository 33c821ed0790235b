import {
  Tensor,
  add,
  backward,
  concat,
  gather,
  matmul,
  relu,
  reshape,
  slice,
  tidy,
} from '../../tensor/index.ts';
import { Adam, Parameter, mseLoss } from '../../nn/index.ts';
import type { HeteroSageNet } from './network.ts';
import { userConv } from './inference.ts';
import type { SageInference } from './inference.ts';

/** Options of `foldInUser`. */
export interface FoldInOptions {
  /** Adam steps fitting the new user's identity embedding to their ratings (0 = use the mean user). */
  steps?: number;
  lr?: number;
}

/**
 * Inductive representation of a user unseen in training (GraphSAGE's point: new nodes need no
 * retraining). Their layer-l aggregation is the mean of the cached item → user messages over the
 * items they rated; their identity embedding starts at the mean user and takes a few Adam steps on
 * their ratings with every network weight frozen. Returns z_user [h].
 */
export function foldInUser(
  net: HeteroSageNet,
  inf: SageInference,
  items: Int32Array,
  ratings: Float32Array,
  o: FoldInOptions = {},
): Float32Array {
  const h = inf.hidden;
  const L = net.sizes.layers;
  const U = net.sizes.numUsers;
  const d = net.sizes.userDim;
  const emb = net.userEmbedding.weight.data;
  const init = new Float32Array(d);
  for (let u = 0; u < U; u++) for (let k = 0; k < d; k++) init[k] += emb[u * d + k] / U;
  // Constant copies of the frozen weights, so no gradient reaches the trained parameters.
  const msg = Array.from({ length: L }, (_, l) => {
    const m = new Float32Array(h);
    for (const i of items)
      for (let k = 0; k < h; k++) m[k] += inf.itemMessages[l][i * h + k] / Math.max(1, items.length);
    const bias = userConv(net, l).linNeighbour.bias?.data ?? new Float32Array(h);
    for (let k = 0; k < h; k++) m[k] += bias[k];
    return m;
  });
  const roots = Array.from({ length: L }, (_, l) => userConv(net, l).linRoot.weight.detach());
  const w1 = net.decoder1.weight.detach();
  const b1 = net.decoder1.bias ? net.decoder1.bias.detach() : Tensor.zeros([h]);
  const w2 = net.decoder2.weight.detach();
  const b2 = net.decoder2.bias ? net.decoder2.bias.detach() : Tensor.zeros([1]);
  const zItems = Tensor.from(gatherRows(inf.zItem, h, items), [items.length, h]);
  const e = Parameter.fromArray(init, [1, d], 'foldin.user');
  const forward = (): Tensor => {
    let u: Tensor = e;
    for (let l = 0; l < L; l++) {
      u = add(Tensor.from(msg[l], [1, h]), matmul(u, roots[l]));
      if (l + 1 < L) u = relu(u);
    }
    return u;
  };
  const steps = items.length > 0 ? (o.steps ?? 50) : 0;
  const opt = new Adam([e], { lr: o.lr ?? 0.05 });
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    tidy(() => {
      const u = forward();
      const z = concat([gather(u, new Int32Array(items.length)), zItems], 1);
      const y = add(matmul(relu(add(matmul(z, w1), b1)), w2), b2);
      backward(mseLoss(reshape(y, [items.length]), ratings));
    });
    opt.step();
  }
  return tidy(() => reshape(slice(forward(), 0, 1), [h]).toArray());
}

function gatherRows(a: Float32Array, w: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * w);
  rows.forEach((r, k) => out.set(a.subarray(r * w, (r + 1) * w), k * w));
  return out;
}
