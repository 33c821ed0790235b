import { explainerFor } from '../explain/explain.ts';
import { explainItems, type ItemExplanation, type RatedHistory } from '../explain/list.ts';
import type { Csr } from '../tensor/csr.ts';
import { csrRow } from '../tensor/csr.ts';
import type { Catalog } from './catalog.ts';
import type { Rated } from './history.ts';
import type { ServedModel } from './served-model.ts';
import type { Rater, Reason } from './schemas/types.ts';

/**
 * Largest history an occlusion explanation folds in: it costs one fold-in per rated item, and a
 * hetero-sage fold-in takes ~0.1 s on latest-small (its full 232-item history took over 2 minutes).
 */
const MAX_OCCLUSION_ITEMS = 15;

/** Exact methods cheap enough to run once per listed item (graph filters and IG are explained by fold-in terms). */
const PER_ITEM_EXACT = new Set(['lightgcn-exact', 'dskreg-paths', 'item2vec-similar']);

/** An explanation as the API shows it: the card's "because" line is the top of `reasons`, same numbers. */
export interface PairExplanation {
  score: number;
  method: string;
  /** The user's rated items that raise the score, largest share first (`liked`: rated at or above their mean). */
  reasons: Reason[];
  /** Signed share of the score carried by the user's other ratings (those lowering it, or beyond the list). */
  otherShare: number;
  /** Signed share not attributed to any rating of the user: the model's baseline for the item. */
  residualShare: number;
  /** The user's mean rating: ratings at or above it count as "liked". */
  likedFrom: number;
  /** Other users' ratings of the item among the explanation's edges (hetero-sage's item side). */
  raters: Rater[];
}

/** Options of `explainRecommendations`. */
export interface ExplainListOptions {
  /** The user's ratings by raw id (the live history, including ratings given after training). */
  rated: readonly Rated[];
  /** Whether the model's own row of the user is current (trained on them, no ratings since). */
  trained: boolean;
  /** Reasons kept per item. */
  top: number;
  /** Another user's rating of an item (for raters of edge explanations). */
  raterRating?: (user: string, item: string) => number | undefined;
}

/**
 * One explanation per listed item, computed in one pass so that a card's reasons and the "why?" page agree:
 * the model's exact method for users it was trained on (LightGCN contributions, KG paths, …); the exact per-rating
 * terms of decomposable models (EASE, graph filters) over the history the model scores the user from; leave-one-out
 * occlusion over the best-rated items otherwise. Items the model does not know get undefined.
 */
export function explainRecommendations(
  model: ServedModel,
  catalog: Catalog,
  user: string,
  items: readonly string[],
  o: ExplainListOptions,
): Array<PairExplanation | undefined> {
  const dense = items.map((id) => model.items.get(id));
  const known = Int32Array.from(dense.filter((i): i is number => i !== undefined));
  if (known.length === 0) return items.map(() => undefined);
  const out = explainDense(model, user, known, o);
  const ratingOf = new Map(o.rated.map((r) => [r.item, r.rating]));
  const likedFrom = meanRating(o.rated);
  let next = 0;
  return dense.map((i, p) =>
    i === undefined ? undefined : toPair(model, catalog, items[p]!, out[next++]!, ratingOf, likedFrom, o),
  );
}

/** `explainRecommendations` for one item (the "why?" page): the same numbers as the item's card. */
export function explainPair(
  model: ServedModel,
  catalog: Catalog,
  user: string,
  item: string,
  o: ExplainListOptions,
): PairExplanation | undefined {
  const ex = explainRecommendations(model, catalog, user, [item], o)[0];
  const u = o.trained ? model.users.get(user) : undefined;
  const i = model.items.get(item);
  if (!ex || u === undefined || i === undefined || exactMethod(model) !== 'sage-ig') return ex;
  // Edge attributions are too slow for every card, so the user's reasons stay the cards' (occlusion); the page adds
  // the other users' ratings of the item that IG finds carrying the score.
  const ig = explainerFor(model.recommender).explain(u, i, { top: 20 });
  const raters: Rater[] = [];
  for (const c of ig.contributions)
    if (c.kind === 'edge' && c.edge?.side === 'item' && c.weight > 0) {
      const rater = model.users.raw(c.edge.node);
      raters.push({ user: rater, rating: o.raterRating?.(rater, item) ?? 0, weight: round3(c.share) });
    }
  return { ...ex, method: `${ex.method}; raters by ${ig.method}`, raters };
}

