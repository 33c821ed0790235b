import type { GraphFilter } from '../models/graph-filter/model.ts';
import {
  rankContributions,
  type Contribution,
  type Explainer,
  type ExplainOptions,
  type Explanation,
} from './types.ts';
import { csrRow } from '../tensor/csr.ts';

/**
 * Exact graph-filter explanations: GF-CF and BSPM scores are linear in the user's binary interaction vector r_u
 * (r·R̃ᵀR̃, the ideal low-pass term and the sharpening ODE are all linear maps), so s_u(i) = Σ_{j ∈ r_u} s_{e_j}(i):
 * the contribution of rated item j is the filter's response at i to the one-item signal e_j. Removing items just
 * filters the reduced signal (the model itself, no approximation).
 */
export class GraphFilterExplainer implements Explainer {
  readonly method = 'graph-filter-exact';

  /** Wraps a fitted (or loaded) graph filter. */
  constructor(readonly model: GraphFilter) {}

  /** The user's training positives (the rows of R). */
  history(user: number): Int32Array {
    const s = this.model.seen;
    return csrRow(s, user).slice();
  }

  /** One filtered one-item signal per rated item, read at `item`; the terms sum to the score. */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const hist = this.history(user);
    const n = this.model.numItems;
    const all: Contribution[] = [];
    let total = 0;
    const block = 64;
    for (let s = 0; s < hist.length; s += block) {
      const part = hist.subarray(s, Math.min(hist.length, s + block));
      const out = this.model.scoreSignals(
        Array.from(part, (j) => ({ items: Int32Array.of(j), weights: null })),
      );
      part.forEach((j, r) => {
        const w = out[r * n + item];
        total += w;
        all.push({ kind: 'item', id: j, label: String(j), weight: w, share: 0 });
      });
    }
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score: total,
      residual: 0,
      contributions: rankContributions(all, opts.top ?? 10),
    };
  }

  /** The filter applied to the reduced signal. */
  scoreHistory(_user: number, kept: Int32Array): Float32Array {
    return this.model.scoreSignals([{ items: kept, weights: null }]);
  }
}
