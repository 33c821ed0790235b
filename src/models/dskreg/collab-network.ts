import type { Tensor } from '../../tensor/index.ts';
import { add, gather, matmul } from '../../tensor/index.ts';
import { Parameter, normal, xavierUniform } from '../../nn/index.ts';
import { buildBipartite } from '../../graph/bipartite.ts';
import { normalizeBipartite, type NormalizedBipartite } from '../../graph/normalize.ts';
import { REL_INTERACT, type KgNeighbourhoods } from '../../graph/kg-neighbours.ts';
import type { Rng } from '../../util/rng.ts';
import { LgConv } from '../layers/lgconv.ts';
import type { DskregConfig } from './config.ts';
import type { DskregForward, DskregNetwork, KeptEdges } from './network.ts';
import { gumbelTopK, type GumbelTopK } from './ops/gumbel-topk.ts';
import { kgItemInput } from './ops/kg-item-input.ts';
import { lgPropagate } from './ops/lg-propagate.ts';

/** The knowledge-graph edges of every item (item → attribute entity or related item), as a CSR over items. */
interface ItemKg {
  indptr: Int32Array;
  nbr: Int32Array;
  rel: Int32Array;
  /** Distinct neighbour nodes (ascending) and each edge's position among them. */
  rows: Int32Array;
  local: Int32Array;
}

/**
 * DSKReG with a LightGCN collaborative channel (`collab: 'lightgcn'`, the default): the knowledge-graph side keeps the
 * paper's relation-aware relevance s = w·[e_r ‖ e_n], Gumbel-softmax top-K sampling at an annealed τ and a weighted
 * aggregation of the kept neighbours, while users and items exchange messages over the symmetric-normalised
 * interaction graph without sampling:
 * 1. per item, π = gumbelTopK(s) over its KG edges; a_i = Σ_kept π_in e⁰_n (attributes: genres, tags, decade, …);
 * 2. layer-0 rows x⁰_u = e⁰_u, x⁰_i = e⁰_i + a_i (the KG signal enters before propagation, so it reaches users too);
 * 3. final E = 1/(L+1) Σ_l Â^l x⁰ (LightGCN), score = dot product.
 * With all entity embeddings zero it is exactly LightGCN; rare items get a_i from attributes shared with other items.
 */
export class CollabKgNet implements DskregNetwork {
  /** Layer-0 embeddings of all nodes [N, d] (users, items, entities). */
  readonly emb: Parameter;
  /** Relation embeddings [R, d]. */
  readonly relEmb: Parameter;
  /** Relevance weights for the relation half [d, 1] and the neighbour half [d, 1] of [e_r ‖ e_n]. */
  readonly scoreRel: Parameter;
  readonly scoreNbr: Parameter;
  /** Width of a final embedding (d). */
  readonly outDim: number;
  /** One Gumbel draw per item KG edge. */
  readonly noiseSize: number;
  private readonly itemKg: ItemKg;
  private readonly graph: NormalizedBipartite;
  private readonly conv: LgConv;

  /** Randomly initialised parameters; `users`/`items` are the training interactions (the propagation graph). */
  constructor(
    readonly nb: KgNeighbourhoods,
    readonly cfg: DskregConfig,
    users: Int32Array,
    items: Int32Array,
    rng: Rng,
  ) {
    const d = cfg.dim;
    this.outDim = d;
    this.emb = Parameter.fromArray(normal(rng, cfg.initStd)([nb.numNodes, d]), [nb.numNodes, d], 'emb');
    this.relEmb = Parameter.fromArray(
      normal(rng, cfg.initStd)([nb.relationNames.length, d]),
      [nb.relationNames.length, d],
      'rel_emb',
    );
    this.scoreRel = Parameter.fromArray(xavierUniform(rng)([d, 1]), [d, 1], 'score_rel');
    this.scoreNbr = Parameter.fromArray(xavierUniform(rng)([d, 1]), [d, 1], 'score_nbr');
    this.itemKg = itemKgEdges(nb);
    this.noiseSize = this.itemKg.nbr.length;
    this.graph = normalizeBipartite(buildBipartite(nb.numUsers, nb.numItems, users, items));
    this.conv = new LgConv(this.graph, cfg.layers, d);
  }

