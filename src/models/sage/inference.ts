import { noGrad, tidy, matmul } from '../../tensor/index.ts';
import type { SparseMatrix, Tensor } from '../../tensor/index.ts';
import type { HeteroSageNet } from './network.ts';
import { fullLayerInput } from './network.ts';
import type { SageConv } from '../layers/sage-conv.ts';

/** Cached node representations for fast scoring without the graph (also what a model folder stores). */
export interface SageInference {
  hidden: number;
  /** Final user representations z_user [U, h]. */
  zUser: Float32Array;
  /** Final item representations z_item [I, h]. */
  zItem: Float32Array;
  /** Item part of the decoder's first layer, z_item·W1[h:2h] + b1, [I, h]. */
  itemPart: Float32Array;
  /**
   * Per layer l, the item → user messages h_l(items)·W_l (the `rev_rates` conv's neighbour weight),
   * [I, h]: a new user's layer-l aggregation is the mean of these rows over the items they rated.
   */
  itemMessages: Float32Array[];
}

/** The conv of layer `l` that sends item messages to users (`item__rev_rates__user`). */
export function userConv(net: HeteroSageNet, l: number): SageConv {
  for (const [k, c] of net.convs[l].convs) if (k.endsWith('__user') && k.startsWith('item__')) return c;
  throw new Error('hetero-sage: no item → user edge type');
}

/** Runs the full-graph encoder once (no gradients) and caches everything scoring and fold-in need. */
export function computeInference(
  net: HeteroSageNet,
  itemX: Tensor | null,
  adj: Map<string, SparseMatrix>,
): SageInference {
  const h = net.sizes.hidden;
  return noGrad(() =>
    tidy(() => {
      const all = net.encodeAll(itemX, {
        users: null,
        items: null,
        layers: fullLayerInput(adj, net.sizes.layers),
      });
      const z = all[all.length - 1];
      const zUser = (z.get('user') as Tensor).toArray();
      const zItem = (z.get('item') as Tensor).toArray();
      const itemMessages: Float32Array[] = [];
      for (let l = 0; l < net.sizes.layers; l++) {
        itemMessages.push(
          matmul(all[l].get('item') as Tensor, userConv(net, l).linNeighbour.weight).toArray(),
        );
      }
      return { hidden: h, zUser, zItem, itemPart: itemDecoderPart(net, zItem), itemMessages };
    }),
  );
}

/** z_item·W1[h:2h] + b1 for every item (the decoder's first layer splits over the concat). */
export function itemDecoderPart(net: HeteroSageNet, zItem: Float32Array): Float32Array {
  const h = net.sizes.hidden;
  const W = net.decoder1.weight.data; // [2h, h]
  const b = net.decoder1.bias?.data;
  const n = zItem.length / h;
  const out = new Float32Array(n * h);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < h; k++) {
      let s = b ? b[k] : 0;
      for (let j = 0; j < h; j++) s += zItem[i * h + j] * W[(h + j) * h + k];
      out[i * h + k] = s;
    }
  }
  return out;
}

/** z_user·W1[0:h] for one user representation. */
export function userDecoderPart(net: HeteroSageNet, zu: Float32Array): Float32Array {
  const h = net.sizes.hidden;
  const W = net.decoder1.weight.data;
  const out = new Float32Array(h);
  for (let k = 0; k < h; k++) {
    let s = 0;
    for (let j = 0; j < h; j++) s += zu[j] * W[j * h + k];
    out[k] = s;
  }
  return out;
}

/** Raw (unclamped) predicted ratings of one user part against the given items (all when null). */
export function decodeUser(
  net: HeteroSageNet,
  inf: SageInference,
  userPart: Float32Array,
  items: Int32Array | null,
  out: Float32Array,
): void {
  const h = inf.hidden;
  const w2 = net.decoder2.weight.data;
  const b2 = net.decoder2.bias ? net.decoder2.bias.data[0] : 0;
  const n = items ? items.length : inf.itemPart.length / h;
  for (let r = 0; r < n; r++) {
    const i = items ? items[r] : r;
    let s = b2;
    const off = i * h;
    for (let k = 0; k < h; k++) {
      const a = userPart[k] + inf.itemPart[off + k];
      if (a > 0) s += a * w2[k];
    }
    out[r] = s;
  }
}