/** Mean of the ratings (what "liked" is measured against; 0 for none). */
function meanRating(rated: readonly Rated[]): number {
  if (rated.length === 0) return 0;
  let s = 0;
  for (const r of rated) s += r.rating;
  return s / rated.length;
}

function explainDense(
  model: ServedModel,
  user: string,
  items: Int32Array,
  o: ExplainListOptions,
): ItemExplanation[] {
  const all = 1 << 30;
  const u = o.trained ? model.users.get(user) : undefined;
  const known = o.rated.filter((r) => model.items.has(r.item));
  const history = (rs: readonly Rated[]): RatedHistory => ({
    items: Int32Array.from(rs, (r) => model.items.get(r.item)!),
    ratings: Float32Array.from(rs, (r) => r.rating),
  });
  if (u !== undefined && PER_ITEM_EXACT.has(exactMethod(model) ?? ''))
    return explainItems(model.recommender, items, { user: u, history: history(known), top: all });
  const seen = (model.recommender as { seen?: Csr | null }).seen;
  const decomposable =
    typeof (model.recommender as { foldInTerms?: unknown }).foldInTerms === 'function' ||
    exactMethod(model) === 'graph-filter-exact';
  if (u !== undefined && seen && decomposable) {
    // The model scores a trained user from its training row (binary positives): explain that same row.
    const row = csrRow(seen, u).slice();
    return explainItems(model.recommender, items, {
      history: { items: row, ratings: new Float32Array(row.length).fill(1) },
      top: all,
    });
  }
  const used = decomposable
    ? known
    : [...known].sort((a, b) => b.rating - a.rating).slice(0, MAX_OCCLUSION_ITEMS);
  return explainItems(model.recommender, items, { history: history(used), top: all });
}

/** The method name of the model's dedicated explainer, or undefined when it has none. */
function exactMethod(model: ServedModel): string | undefined {
  try {
    return explainerFor(model.recommender).method;
  } catch {
    return undefined;
  }
}

function toPair(
  model: ServedModel,
  catalog: Catalog,
  item: string,
  ex: ItemExplanation,
  ratingOf: ReadonlyMap<string, number>,
  likedFrom: number,
  o: ExplainListOptions,
): PairExplanation {
  const reasons: Reason[] = [];
  const raters: Rater[] = [];
  let other = 0;
  for (const c of ex.contributions) {
    if (c.kind === 'edge' && c.edge?.side === 'item') {
      if (c.weight <= 0) continue;
      const rater = model.users.raw(c.edge.node);
      raters.push({ user: rater, rating: o.raterRating?.(rater, item) ?? 0, weight: round3(c.share) });
      continue;
    }
    if ((c.kind !== 'item' && c.kind !== 'edge') || c.id < 0) {
      other += c.share;
      continue;
    }
    const id = model.items.raw(c.id);
    const rating = ratingOf.get(id) ?? 0;
    if (c.weight > 0 && reasons.length < o.top)
      reasons.push({
        item: id,
        title: catalog.title(id),
        rating,
        weight: round3(c.share),
        // Tolerance: equal ratings (all 4s) are all liked despite the float mean.
        liked: rating >= likedFrom - 1e-6,
      });
    else other += c.share;
  }
  return {
    score: ex.score,
    method: ex.method,
    reasons,
    otherShare: round3(other + ex.rest.share),
    residualShare: round3(ex.residualShare),
    likedFrom: Math.round(likedFrom * 100) / 100,
    raters,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
