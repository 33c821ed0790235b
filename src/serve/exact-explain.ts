import { explainerFor } from '../explain/explain.ts';
import { OcclusionExplainer } from '../explain/occlusion.ts';
import type { Explainer, Explanation } from '../explain/types.ts';
import type { Catalog } from './catalog.ts';
import type { Rated } from './history.ts';
import type { ServedModel } from './served-model.ts';
import type { Rater, Reason } from './schemas/types.ts';

/**
 * Largest history an occlusion explanation folds in: it costs one fold-in per rated item, and a
 * hetero-sage fold-in takes ~0.1 s on latest-small (its full 232-item history took over 2 minutes).
 */
const MAX_OCCLUSION_ITEMS = 15;

/** An explanation as the API shows it. */
export interface PairExplanation {
  score: number;
  method: string;
  reasons: Reason[];
  /** Other users' ratings of the item among the explanation's edges (hetero-sage's item side). */
  raters: Rater[];
}

/**
 * Explains one (user, item) pair with `src/explain/`: the model's exact method (LightGCN contributions,
 * graph-filter terms, …) for users it was trained on; otherwise leave-one-out occlusion through `foldIn`
 * over the user's best-rated items (at most 15). Returns the rated items that support the item, by
 * their share of the score, and other users' ratings of the item when the method attributes to those edges.
 */
export function explainPair(
  model: ServedModel,
  catalog: Catalog,
  rated: readonly Rated[],
  user: string,
  item: string,
  top: number,
  raterRating: (user: string, item: string) => number | undefined = () => undefined,
): PairExplanation | undefined {
  const i = model.items.get(item);
  if (i === undefined) return undefined;
  const u = model.users.get(user);
  let ex: Explanation;
  const exact = u === undefined ? undefined : exactExplainer(model);
  if (u !== undefined && exact) {
    ex = exact.explain(u, i, { top });
  } else {
    const known = [...rated]
      .filter((r) => model.items.has(r.item))
      .sort((a, b) => b.rating - a.rating)
      .slice(0, MAX_OCCLUSION_ITEMS);
    if (known.length === 0) return undefined;
    const history = {
      items: Int32Array.from(known, (r) => model.items.get(r.item)!),
      ratings: Float32Array.from(known, (r) => r.rating),
    };
    ex = new OcclusionExplainer(model.recommender, () => history).explain(0, i, { top });
  }
  const ratingOf = new Map(rated.map((r) => [r.item, r.rating]));
  const reasons: Reason[] = [];
  const raters: Rater[] = [];
  for (const c of ex.contributions) {
    if (c.kind === 'edge' && c.edge?.side === 'item' && c.weight > 0) {
      const rater = model.users.raw(c.edge.node);
      raters.push({
        user: rater,
        rating: raterRating(rater, item) ?? 0,
        weight: Math.round(c.share * 1000) / 1000,
      });
      continue;
    }
    if ((c.kind !== 'item' && c.kind !== 'edge') || c.id < 0 || c.weight <= 0) continue;
    const id = model.items.raw(c.id);
    reasons.push({
      item: id,
      title: catalog.title(id),
      rating: ratingOf.get(id) ?? 0,
      weight: Math.round(c.share * 1000) / 1000,
    });
  }
  return { score: ex.score, method: ex.method, reasons, raters };
}

/** The model's dedicated explainer, or undefined when `src/explain/` would fall back to occlusion. */
function exactExplainer(model: ServedModel): Explainer | undefined {
  try {
    const ex = explainerFor(model.recommender);
    return ex.method === 'occlusion' ? undefined : ex;
  } catch {
    return undefined;
  }
}
