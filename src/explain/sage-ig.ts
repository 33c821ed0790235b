import { Tensor, add, backward, matmul, relu, reshape, scale, slice, tidy } from '../tensor/index.ts';
import { Parameter } from '../nn/index.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import { userConv, userDecoderPart, decodeUser } from '../models/sage/inference.ts';
import { sageFeatureIg } from './sage-features.ts';
import { rankContributions, type Contribution, type Explainer, type ExplainOptions, type Explanation } from './types.ts';
import { csrRow } from '../graph/csr.ts';

/**
 * Integrated Gradients (Sundararajan et al., ICML 2017) and saliency for hetero GraphSAGE over an edge mask of the
 * user's rated-item edges (item → user messages), through the compute core's tape autograd. With mask m the user's
 * layer-l mean aggregation becomes b_l + (1/n) Σ_j m_j msg_l[j] (msg_l = the cached h_l(item)·W_l rows), so m = 1
 * reproduces the model's full-graph user representation exactly and m = 0 is the "no edges" baseline. The items'
 * own representations (other users' ratings, item features) stay fixed: attributions cover the user's edges only.
 */
export class SageIgExplainer implements Explainer {
  readonly method = 'sage-ig';

  /** Wraps a trained (or loaded) hetero-sage model; `steps` Riemann midpoints for IG. */
  constructor(
    readonly model: HeteroSageModel,
    readonly steps = 32,
  ) {}

  /** The user's training ratings (edges of the message-passing graph). */
  history(user: number): Int32Array {
    const s = this.model.seen;
    if (!s) throw new Error('sage-ig: model has no training graph');
    return csrRow(s, user).slice();
  }

  /** Raw predicted rating for `item` as a tensor function of the mask (a [1, n] parameter). */
  private forward(user: number, hist: Int32Array, mask: Tensor, item: number): Tensor {
    const { net, inf } = this.model.state();
    const h = inf.hidden;
    const d = net.sizes.userDim;
    const n = Math.max(1, hist.length);
    let u: Tensor = Tensor.from(net.userEmbedding.weight.data.subarray(user * d, (user + 1) * d), [1, d]);
    for (let l = 0; l < net.sizes.layers; l++) {
      const conv = userConv(net, l);
      const msg = Tensor.from(gatherRows(inf.itemMessages[l], h, hist), [hist.length, h]);
      let agg = scale(matmul(mask, msg), 1 / n);
      if (conv.linNeighbour.bias) agg = add(agg, conv.linNeighbour.bias.detach());
      u = add(agg, matmul(u, conv.linRoot.weight.detach()));
      if (l + 1 < net.sizes.layers) u = relu(u);
    }
    const w1 = net.decoder1.weight.detach();
    const a = relu(add(matmul(u, slice(w1, 0, h, 0)), Tensor.from(inf.itemPart.subarray(item * h, (item + 1) * h), [1, h])));
    let y = matmul(a, net.decoder2.weight.detach());
    if (net.decoder2.bias) y = add(y, net.decoder2.bias.detach());
    return reshape(y, [1]);
  }

  /** f(mask) and ∂f/∂mask at a constant mask value per edge. */
  private gradAt(user: number, hist: Int32Array, m: Float32Array, item: number): { value: number; grad: Float32Array } {
    const p = Parameter.fromArray(m, [1, hist.length], 'explain.mask');
    return tidy(() => {
      const y = this.forward(user, hist, p, item);
      backward(y);
      return { value: y.data[0], grad: Float32Array.from(p.grad ?? new Float32Array(hist.length)) };
    });
  }

  /** IG attributions per rated item (edge); `detail` holds saliency, f(1), f(0) and the completeness gap. */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const hist = this.history(user);
    const n = hist.length;
    const ig = new Float64Array(n);
    for (let s = 0; s < this.steps; s++) {
      const alpha = (s + 0.5) / this.steps;
      const { grad } = this.gradAt(user, hist, new Float32Array(n).fill(alpha), item);
      for (let j = 0; j < n; j++) ig[j] += grad[j] / this.steps;
    }
    const full = this.gradAt(user, hist, new Float32Array(n).fill(1), item);
    const base = this.gradAt(user, hist, new Float32Array(n), item).value;
    const all: Contribution[] = Array.from(hist, (j, k) => ({ kind: 'edge' as const, id: j, label: String(j), weight: ig[k], share: 0 }));
    const sum = ig.reduce((t, x) => t + x, 0);
    const saliency = Array.from(hist, (j, k) => ({ item: j, grad: full.grad[k] })).sort((a, b) => Math.abs(b.grad) - Math.abs(a.grad));
    const feats = opts.features ? sageFeatureIg(this.model, user, item) : null;
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score: full.value,
      residual: base,
      contributions: [...rankContributions(all, opts.top ?? 10), ...(feats ? rankContributions(feats.contributions, 4) : [])],
      detail: {
        baseline: base,
        completeness_gap: full.value - base - sum,
        saliency: saliency.slice(0, opts.top ?? 10),
        ...(feats ? { features: { baseline: feats.baseline, completeness_gap: feats.gap } } : {}),
      },
    };
  }

  /** Raw predicted ratings of every item with only the `kept` edges in the user's aggregation (mask 0 elsewhere). */
  scoreHistory(user: number, kept: Int32Array): Float32Array {
    const { net, inf } = this.model.state();
    const h = inf.hidden;
    const d = net.sizes.userDim;
    const hist = this.history(user);
    const keep = new Set(kept);
    const n = Math.max(1, hist.length);
    let u = Float32Array.from(net.userEmbedding.weight.data.subarray(user * d, (user + 1) * d));
    for (let l = 0; l < net.sizes.layers; l++) {
      const conv = userConv(net, l);
      const W = conv.linRoot.weight.data;
      const inW = u.length;
      const next = Float32Array.from(conv.linNeighbour.bias?.data ?? new Float32Array(h));
      hist.forEach((j) => {
        if (keep.has(j)) for (let k = 0; k < h; k++) next[k] += inf.itemMessages[l][j * h + k] / n;
      });
      for (let k = 0; k < h; k++) for (let c = 0; c < inW; c++) next[k] += u[c] * W[c * h + k];
      if (l + 1 < net.sizes.layers) for (let k = 0; k < h; k++) next[k] = Math.max(0, next[k]);
      u = next;
    }
    const out = new Float32Array(this.model.numItems);
    decodeUser(net, inf, userDecoderPart(net, u), null, out);
    return out;
  }
}

/** Rows `rows` of a row-major matrix of width `w`. */
function gatherRows(a: Float32Array, w: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * w);
  rows.forEach((r, k) => out.set(a.subarray(r * w, (r + 1) * w), k * w));
  return out;
}
