import { add, matmul, spmm } from '../../tensor/index.ts';
import type { SparseMatrix, Tensor } from '../../tensor/index.ts';
import { Linear } from '../../nn/linear.ts';
import type { Parameter } from '../../nn/parameter.ts';
import type { Module } from '../../nn/module.ts';
import type { Rng } from '../../util/rng.ts';

/**
 * GraphSAGE convolution with mean aggregation (Hamilton, Ying & Leskovec, "Inductive Representation
 * Learning on Large Graphs", NeurIPS 2017), as PyG's `SAGEConv((-1, -1), out)` on a bipartite edge type:
 *
 *   h_i' = W_l · mean_{j ∈ N(i)} x_j + b_l + W_r · x_i
 *
 * Shapes: `xSrc` [nSrc, inSrc], `xDst` [nDst, inDst], `adj` [nDst, nSrc] row-normalised (1/deg),
 * output [nDst, out]. `lin_l` is [inSrc, out] with bias, `lin_r` is [inDst, out] without (PyG's names).
 * Input sizes are inferred from the graph by the hetero wrapper, standing in for PyG's lazy −1.
 */
export class SageConv implements Module {
  /** Neighbour transform W_l, b_l. */
  readonly linNeighbour: Linear;
  /** Root transform W_r (no bias). */
  readonly linRoot: Linear;

  /** Creates a conv for the given source/destination feature sizes (PyTorch default init). */
  constructor(
    readonly inSrc: number,
    readonly inDst: number,
    readonly out: number,
    rng: Rng,
    name = 'sage',
  ) {
    this.linNeighbour = new Linear(inSrc, out, true, rng, undefined, `${name}.lin_l`);
    this.linRoot = new Linear(inDst, out, false, rng, undefined, `${name}.lin_r`);
  }

  /** lin_l weight, lin_l bias, lin_r weight. */
  parameters(): Parameter[] {
    return [...this.linNeighbour.parameters(), ...this.linRoot.parameters()];
  }

  /** Applies the conv; `xDst` holds the destination nodes' own features (the root term). */
  forward(xSrc: Tensor, xDst: Tensor, adj: SparseMatrix): Tensor {
    const [nSrc, inS] = xSrc.shape;
    const nDst = xDst.shape[0];
    const nnz = adj.nnz;
    const w = this.linNeighbour.weight;
    // A·(X·W) = (A·X)·W: aggregate first when that is cheaper (wide item features), else project first.
    const aggFirst = nnz * inS + nDst * inS * this.out;
    const projFirst = nSrc * inS * this.out + nnz * this.out;
    let neigh = aggFirst <= projFirst ? matmul(spmm(adj, xSrc), w) : spmm(adj, matmul(xSrc, w));
    if (this.linNeighbour.bias) neigh = add(neigh, this.linNeighbour.bias);
    return add(neigh, this.linRoot.forward(xDst));
  }
}
