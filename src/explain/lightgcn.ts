import { buildBipartite } from '../graph/bipartite.ts';
import { normalizeBipartite } from '../graph/normalize.ts';
import { LgConv } from '../models/layers/lgconv.ts';
import type { Csr } from '../tensor/csr.ts';
import {
  rankContributions,
  type Contribution,
  type Explainer,
  type ExplainOptions,
  type Explanation,
} from './types.ts';
import { csrRow } from '../tensor/csr.ts';

/**
 * What the exact decomposition needs: final embeddings E = 1/(K+1) Σ_k Â^k E⁰ over the normalised graph of `seen`,
 * and E⁰ (users then items). `LightGcn` is one; DSKReG's LightGCN channel is another (E⁰ = its KG-enriched input).
 */
export interface LinearPropagationModel {
  readonly kind: string;
  readonly numUsers: number;
  readonly numItems: number;
  readonly dim: number;
  readonly cfg: { readonly layers: number };
  readonly seen: Csr;
  readonly e0: Float32Array;
  readonly userEmb: Float32Array;
  readonly itemEmb: Float32Array;
}

/**
 * Exact LightGCN explanations. With α = 1/(K+1) and E = α Σ_k Â^k E⁰, the user row splits by its first hop:
 *   e_u = α e⁰_u + Σ_{j ∈ N(u)} Â_uj g_j,   g_j = α Σ_{k=0..K-1} (Â^k E⁰)_j
 * (user rows of Â touch only items). So score(u, i) = α e⁰_u·e_i + Σ_j Â_uj g_j·e_i exactly: one term per rated
 * item plus the user's own embedding (the residual). Removing items from the history keeps Â_uj and g_j fixed
 * (re-propagation of the user's row only, no retraining), which is also the scorer used for fidelity.
 */
export class LightGcnExplainer implements Explainer {
  readonly method = 'lightgcn-exact';
  /** g_j rows for every node (only item rows are used), `(U + I) × dim`. */
  private readonly g: Float32Array;
  private readonly alpha: number;
  /** Â_uj per seen edge, aligned with `model.seen.indices`. */
  private readonly aHat: Float32Array;
  /** Â's item → user block (items × users). */
  private readonly itemUsers: Csr;

  /** Precomputes g = α Σ_{k<K} Â^k E⁰ (K − 1 propagations) from the model's layer-0 embeddings and seen graph. */
  constructor(readonly model: LinearPropagationModel) {
    const { numUsers: U, numItems: I, dim: d } = model;
    const K = model.cfg.layers;
    this.alpha = 1 / (K + 1);
    const seen = model.seen;
    const users = new Int32Array(seen.indices.length);
    for (let u = 0; u < U; u++) users.fill(u, seen.indptr[u], seen.indptr[u + 1]);
    const norm = normalizeBipartite(buildBipartite(U, I, users, seen.indices));
    this.aHat = new Float32Array(seen.indices.length);
    // Map the normalised CSR's per-row weights onto `seen`'s order (both list u's items; orders may differ).
    const ui = norm.userItems;
    for (let u = 0; u < U; u++) {
      const w = new Map<number, number>();
      for (let p = ui.indptr[u]; p < ui.indptr[u + 1]; p++)
        w.set(ui.indices[p], (ui.values as Float32Array)[p]);
      for (let p = seen.indptr[u]; p < seen.indptr[u + 1]; p++) this.aHat[p] = w.get(seen.indices[p]) ?? 0;
    }
    this.itemUsers = norm.itemUsers;
    this.g = new Float32Array((U + I) * d);
    if (K >= 1) {
      // LgConv with K − 1 layers gives (1/K) Σ_{k<K} Â^k E⁰; rescale by K/(K+1).
      const conv = new LgConv(norm, K - 1, d, false);
      conv.apply(model.e0, this.g);
      const s = K / (K + 1);
      for (let p = 0; p < this.g.length; p++) this.g[p] *= s;
    }
  }

  /** The user's training positives. */
  history(user: number): Int32Array {
    const s = this.model.seen;
    return csrRow(s, user).slice();
  }

  /** Per-item terms Â_uj g_j·e_i and the residual α e⁰_u·e_i; they sum to e_u·e_i. */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const { dim: d, numUsers: U } = this.model;
    const ei = this.model.itemEmb.subarray(item * d, item * d + d);
    const s = this.model.seen;
    const all: Contribution[] = [];
    let total = 0;
    for (let p = s.indptr[user]; p < s.indptr[user + 1]; p++) {
      const j = s.indices[p];
      const w = this.aHat[p] * dotAt(this.g, (U + j) * d, ei, d);
      total += w;
      all.push({ kind: 'item', id: j, label: String(j), weight: w, share: 0 });
    }
    const residual = this.alpha * dotAt(this.model.e0, user * d, ei, d);
    const top = opts.top ?? 10;
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score: total + residual,
      residual,
      contributions: rankContributions(all, top),
      detail: { itemSide: this.itemSide(user, item, top) },
    };
  }

  /**
   * The same split on the item side: e_i = α e⁰_i + Σ_{v ∈ N(i)} Â_iv g_v, so score = Σ_v Â_iv g_v·e_u + α e⁰_i·e_u
   * (the users who interacted with the item, i.e. "people who liked this"); `users` are dense user indices.
   */
  itemSide(
    user: number,
    item: number,
    top: number,
  ): { users: Array<{ user: number; weight: number }>; residual: number; sum: number } {
    const { dim: d, numUsers: U } = this.model;
    const eu = this.model.userEmb.subarray(user * d, user * d + d);
    const t = this.itemUsers;
    const users: Array<{ user: number; weight: number }> = [];
    let sum = 0;
    for (let p = t.indptr[item]; p < t.indptr[item + 1]; p++) {
      const v = t.indices[p];
      const w = (t.values as Float32Array)[p] * dotAt(this.g, v * d, eu, d);
      sum += w;
      users.push({ user: v, weight: w });
    }
    const residual = this.alpha * dotAt(this.model.e0, (U + item) * d, eu, d);
    users.sort((a, b) => b.weight - a.weight);
    return { users: users.slice(0, top), residual, sum: sum + residual };
  }

  /** e_u re-propagated from `kept` only (Â_uj, g_j fixed), dotted with every final item embedding. */
  scoreHistory(user: number, kept: Int32Array): Float32Array {
    const { dim: d, numUsers: U, numItems: I } = this.model;
    const keep = new Set(kept);
    const eu = new Float32Array(d);
    for (let c = 0; c < d; c++) eu[c] = this.alpha * this.model.e0[user * d + c];
    const s = this.model.seen;
    for (let p = s.indptr[user]; p < s.indptr[user + 1]; p++) {
      const j = s.indices[p];
      if (!keep.has(j)) continue;
      const a = this.aHat[p];
      for (let c = 0; c < d; c++) eu[c] += a * this.g[(U + j) * d + c];
    }
    const out = new Float32Array(I);
    const E = this.model.itemEmb;
    for (let i = 0; i < I; i++) out[i] = dotAt(E, i * d, eu, d);
    return out;
  }
}

/** Σ_c x[o + c] · y[c]. */
function dotAt(x: Float32Array, o: number, y: Float32Array, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += x[o + c] * y[c];
  return s;
}
