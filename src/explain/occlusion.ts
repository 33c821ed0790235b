import type { Recommender } from '../models/recommender.ts';
import {
  rankContributions,
  type Contribution,
  type Explainer,
  type ExplainOptions,
  type Explanation,
} from './types.ts';

/** A user's interactions as given to model-agnostic explainers: dense items and their ratings. */
export interface UserInteractions {
  items: Int32Array;
  ratings: Float32Array;
}

/**
 * Model-agnostic counterfactual explanations through `foldIn`: the contribution of rated item j is
 * f(history) − f(history \ j) at the explained item (leave-one-out occlusion). Used for kinds without an exact
 * method (hetero-sage until its edge-mask IG lands, mf-bpr, popular). Costs |history| + 1 fold-ins.
 */
export class OcclusionExplainer implements Explainer {
  readonly method = 'occlusion';

  /** Explains `model` for users whose interactions `lookup` returns. */
  constructor(
    readonly model: Recommender,
    private readonly lookup: (user: number) => UserInteractions,
  ) {}

  /** The user's interactions. */
  history(user: number): Int32Array {
    return this.lookup(user).items;
  }

  /** Leave-one-out score drops at `item`. */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const h = this.lookup(user);
    const score = this.model.foldIn(h.items, h.ratings)[item];
    const all: Contribution[] = [];
    for (let p = 0; p < h.items.length; p++) {
      const keep = h.items.map((_, q) => q).filter((q) => q !== p);
      const s = this.model.foldIn(
        Int32Array.from(keep, (q) => h.items[q]),
        Float32Array.from(keep, (q) => h.ratings[q]),
      )[item];
      all.push({ kind: 'item', id: h.items[p], label: String(h.items[p]), weight: score - s, share: 0 });
    }
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

  /** Fold-in of the kept items with their ratings. */
  scoreHistory(user: number, kept: Int32Array): Float32Array {
    const h = this.lookup(user);
    const r = new Map<number, number>();
    h.items.forEach((j, p) => r.set(j, h.ratings[p]));
    return this.model.foldIn(
      kept,
      Float32Array.from(kept, (j) => r.get(j) ?? 1),
    );
  }
}
