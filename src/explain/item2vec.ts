import type { Item2VecRecommender } from '../models/item2vec/model.ts';
import {
  rankContributions,
  type Contribution,
  type Explainer,
  type ExplainOptions,
  type Explanation,
} from './types.ts';

/**
 * Item2vec explanations: the user's profile items most similar (cosine of the unit embeddings) to the recommended
 * item. With `userScoring: 'mean'` the score is the mean cosine to the profile, so cos(j, i)/|profile| are exact
 * contributions; with neighbour scoring they are the natural similarity reasons. Removal re-scores the reduced profile.
 */
export class Item2vecExplainer implements Explainer {
  readonly method = 'item2vec-similar';

  /** Wraps a trained item2vec model. */
  constructor(readonly model: Item2VecRecommender) {}

  /** The profile: training items with rating ≥ `profileMinRating`, in the co-occurrence graph. */
  history(user: number): Int32Array {
    const s = this.model.trained;
    const min = this.model.config.profileMinRating;
    const out: number[] = [];
    for (let p = s.userPtr[user]; p < s.userPtr[user + 1]; p++) {
      const j = s.userItems[p];
      if ((min <= 0 || s.userRatings[p] >= min) && s.itemNode[j] >= 0) out.push(j);
    }
    return Int32Array.from(out);
  }

  /** cos(j, item) / |profile| per profile item j. */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const s = this.model.trained;
    const hist = this.history(user);
    const d = s.dim;
    const ni = s.itemNode[item];
    const all: Contribution[] = [];
    for (const j of hist) {
      let c = 0;
      if (ni >= 0)
        for (let k = 0, a = s.itemNode[j] * d, b = ni * d; k < d; k++) c += s.emb[a + k] * s.emb[b + k];
      all.push({
        kind: 'item',
        id: j,
        label: String(j),
        weight: hist.length > 0 ? c / hist.length : 0,
        share: 0,
      });
    }
    const score = this.model.scoreUsers(Int32Array.of(user))[item];
    const sum = all.reduce((t, c) => t + c.weight, 0);
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score,
      residual: score - sum,
      contributions: rankContributions(all, opts.top ?? 10),
      detail: { userScoring: this.model.config.userScoring },
    };
  }

  /** Fold-in scores of the reduced profile (all kept items count, ratings ignored). */
  scoreHistory(_user: number, kept: Int32Array): Float32Array {
    return this.model.foldIn(kept, new Float32Array(0));
  }
}
