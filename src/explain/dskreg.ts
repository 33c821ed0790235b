import type { Dskreg } from '../models/dskreg/model.ts';
import { collabMode } from '../models/dskreg/config.ts';
import {
  rankContributions,
  type Contribution,
  type Explainer,
  type ExplainOptions,
  type Explanation,
} from './types.ts';
import { LightGcnExplainer } from './lightgcn.ts';
import { csrRow } from '../tensor/csr.ts';

/**
 * DSKReG explanations. Knowledge-graph paths user → rated item → shared attribute → recommended item through the
 * neighbourhoods the model kept after training, weighted by the product of the sampled attention weights π, are
 * always reported. With the LightGCN collaborative channel (`collab: 'lightgcn'`) the score is linear in the layer-0
 * input x⁰ (x⁰_i = e⁰_i + Σ_kept π_in e⁰_n), so the rated items' contributions are exact (LightGCN's decomposition
 * on x⁰) and removing items re-propagates the user's row, which is the model itself. The literal sampled variant has
 * no such decomposition: path weights are summed per middle item, and a reduced history is scored by fold-in.
 */
export class DskregExplainer implements Explainer {
  readonly method: string;
  /** The exact decomposition on x⁰, when the model has a LightGCN channel and its layer-0 embeddings. */
  private readonly exact: LightGcnExplainer | null;

  /** Wraps a trained DSKReG model. */
  constructor(readonly model: Dskreg) {
    const emb = collabMode(model.cfg) === 'lightgcn' ? model.layer0() : null;
    const sampled = model.sampled;
    this.exact =
      emb && sampled ? new LightGcnExplainer({ ...fields(model), e0: layer0Input(model, emb) }) : null;
    this.method = this.exact ? 'dskreg-exact' : 'dskreg-paths';
  }

  /** The user's training positives. */
  history(user: number): Int32Array {
    const s = this.model.seen;
    return csrRow(s, user).slice();
  }

  /** Rated items' contributions (exact with the LightGCN channel), then the heaviest knowledge-graph paths. */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const top = opts.top ?? 10;
    const paths = this.model.kgPaths(user, item, 200);
    const pathC: Contribution[] = paths.map((p) => ({
      kind: 'path',
      id: p.nodes[1].index,
      label: `user ${user} -${p.relations[0]}-> item ${p.nodes[1].index} -${p.relations[1]}-> ${p.nodes[2].name ?? p.nodes[2].index} -${p.relations[2]}-> item ${item}`,
      path: {
        via: p.nodes[1].index,
        entity: p.nodes[2].name ?? String(p.nodes[2].index),
        relations: p.relations,
      },
      weight: p.weight,
      share: 0,
    }));
    if (this.exact) {
      const e = this.exact.explain(user, item, opts);
      return {
        ...e,
        model: this.model.kind,
        method: this.method,
        contributions: [...e.contributions, ...rankContributions(pathC, top)],
        detail: { ...e.detail, paths: paths.slice(0, top) },
      };
    }
    const byItem = new Map<number, number>();
    for (const p of paths) byItem.set(p.nodes[1].index, (byItem.get(p.nodes[1].index) ?? 0) + p.weight);
    const items: Contribution[] = [...byItem].map(([j, w]) => ({
      kind: 'item',
      id: j,
      label: String(j),
      weight: w,
      share: 0,
    }));
    const score = this.model.scoreUsers(Int32Array.of(user))[item];
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score,
      residual: 0,
      contributions: [...rankContributions(items, top), ...rankContributions(pathC, top)],
      detail: { paths: paths.slice(0, top) },
    };
  }

  /** Scores of every item from a reduced history: the user's row re-propagated (exact), else fold-in. */
  scoreHistory(user: number, kept: Int32Array): Float32Array {
    if (this.exact) return this.exact.scoreHistory(user, kept);
    return this.model.foldIn(kept, new Float32Array(kept.length).fill(1));
  }
}

/** The model fields the LightGCN decomposition reads. */
function fields(m: Dskreg): Omit<ConstructorParameters<typeof LightGcnExplainer>[0], 'e0'> {
  return {
    kind: m.kind,
    numUsers: m.numUsers,
    numItems: m.numItems,
    dim: m.dim,
    cfg: { layers: m.cfg.layers },
    seen: m.seen,
    userEmb: m.userEmb,
    itemEmb: m.itemEmb,
  };
}

/** x⁰ over users then items: x⁰_u = e⁰_u, x⁰_i = e⁰_i + Σ_kept π_in e⁰_n over the item's kept knowledge-graph edges. */
function layer0Input(m: Dskreg, emb: Float32Array): Float32Array {
  const { numUsers: U, numItems: I, dim: d } = m;
  const g = m.sampled;
  const x = emb.slice(0, (U + I) * d);
  if (!g) return x;
  for (let i = 0; i < I; i++) {
    const v = U + i;
    for (let q = g.indptr[v]; q < g.indptr[v + 1]; q++) {
      const w = g.weight[q];
      const n = g.nbr[q] * d;
      for (let c = 0; c < d; c++) x[v * d + c] += w * emb[n + c];
    }
  }
  return x;
}
