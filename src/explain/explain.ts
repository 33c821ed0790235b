import type { Recommender } from '../models/recommender.ts';
import type { Csr } from '../graph/csr.ts';
import { LightGcn } from '../models/lightgcn/lightgcn.ts';
import { GraphFilter } from '../models/graph-filter/model.ts';
import { Item2VecRecommender } from '../models/item2vec/model.ts';
import { Dskreg } from '../models/dskreg/model.ts';
import { HeteroSageModel } from '../models/sage/model.ts';
import { SageIgExplainer } from './sage-ig.ts';
import { LightGcnExplainer } from './lightgcn.ts';
import { GraphFilterExplainer } from './graph-filter.ts';
import { Item2vecExplainer } from './item2vec.ts';
import { DskregExplainer } from './dskreg.ts';
import { OcclusionExplainer, type UserInteractions } from './occlusion.ts';
import type { Explainer, ExplainOptions, Explanation } from './types.ts';
import { csrRow } from '../graph/csr.ts';

/** Explainers are built once per model (LightGCN precomputes a propagation). */
const cache = new WeakMap<Recommender, Explainer>();

/**
 * The explainer for a model, by kind: exact decompositions for LightGCN (and MF-BPR, its K = 0 case) and graph
 * filters, KG paths for DSKReG, similar rated items for item2vec, edge-mask Integrated Gradients for hetero-sage,
 * fold-in occlusion for everything else
 * (`interactions` must then give the user's history).
 */
export function explainerFor(model: Recommender, interactions?: (user: number) => UserInteractions): Explainer {
  const hit = cache.get(model);
  if (hit) return hit;
  let ex: Explainer;
  if (model instanceof Dskreg) ex = new DskregExplainer(model);
  else if (model instanceof LightGcn) ex = new LightGcnExplainer(model);
  else if (model instanceof GraphFilter) ex = new GraphFilterExplainer(model);
  else if (model instanceof Item2VecRecommender) ex = new Item2vecExplainer(model);
  else if (model instanceof HeteroSageModel && model.seen) ex = new SageIgExplainer(model);
  else ex = new OcclusionExplainer(model, interactions ?? seenLookup(model));
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
    return { items, ratings: values ? values.slice(seen.indptr[u], seen.indptr[u + 1]) : new Float32Array(items.length).fill(1) };
  };
}

/**
 * Explains why `model` recommends `item` to `user` (dense indices). `userInteractions`, when given, is the user's
 * history for model-agnostic methods; models with an exact method read the history from their training graph.
 */
export function explain(model: Recommender, userInteractions: UserInteractions | null, user: number, item: number, opts: ExplainOptions = {}): Explanation {
  const ex = userInteractions && !hasExact(model) ? new OcclusionExplainer(model, () => userInteractions) : explainerFor(model);
  return ex.explain(user, item, opts);
}

/** Whether the model kind has a dedicated (non-occlusion) method. */
function hasExact(model: Recommender): boolean {
  return (model instanceof HeteroSageModel && model.seen !== null) || model instanceof LightGcn || model instanceof GraphFilter || model instanceof Item2VecRecommender || model instanceof Dskreg;
}
