import { Tensor, add, backward, matmul, noGrad, relu, reshape, scale, slice, tidy } from '../tensor/index.ts';
import { Parameter } from '../nn/index.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import { userConv, userDecoderPart, decodeUser } from '../models/sage/inference.ts';
import { sageFeatureIg } from './sage-features.ts';
import { itemInput, itemRep, itemSide, type ItemSide } from './sage-item-side.ts';
import {
  rankContributions,
  type Contribution,
  type EdgeRef,
  type Explainer,
  type ExplainOptions,
  type Explanation,
} from './types.ts';
import { csrRow } from '../tensor/csr.ts';

/** f, ∂f/∂(user-side mask) and ∂f/∂(item-side mask) at one point of the mask path. */
interface MaskGrad {
  value: number;
  user: Float32Array;
  item: Float32Array;
}

/**
 * Integrated Gradients (Sundararajan et al., ICML 2017) and saliency for hetero GraphSAGE over a joint edge mask of
 * the pair's message-passing graph, through the compute core's tape autograd:
 * - user side: the user's rated-item edges; with mask m the user's layer-l mean aggregation becomes
 *   b_l + (1/n) Σ_j m_j msg_l[j] (msg_l = the cached h_l(item)·W_l rows);
 * - item side: other users' ratings of the item; the item's layer-l aggregation becomes b_l + (1/deg) Σ_v m_v
 *   h_l(v)·W_l at every layer (see `itemRep`; only the last layer when the item's input row is unknown).
 * Denominators keep the training degrees, so mask 1 reproduces the model's prediction and mask 0 is the "no edges"
 * baseline. The mask acts on the messages into the user and into the item; for a recommendation (an item the user
 * has not rated) and ≤ 3 layers these are the only paths from the pair's edges to the score, so that is edge
 * removal in the model; for a rated item the item's message into the user keeps its trained value.
 */
export class SageIgExplainer implements Explainer {
  readonly method = 'sage-ig';
  private last: ItemSide | null = null;

  /** Wraps a trained (or loaded) hetero-sage model; `steps` Riemann midpoints; `itemFeatures` [I, F] when loaded. */
  constructor(
    readonly model: HeteroSageModel,
    readonly steps = 32,
    readonly itemFeatures: Float32Array | null = null,
  ) {}

  /** The user's training ratings (edges of the message-passing graph). */
  history(user: number): Int32Array {
    const s = this.model.seen;
    if (!s) throw new Error('sage-ig: model has no training graph');
    return csrRow(s, user).slice();
  }

  /** The item-side context (raters, their per-layer messages), cached for the last item asked. */
  itemContext(item: number): ItemSide {
    if (this.last?.item !== item)
      this.last = itemSide(this.model, item, itemInput(this.model, item, this.itemFeatures));
    return this.last;
  }

  /** z_user as a tape function of the user-side mask [1, n]. */
  private userRep(user: number, hist: Int32Array, mask: Tensor): Tensor {
    const { net, inf } = this.model.state();
    const h = inf.hidden;
    const d = net.sizes.userDim;
    const n = Math.max(1, hist.length);
    let u: Tensor = Tensor.from(net.userEmbedding.weight.data.subarray(user * d, (user + 1) * d), [1, d]);
    for (let l = 0; l < net.sizes.layers; l++) {
      const conv = userConv(net, l);
      let agg = matmul(u, conv.linRoot.weight.detach());
      if (hist.length > 0)
        agg = add(
          agg,
          scale(matmul(mask, Tensor.from(gatherRows(inf.itemMessages[l], h, hist), [hist.length, h])), 1 / n),
        );
      if (conv.linNeighbour.bias) agg = add(agg, conv.linNeighbour.bias.detach());
      u = l + 1 < net.sizes.layers ? relu(agg) : agg;
    }
    return u;
  }

  /** Raw predicted rating from z_user [1, h] and z_item [1, h] (the edge decoder). */
  private decodePair(zu: Tensor, zi: Tensor): Tensor {
    const { net } = this.model.state();
    const h = net.sizes.hidden;
    const w1 = net.decoder1.weight.detach();
    let a = add(matmul(zu, slice(w1, 0, h, 0)), matmul(zi, slice(w1, h, 2 * h, 0)));
    if (net.decoder1.bias) a = add(a, net.decoder1.bias.detach());
    let y = matmul(relu(a), net.decoder2.weight.detach());
    if (net.decoder2.bias) y = add(y, net.decoder2.bias.detach());
    return reshape(y, [1]);
  }

  /** f(mask) and its gradients for constant user-side mask `mu` and item-side mask `mi`. */
  private gradAt(
    user: number,
    hist: Int32Array,
    ctx: ItemSide,
    mu: Float32Array,
    mi: Float32Array,
  ): MaskGrad {
    const { net } = this.model.state();
    const pu = Parameter.fromArray(mu, [1, mu.length], 'explain.mask.user');
    const pi = Parameter.fromArray(mi, [1, mi.length], 'explain.mask.item');
    return tidy(() => {
      const y = this.decodePair(this.userRep(user, hist, pu), itemRep(net, ctx, pi));
      backward(y);
      return {
        value: y.data[0],
        user: Float32Array.from(pu.grad ?? new Float32Array(mu.length)),
        item: Float32Array.from(pi.grad ?? new Float32Array(mi.length)),
      };
    });
  }

