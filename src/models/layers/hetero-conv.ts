import { add, slice } from '../../tensor/index.ts';
import type { SparseMatrix, Tensor } from '../../tensor/index.ts';
import type { Parameter } from '../../nn/parameter.ts';
import type { Module } from '../../nn/module.ts';
import { edgeKey } from '../../graph/hetero.ts';
import type { EdgeTypeKey } from '../../graph/hetero.ts';
import { SageConv } from './sage-conv.ts';
import type { Rng } from '../../util/rng.ts';

/** One layer's structure: destination counts per node type and the mean-aggregation matrix per edge type. */
export interface HeteroLayerInput {
  /** Number of destination nodes per node type (a prefix of that type's input rows). */
  dstCount: Map<string, number>;
  /** Row-normalised adjacency per edge key, [nDst(dst type), nSrc(src type)]. */
  adj: Map<string, SparseMatrix>;
}

/**
 * Heterogeneous wrapper, PyG `to_hetero(module, metadata, aggr='sum')` for one SAGEConv layer:
 * one conv per edge type `(src, rel, dst)`, outputs summed per destination node type.
 * Input: features per node type, [n_t, in_t]; output: [nDst_t, out] for every type that receives messages.
 */
export class HeteroConv implements Module {
  /** One convolution per edge key. */
  readonly convs = new Map<string, SageConv>();

  /** Creates one SAGEConv per edge type, sizes inferred from `inDims` (feature width per node type). */
  constructor(
    readonly edgeTypes: readonly EdgeTypeKey[],
    inDims: Map<string, number>,
    readonly out: number,
    rng: Rng,
    name = 'conv',
  ) {
    for (const et of edgeTypes) {
      const inSrc = inDims.get(et[0]);
      const inDst = inDims.get(et[2]);
      if (inSrc === undefined || inDst === undefined)
        throw new Error(`HeteroConv: no input size for ${edgeKey(et)}`);
      this.convs.set(edgeKey(et), new SageConv(inSrc, inDst, out, rng, `${name}.${edgeKey(et)}`));
    }
  }

  /** Trainable tensors of every conv, in edge-type order. */
  parameters(): Parameter[] {
    return [...this.convs.values()].flatMap((c) => c.parameters());
  }

  /** Runs every conv and sums per destination type. */
  forward(x: Map<string, Tensor>, layer: HeteroLayerInput): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    const roots = new Map<string, Tensor>();
    for (const et of this.edgeTypes) {
      const key = edgeKey(et);
      const xs = x.get(et[0]);
      const xd = x.get(et[2]);
      const a = layer.adj.get(key);
      if (!xs || !xd || !a) throw new Error(`HeteroConv: missing input for ${key}`);
      const nDst = layer.dstCount.get(et[2]) ?? xd.shape[0];
      let root = roots.get(et[2]);
      if (!root) {
        // Destination nodes are the first rows of their type's input (full batch: all of them).
        root = nDst === xd.shape[0] ? xd : slice(xd, 0, nDst, 0);
        roots.set(et[2], root);
      }
      const h = (this.convs.get(key) as SageConv).forward(xs, root, a);
      const prev = out.get(et[2]);
      out.set(et[2], prev ? add(prev, h) : h);
    }
    return out;
  }
}
