import type { Recommender } from '../models/recommender.ts';
import type { Csr } from '../tensor/csr.ts';
import { hasKindExplainer, kindExplainer } from './by-kind.ts';
import { OcclusionExplainer, type UserInteractions } from './occlusion.ts';
import type { Explainer, ExplainOptions, Explanation } from './types.ts';
import { csrRow } from '../tensor/csr.ts';

/** Explainers are built once per model (LightGCN precomputes a propagation). */
const cache = new WeakMap<Recommender, Explainer>();

/**
 * The explainer for a model, by kind: exact decompositions for LightGCN (and MF-BPR, its K = 0 case) and graph
 * filters, KG paths for DSKReG, similar rated items for item2vec, edge-mask Integrated Gradients for hetero-sage,
 * fold-in occlusion for everything else
 * (`interactions` must then give the user's history).
 */
export function explainerFor(
  model: Recommender,
  interactions?: (user: number) => UserInteractions,
): Explainer {
  const hit = cache.get(model);
  if (hit) return hit;
  const ex = kindExplainer(model) ?? new OcclusionExplainer(model, interactions ?? seenLookup(model));
  cache.set(model, ex);
  return ex;
}

/** Training interactions from a model's `seen` matrix (rating 1 where it stores none). */
function seenLookup(model: Recommender): (user: number) => UserInteractions {
  const seen = (model as { seen?: Csr | null }).seen;
  if (!seen) throw new Error(`explain: model '${model.kind}' needs the user's interactions`);
  return (u) => {
    const items = csrRow(seen, u).slice();
    const values = seen.values as Float32Array | null;
    return {
      items,
      ratings: values
        ? values.slice(seen.indptr[u], seen.indptr[u + 1])
        : new Float32Array(items.length).fill(1),
    };
  };
}

/**
 * Explains why `model` recommends `item` to `user` (dense indices). `userInteractions`, when given, is the user's
 * history for model-agnostic methods; models with an exact method read the history from their training graph.
 */
export function explain(
  model: Recommender,
  userInteractions: UserInteractions | null,
  user: number,
  item: number,
  opts: ExplainOptions = {},
): Explanation {
  const ex =
    userInteractions && !hasExact(model)
      ? new OcclusionExplainer(model, () => userInteractions)
      : explainerFor(model);
  return ex.explain(user, item, opts);
}

/** Whether the model kind has a dedicated (non-occlusion) method. */
function hasExact(model: Recommender): boolean {
  return hasKindExplainer(model);
}
