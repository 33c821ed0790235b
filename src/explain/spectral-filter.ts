import type { SpectralFilter } from '../models/spectral-filter/model.ts';
import { rankContributions, type Explainer, type ExplainOptions, type Explanation } from './types.ts';

/**
 * Exact spectral-filter explanations: with each term's row normaliser fixed at the user's own, the score is linear in
 * the history, so the contribution of rated item j is the filter's response at i to the one-item signal e_j under
 * those normalisers (`SpectralFilter.contributions`); the contributions sum to the score.
 */
export class SpectralFilterExplainer implements Explainer {
  readonly method = 'spectral-filter-exact';

  /** Wraps a fitted (or loaded) spectral filter. */
  constructor(readonly model: SpectralFilter) {}

  /** The user's training positives. */
  history(user: number): Int32Array {
    return this.model.history(user).slice();
  }

  /** One term per rated item; they sum to the score. */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const { score, contributions } = this.model.contributions(this.history(user), item);
    const all = contributions.map((c) => ({
      kind: 'item' as const,
      id: c.item,
      label: String(c.item),
      weight: c.weight,
      share: 0,
    }));
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score,
      residual: 0,
      contributions: rankContributions(all, opts.top ?? 10),
    };
  }

  /** The filter applied to the reduced history (its normalisers recomputed, as the model would). */
  scoreHistory(_user: number, kept: Int32Array): Float32Array {
    return this.model.scoreSignals([{ items: kept, weights: null }]);
  }
}