  /**
   * IG attributions per edge of both sides, the top `opts.top` of each side (so the user's rated items are not
   * crowded out by the item's raters; the overall top `opts.top` is a prefix); `detail` holds saliency, f(0), the
   * completeness gap and per-side sums.
   */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const hist = this.history(user);
    const ctx = this.itemContext(item);
    const nu = hist.length;
    const ni = ctx.raters.length;
    const igU = new Float64Array(nu);
    const igI = new Float64Array(ni);
    for (let s = 0; s < this.steps; s++) {
      const alpha = (s + 0.5) / this.steps;
      const g = this.gradAt(
        user,
        hist,
        ctx,
        new Float32Array(nu).fill(alpha),
        new Float32Array(ni).fill(alpha),
      );
      for (let j = 0; j < nu; j++) igU[j] += g.user[j] / this.steps;
      for (let v = 0; v < ni; v++) igI[v] += g.item[v] / this.steps;
    }
    const full = this.gradAt(user, hist, ctx, new Float32Array(nu).fill(1), new Float32Array(ni).fill(1));
    const base = this.gradAt(user, hist, ctx, new Float32Array(nu), new Float32Array(ni)).value;
    const all: Contribution[] = [
      ...Array.from(hist, (j, k) => ({
        kind: 'edge' as const,
        id: j,
        label: String(j),
        weight: igU[k],
        share: 0,
        edge: { side: 'user' as const, node: j },
      })),
      ...Array.from(ctx.raters, (v, k) => ({
        kind: 'edge' as const,
        id: -1,
        label: `user ${v} rated ${item}`,
        weight: igI[k],
        share: 0,
        edge: { side: 'item' as const, node: v },
      })),
    ];
    const sumU = igU.reduce((t, x) => t + x, 0);
    const sumI = igI.reduce((t, x) => t + x, 0);
    const saliency = [
      ...Array.from(hist, (j, k) => ({ side: 'user', item: j, grad: full.user[k] })),
      ...Array.from(ctx.raters, (v, k) => ({ side: 'item', user: v, grad: full.item[k] })),
    ].sort((a, b) => Math.abs(b.grad) - Math.abs(a.grad));
    const feats = opts.features ? sageFeatureIg(this.model, user, item) : null;
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score: full.value,
      residual: base,
      contributions: [
        ...perSide(rankContributions(all, all.length), opts.top ?? 10),
        ...(feats ? rankContributions(feats.contributions, 4) : []),
      ],
      detail: {
        baseline: base,
        completeness_gap: full.value - base - sumU - sumI,
        sides: {
          user: { edges: nu, ig: sumU },
          item: { edges: ni, ig: sumI, masked_layers: this.model.state().net.sizes.layers - ctx.start },
        },
        saliency: saliency.slice(0, opts.top ?? 10),
        ...(feats ? { features: { baseline: feats.baseline, completeness_gap: feats.gap } } : {}),
      },
    };
  }

  /** Raw predicted ratings of every item with only the `kept` edges in the user's aggregation (mask 0 elsewhere). */
  scoreHistory(user: number, kept: Int32Array): Float32Array {
    const hist = this.history(user);
    const keep = new Set(kept);
    return this.scoreMasked(
      user,
      hist,
      Float32Array.from(hist, (j) => (keep.has(j) ? 1 : 0)),
      null,
    );
  }

  /** Every edge next to the pair: the user's rated items, then the item's raters. */
  pairEdges(user: number, item: number): EdgeRef[] {
    return [
      ...Array.from(this.history(user), (node) => ({ side: 'user' as const, node })),
      ...Array.from(this.itemContext(item).raters, (node) => ({ side: 'item' as const, node })),
    ];
  }

  /** Raw predicted ratings of every item with `removed` edges masked out (item-side edges move only `item`'s score). */
  scoreWithout(user: number, item: number, removed: readonly EdgeRef[]): Float32Array {
    const hist = this.history(user);
    const ctx = this.itemContext(item);
    const gone = (side: EdgeRef['side']): Set<number> =>
      new Set(removed.filter((e) => e.side === side).map((e) => e.node));
    const gu = gone('user');
    const gi = gone('item');
    return this.scoreMasked(
      user,
      hist,
      Float32Array.from(hist, (j) => (gu.has(j) ? 0 : 1)),
      { ctx, mask: Float32Array.from(ctx.raters, (v) => (gi.has(v) ? 0 : 1)) },
    );
  }

  /** Scores of every item under a user-side mask, with `itemMask`'s item re-encoded under its item-side mask. */
  private scoreMasked(
    user: number,
    hist: Int32Array,
    mu: Float32Array,
    itemMask: { ctx: ItemSide; mask: Float32Array } | null,
  ): Float32Array {
    const { net, inf } = this.model.state();
    return noGrad(() =>
      tidy(() => {
        const zu = this.userRep(user, hist, Tensor.from(mu, [1, mu.length]));
        const out = new Float32Array(this.model.numItems);
        decodeUser(net, inf, userDecoderPart(net, zu.toArray()), null, out);
        if (itemMask) {
          const { ctx, mask } = itemMask;
          out[ctx.item] = this.decodePair(zu, itemRep(net, ctx, Tensor.from(mask, [1, mask.length]))).data[0];
        }
        return out;
      }),
    );
  }
}

/** The first `n` contributions of each edge side of a ranked list, in the list's order. */
function perSide(ranked: Contribution[], n: number): Contribution[] {
  const count = { user: 0, item: 0 };
  return ranked.filter((c) => (c.edge ? count[c.edge.side]++ < n : true));
}

/** Rows `rows` of a row-major matrix of width `w`. */
function gatherRows(a: Float32Array, w: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * w);
  rows.forEach((r, k) => out.set(a.subarray(r * w, (r + 1) * w), k * w));
  return out;
}