  /** Every trainable parameter, in a fixed order (checkpoints and files rely on it). */
  parameters(): Parameter[] {
    return [this.emb, this.relEmb, this.scoreRel, this.scoreNbr];
  }

  /** Relevance score of every item KG edge, [E_kg, 1]. */
  scores(): Tensor {
    const g = this.itemKg;
    // Only the distinct neighbour rows (attribute entities, related items) are scored, not all N nodes.
    return add(
      gather(matmul(this.relEmb, this.scoreRel), g.rel),
      gather(matmul(gather(this.emb, g.rows), this.scoreNbr), g.local),
    );
  }

  /** One forward pass at temperature τ; `noise` (length `noiseSize`) or null for the deterministic top-K. */
  forward(tau: number, noise: Float32Array | null): DskregForward {
    const U = this.nb.numUsers;
    const sample = gumbelTopK(this.scores(), this.itemKg.indptr, this.cfg.k, tau, noise);
    const keptNbr = Int32Array.from(sample.edges, (e) => this.itemKg.nbr[e]);
    const x0 = kgItemInput(this.emb, sample.weights, keptNbr, sample.indptr, U);
    return { out: lgPropagate(x0, this.conv), kept: () => this.kept(sample, keptNbr) };
  }

  /** Users keep all their training items (weight 1/√(d_u d_i)), items their sampled KG neighbours (weight π). */
  private kept(sample: GumbelTopK, keptNbr: Int32Array): KeptEdges {
    const { numUsers: U, numItems: I, numNodes: N } = this.nb;
    const ui = this.graph.userItems;
    const S = ui.indices.length + keptNbr.length;
    const indptr = new Int32Array(N + 1);
    const nbr = new Int32Array(S),
      rel = new Int32Array(S),
      weight = new Float32Array(S);
    let q = 0;
    for (let u = 0; u < U; u++) {
      for (let p = ui.indptr[u]; p < ui.indptr[u + 1]; p++, q++) {
        nbr[q] = U + ui.indices[p];
        rel[q] = REL_INTERACT;
        weight[q] = ui.values ? ui.values[p] : 1;
      }
      indptr[u + 1] = q;
    }
    const w = sample.weights.data;
    for (let i = 0; i < I; i++) {
      for (let p = sample.indptr[i]; p < sample.indptr[i + 1]; p++, q++) {
        nbr[q] = keptNbr[p];
        rel[q] = this.itemKg.rel[sample.edges[p]];
        weight[q] = w[p];
      }
      indptr[U + i + 1] = q;
    }
    for (let v = U + I; v < N; v++) indptr[v + 1] = q;
    return { indptr, nbr, rel, weight };
  }
}

/** Item rows of the joint neighbourhoods restricted to knowledge-graph relations (ids ≥ 2). */
function itemKgEdges(nb: KgNeighbourhoods): ItemKg {
  const { numUsers: U, numItems: I } = nb;
  const indptr = new Int32Array(I + 1);
  const nbr: number[] = [];
  const rel: number[] = [];
  for (let i = 0; i < I; i++) {
    for (let e = nb.indptr[U + i]; e < nb.indptr[U + i + 1]; e++) {
      if (nb.rel[e] < 2) continue;
      nbr.push(nb.nbr[e]);
      rel.push(nb.rel[e]);
    }
    indptr[i + 1] = nbr.length;
  }
  const rows = Int32Array.from(new Set(nbr)).sort();
  const pos = new Map<number, number>();
  rows.forEach((v, k) => pos.set(v, k));
  return {
    indptr,
    nbr: Int32Array.from(nbr),
    rel: Int32Array.from(rel),
    rows,
    local: Int32Array.from(nbr, (v) => pos.get(v) ?? 0),
  };
}
