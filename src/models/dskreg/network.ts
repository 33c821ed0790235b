import type { Tensor } from '../../tensor/index.ts';
import type { Parameter } from '../../nn/index.ts';
import type { KgNeighbourhoods } from '../../graph/kg-neighbours.ts';

/** Kept (sampled) neighbourhoods of every node (users, items, entities) with their weights, for explanations. */
export interface KeptEdges {
  /** Kept-edge range of node v. */
  indptr: Int32Array;
  /** Neighbour node of each kept edge. */
  nbr: Int32Array;
  /** Relation id of each kept edge (indexes the neighbourhoods' `relationNames`). */
  rel: Int32Array;
  /** Weight of each kept edge (π of the sampler, or the normalised adjacency for unsampled edges). */
  weight: Float32Array;
}

/** Output of one forward pass: final embeddings of users then items, and the neighbourhoods it used. */
export interface DskregForward {
  /** Final embeddings, [U + I, outDim] or [N, outDim] (users and items first). */
  out: Tensor;
  /** The kept neighbourhoods of this pass (computed on demand). */
  kept(): KeptEdges;
}

/** What the DSKReG training loop needs from a network variant. */
export interface DskregNetwork {
  /** The joint user–item–entity neighbourhoods (node ids: users, items, entities). */
  readonly nb: KgNeighbourhoods;
  /** Layer-0 embeddings of all nodes [N, d]; the L2 term acts on the batch's rows. */
  readonly emb: Parameter;
  /** Width of a final embedding. */
  readonly outDim: number;
  /** Length of the Gumbel noise vector one forward pass takes (the number of sampled edges). */
  readonly noiseSize: number;
  /** Every trainable parameter, in a fixed order (checkpoints and files rely on it). */
  parameters(): Parameter[];
  /** One forward pass at temperature τ; `noise` (length `noiseSize`) is Gumbel noise, null for deterministic top-K. */
  forward(tau: number, noise: Float32Array | null): DskregForward;
}
