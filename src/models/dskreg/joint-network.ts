import type { Tensor } from '../../tensor/index.ts';
import { add, concat, gather, l2Normalize, leakyRelu, matmul } from '../../tensor/index.ts';
import { Linear, Parameter, normal, xavierUniform } from '../../nn/index.ts';
import type { KgNeighbourhoods } from '../../graph/kg-neighbours.ts';
import type { Rng } from '../../util/rng.ts';
import type { DskregConfig } from './config.ts';
import { gumbelTopK, type GumbelTopK } from './ops/gumbel-topk.ts';
import { weightedGatherSum } from './ops/weighted-gather-sum.ts';
import type { DskregForward, DskregNetwork, KeptEdges } from './network.ts';

/**
 * The paper's DSKReG network (`collab: 'sampled'`; Wang et al., CIKM 2021) over the joint user–item–entity graph (N nodes, E edges, R relations):
 * 1. relevance s_e = w·[e_r ‖ e⁰_n] for edge e = (v, r, n), computed as (R_emb·w_r)[r] + (E⁰·w_n)[n] ([E, 1]);
 * 2. per node, Gumbel-softmax over its neighbourhood at temperature τ and a top-K mask (`gumbelTopK`) → weights π;
 * 3. L layers of preference-aware aggregation h^{l+1}_v = LeakyReLU(W_l (h^l_v + Σ_{kept n} π_vn h^l_n) + b_l);
 * 4. final embedding e_v = e⁰_v ‖ h¹_v/‖h¹_v‖ ‖ … (dot-product scores then sum per-layer affinities, as KGAT).
 * Sampling is done once per forward pass and shared by all layers.
 */
export class JointDskregNet implements DskregNetwork {
  /** Layer-0 embeddings of all nodes [N, d]. */
  readonly emb: Parameter;
  /** Relation embeddings [R, d]. */
  readonly relEmb: Parameter;
  /** Relevance weights for the relation half [d, 1] and the neighbour half [d, 1] of [e_r ‖ e_n]. */
  readonly scoreRel: Parameter;
  readonly scoreNbr: Parameter;
  /** Aggregation layers W_l (d → d, with bias). */
  readonly layers: Linear[];

  /** Width of a final embedding, d·(L+1). */
  readonly outDim: number;
  /** One Gumbel draw per edge of the joint graph. */
  readonly noiseSize: number;

  /** Randomly initialised parameters for the given neighbourhoods. */
  constructor(
    readonly nb: KgNeighbourhoods,
    readonly cfg: DskregConfig,
    rng: Rng,
  ) {
    const d = cfg.dim;
    this.outDim = d * (cfg.layers + 1);
    this.noiseSize = nb.nbr.length;
    this.emb = Parameter.fromArray(normal(rng, cfg.initStd)([nb.numNodes, d]), [nb.numNodes, d], 'emb');
    this.relEmb = Parameter.fromArray(
      normal(rng, cfg.initStd)([nb.relationNames.length, d]),
      [nb.relationNames.length, d],
      'rel_emb',
    );
    this.scoreRel = Parameter.fromArray(xavierUniform(rng)([d, 1]), [d, 1], 'score_rel');
    this.scoreNbr = Parameter.fromArray(xavierUniform(rng)([d, 1]), [d, 1], 'score_nbr');
    this.layers = Array.from(
      { length: cfg.layers },
      (_, l) => new Linear(d, d, true, rng, xavierUniform(rng), `layer${l}`),
    );
  }

  /** Every trainable parameter, in a fixed order (checkpoints and files rely on it). */
  parameters(): Parameter[] {
    return [
      this.emb,
      this.relEmb,
      this.scoreRel,
      this.scoreNbr,
      ...this.layers.flatMap((l) => l.parameters()),
    ];
  }

  /** Relevance score of every edge, [E, 1]. */
  scores(): Tensor {
    const { nb } = this;
    return add(
      gather(matmul(this.relEmb, this.scoreRel), nb.rel),
      gather(matmul(this.emb, this.scoreNbr), nb.nbr),
    );
  }

  /** One forward pass at temperature τ; `noise` (length E) is the Gumbel noise, null for deterministic top-K. */
  forward(tau: number, noise: Float32Array | null): DskregForward {
    const sample = gumbelTopK(this.scores(), this.nb.indptr, this.cfg.k, tau, noise);
    const sampledNbr = Int32Array.from(sample.edges, (e) => this.nb.nbr[e]);
    let h: Tensor = this.emb;
    const parts: Tensor[] = [this.emb];
    for (const layer of this.layers) {
      const agg = weightedGatherSum(h, sample.weights, sampledNbr, sample.indptr);
      h = leakyRelu(layer.forward(add(h, agg)), this.cfg.slope);
      parts.push(this.cfg.normalize ? l2Normalize(h) : h);
    }
    return {
      out: parts.length === 1 ? this.emb : concat(parts, 1),
      kept: () => this.kept(sample, sampledNbr),
    };
  }

  private kept(sample: GumbelTopK, sampledNbr: Int32Array): KeptEdges {
    return {
      indptr: sample.indptr.slice(),
      nbr: sampledNbr.slice(),
      rel: Int32Array.from(sample.edges, (e) => this.nb.rel[e]),
      weight: Float32Array.from(sample.weights.data),
    };
  }
}
