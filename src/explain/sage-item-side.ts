import { Tensor, add, matmul, relu, scale } from '../tensor/index.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import type { HeteroSageNet } from '../models/sage/network.ts';
import type { SageConv } from '../models/layers/sage-conv.ts';
import { userConv } from '../models/sage/inference.ts';
import { csrRow, csrTranspose, type Csr } from '../tensor/csr.ts';

/** The conv of layer `l` that sends user messages to items (`user__rates__item`). */
export function itemConv(net: HeteroSageNet, l: number): SageConv {
  for (const [k, c] of net.convs[l].convs) if (k.startsWith('user__') && k.endsWith('__item')) return c;
  throw new Error('hetero-sage: no user → item edge type');
}

/**
 * What the item-side edge mask needs for one item: its raters in training, the user → item messages
 * h_l(v)·W_l of every rater at each masked layer, and the item's own root term at the first masked layer.
 */
export interface ItemSide {
  item: number;
  /** Dense users who rated the item in training (the edges into it), in CSR order. */
  raters: Int32Array;
  /** First masked layer: 0 when the item's input row is known, else the last layer (earlier layers held fixed). */
  start: number;
  /** Root term h_start(i)·W_root of layer `start`, [h]. */
  root: Float32Array;
  /** Per masked layer l = start … L−1, the raters' messages h_l(v)·W_l(user → item), [|raters|, h]. */
  messages: Float32Array[];
}

/** Item → users (transpose of the training `seen` matrix), cached per model. */
const ratersCache = new WeakMap<Csr, Csr>();

/** Dense users who rated `item` in the model's training graph. */
export function ratersOf(seen: Csr, item: number): Int32Array {
  let t = ratersCache.get(seen);
  if (!t) ratersCache.set(seen, (t = csrTranspose(seen)));
  return csrRow(t, item).slice();
}

/**
 * Hidden user representations h_0 … h_{upto} of user `v` (h_0 = identity embedding), recomputed from the
 * cached item → user messages exactly as the full-graph encoder does (ReLU between layers).
 */
export function userLayers(model: HeteroSageModel, v: number, upto: number): Float32Array[] {
  const { net, inf } = model.state();
  const seen = model.seen;
  if (!seen) throw new Error('sage-ig: model has no training graph');
  const h = inf.hidden;
  const d = net.sizes.userDim;
  const items = csrRow(seen, v);
  const n = Math.max(1, items.length);
  const out = [Float32Array.from(net.userEmbedding.weight.data.subarray(v * d, (v + 1) * d))];
  for (let l = 0; l < upto; l++) {
    const conv = userConv(net, l);
    const x = out[l];
    const W = conv.linRoot.weight.data;
    const next = Float32Array.from(conv.linNeighbour.bias?.data ?? new Float32Array(h));
    for (const j of items) for (let k = 0; k < h; k++) next[k] += inf.itemMessages[l][j * h + k] / n;
    for (let c = 0; c < x.length; c++) for (let k = 0; k < h; k++) next[k] += x[c] * W[c * h + k];
    if (l + 1 < net.sizes.layers) for (let k = 0; k < h; k++) next[k] = Math.max(0, next[k]);
    out.push(next);
  }
  return out;
}

/** Row vector x·W for a row-major W of shape [x.length, out]. */
function rowTimes(x: Float32Array, W: Float32Array, out: number): Float32Array {
  const y = new Float32Array(out);
  for (let c = 0; c < x.length; c++) for (let k = 0; k < out; k++) y[k] += x[c] * W[c * out + k];
  return y;
}

/**
 * Builds the item-side context of `item`. `input` is the item's layer-0 input row (features ‖ identity
 * embedding); without it only the last layer's messages are masked and the root term is recovered from the cached
 * z_item (z_i − b − mean of the raters' messages), so mask 1 still reproduces the model.
 */
export function itemSide(model: HeteroSageModel, item: number, input: Float32Array | null): ItemSide {
  const { net, inf } = model.state();
  const seen = model.seen;
  if (!seen) throw new Error('sage-ig: model has no training graph');
  const h = inf.hidden;
  const L = net.sizes.layers;
  const raters = ratersOf(seen, item);
  const start = input ? 0 : L - 1;
  const reps = Array.from(raters, (v) => userLayers(model, v, L - 1));
  const messages: Float32Array[] = [];
  for (let l = start; l < L; l++) {
    const W = itemConv(net, l).linNeighbour.weight.data;
    const m = new Float32Array(raters.length * h);
    reps.forEach((r, k) => m.set(rowTimes(r[l], W, h), k * h));
    messages.push(m);
  }
  let root: Float32Array;
  if (input) root = rowTimes(input, itemConv(net, 0).linRoot.weight.data, h);
  else {
    root = Float32Array.from(inf.zItem.subarray(item * h, (item + 1) * h));
    const b = itemConv(net, L - 1).linNeighbour.bias?.data;
    const n = Math.max(1, raters.length);
    const last = messages[messages.length - 1];
    for (let k = 0; k < h; k++) {
      let s = b ? b[k] : 0;
      for (let r = 0; r < raters.length; r++) s += last[r * h + k] / n;
      root[k] -= s;
    }
  }
  return { item, raters, start, root, messages };
}

/**
 * z_item of the context's item as a tape function of the mask [1, |raters|] on its incoming edges: at each masked
 * layer b + (1/deg) Σ_v m_v msg_l[v] + root, the denominator kept at the training degree (masked mean), ReLU
 * between layers and the root of layer l + 1 = h_{l+1}(i)·W_root. Mask 1 gives the trained z_item.
 */
export function itemRep(net: HeteroSageNet, ctx: ItemSide, mask: Tensor): Tensor {
  const h = ctx.root.length;
  const L = net.sizes.layers;
  const n = ctx.raters.length;
  let root: Tensor = Tensor.from(ctx.root, [1, h]);
  let z = root;
  for (let l = ctx.start; l < L; l++) {
    const conv = itemConv(net, l);
    let pre = root;
    if (n > 0) pre = add(pre, scale(matmul(mask, Tensor.from(ctx.messages[l - ctx.start], [n, h])), 1 / n));
    if (conv.linNeighbour.bias) pre = add(pre, conv.linNeighbour.bias.detach());
    z = pre;
    if (l + 1 < L) root = matmul(relu(pre), itemConv(net, l + 1).linRoot.weight.detach());
  }
  return z;
}

/** The item's layer-0 input row (features ‖ identity embedding) when the model knows it, else null. */
export function itemInput(
  model: HeteroSageModel,
  item: number,
  features: Float32Array | null,
): Float32Array | null {
  const { net } = model.state();
  const F = net.sizes.itemFeatures;
  const feats = F === 0 ? new Float32Array(0) : (features ?? model.graphInputs().itemX?.data ?? null);
  if (!feats) return null;
  const e = net.itemEmbedding;
  const dim = e ? e.weight.shape[1] : 0;
  const x = new Float32Array(F + dim);
  x.set(feats.subarray(item * F, (item + 1) * F));
  if (e) x.set(e.weight.data.subarray(item * dim, (item + 1) * dim), F);
  return x;
}
