import { add, concat, gather, matmul, relu, reshape, slice } from '../../tensor/index.ts';
import type { SparseMatrix, Tensor } from '../../tensor/index.ts';
import { Embedding, Linear, normal } from '../../nn/index.ts';
import type { Module, Parameter } from '../../nn/index.ts';
import { HeteroConv } from '../layers/hetero-conv.ts';
import type { HeteroLayerInput } from '../layers/hetero-conv.ts';
import type { EdgeTypeKey } from '../../graph/hetero.ts';
import type { Rng } from '../../util/rng.ts';

/** Sizes of the hetero GraphSAGE network. */
export interface SageNetSizes {
  numUsers: number;
  numItems: number;
  /** Item input feature width (0 = no features: items get a learned identity embedding instead). */
  itemFeatures: number;
  /** Hidden width of both SAGE layers and of the decoder (the notebooks use 32). */
  hidden: number;
  /** Width of the learned user identity embedding (stands in for the notebooks' one-hot eye(N)). */
  userDim: number;
  /** Width of an extra learned item identity embedding concatenated to the features (0 = none). */
  itemDim: number;
  /** Number of SAGE layers (2 in the notebooks). */
  layers: number;
}

/** The inputs of one forward pass: which nodes of each type enter layer 0 (null = all) and each layer's structure. */
export interface EncodeInput {
  users: Int32Array | null;
  items: Int32Array | null;
  layers: HeteroLayerInput[];
}

/**
 * Heterogeneous GraphSAGE encoder + MLP edge decoder (the anime and ArangoDB notebooks' `Model`:
 * `to_hetero(GNNEncoder)` with two `SAGEConv((-1,-1), 32)` layers and ReLU between, then
 * `EdgeDecoder`: concat(z_user[u], z_item[i]) → Linear(2h, h) → ReLU → Linear(h, 1)).
 *
 * Shapes: user input [U, userDim] (learned), item input [I, F(+itemDim)] (features, constant);
 * each layer → [U, h] and [I, h]; decoder input [B, 2h] → ratings [B].
 */
export class HeteroSageNet implements Module {
  /** Learned user identity embedding [U, userDim]. */
  readonly userEmbedding: Embedding;
  /** Optional learned item identity embedding [I, itemDim]. */
  readonly itemEmbedding: Embedding | null;
  /** One HeteroConv per layer. */
  readonly convs: HeteroConv[];
  readonly decoder1: Linear;
  readonly decoder2: Linear;

  /** Builds the network for a graph with the given edge types (input widths inferred from sizes). */
  constructor(
    readonly edgeTypes: readonly EdgeTypeKey[],
    readonly sizes: SageNetSizes,
    rng: Rng,
  ) {
    const s = sizes;
    const itemDim = s.itemFeatures === 0 ? Math.max(s.itemDim, s.hidden) : s.itemDim;
    // Unit-variance identity rows, on the same scale as the standardised item features.
    this.userEmbedding = new Embedding(s.numUsers, s.userDim, normal(rng, 1), 'user.embedding');
    this.itemEmbedding =
      itemDim > 0 ? new Embedding(s.numItems, itemDim, normal(rng, 1), 'item.embedding') : null;
    let dims = new Map([
      ['user', s.userDim],
      ['item', s.itemFeatures + itemDim],
    ]);
    this.convs = [];
    for (let l = 0; l < s.layers; l++) {
      this.convs.push(new HeteroConv(edgeTypes, dims, s.hidden, rng, `conv${l + 1}`));
      dims = new Map([...dims.keys()].map((k) => [k, s.hidden]));
    }
    this.decoder1 = new Linear(2 * s.hidden, s.hidden, true, rng, undefined, 'decoder.lin1');
    this.decoder2 = new Linear(s.hidden, 1, true, rng, undefined, 'decoder.lin2');
  }

  /** Every trainable tensor, in a stable order (also the safetensors order). */
  parameters(): Parameter[] {
    return [
      ...this.userEmbedding.parameters(),
      ...(this.itemEmbedding?.parameters() ?? []),
      ...this.convs.flatMap((c) => c.parameters()),
      ...this.decoder1.parameters(),
      ...this.decoder2.parameters(),
    ];
  }

  /** Encodes nodes: returns z per node type for the last layer's destination nodes. */
  encode(itemX: Tensor | null, input: EncodeInput): Map<string, Tensor> {
    const all = this.encodeAll(itemX, input);
    return all[all.length - 1];
  }

  /** Every layer's node representations: [inputs, after layer 1 (ReLU'd), …, z (no ReLU)]. */
  encodeAll(itemX: Tensor | null, input: EncodeInput): Map<string, Tensor>[] {
    const users = input.users ? this.userEmbedding.forward(input.users) : this.userEmbedding.weight;
    let items: Tensor | null = null;
    if (itemX) items = input.items ? gather(itemX, input.items) : itemX;
    if (this.itemEmbedding) {
      const e = input.items ? this.itemEmbedding.forward(input.items) : this.itemEmbedding.weight;
      items = items ? concat([items, e], 1) : e;
    }
    if (!items) throw new Error('HeteroSageNet: items have neither features nor an embedding');
    let h = new Map<string, Tensor>([
      ['user', users],
      ['item', items],
    ]);
    const out = [h];
    input.layers.forEach((layer, l) => {
      const o = this.convs[l].forward(h, layer);
      // ReLU between layers, none after the last (the notebooks' GNNEncoder).
      h = l + 1 < input.layers.length ? new Map([...o].map(([k, v]) => [k, relu(v)])) : o;
      out.push(h);
    });
    return out;
  }

  /**
   * Decodes ratings for (user row, item row) pairs of z: [B]. Linear(concat(z_u, z_i)) is computed as
   * z_u·W1[0:h] + z_i·W1[h:2h] per node, then gathered per pair: the same function as the notebooks'
   * decoder at (U + I)·h² instead of B·2h² multiply-adds.
   */
  decode(zUser: Tensor, zItem: Tensor, u: Int32Array, i: Int32Array): Tensor {
    const h = this.sizes.hidden;
    const w1 = this.decoder1.weight;
    const pu = matmul(zUser, slice(w1, 0, h, 0));
    const pi = matmul(zItem, slice(w1, h, 2 * h, 0));
    let a = add(gather(pu, u), gather(pi, i));
    if (this.decoder1.bias) a = add(a, this.decoder1.bias);
    const y = this.decoder2.forward(relu(a));
    return reshape(y, [u.length]);
  }
}

/** Full-graph layer input: every node of each type, the same matrices at every layer. */
export function fullLayerInput(adj: Map<string, SparseMatrix>, numLayers: number): HeteroLayerInput[] {
  const layer: HeteroLayerInput = { dstCount: new Map(), adj };
  return Array.from({ length: numLayers }, () => layer);
}
