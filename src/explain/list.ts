import { findKind } from '../models/index.ts';
import type { SignalScorer } from '../models/shared/signal-scoring.ts';
import type { Recommender } from '../models/recommender.ts';
import { explainerFor } from './explain.ts';
import { rankContributions, type Contribution, type Explanation } from './types.ts';

/** A history as rated items and ratings (dense item indices). */
export interface RatedHistory {
  items: Int32Array;
  ratings: Float32Array;
}

/**
 * A model whose fold-in score is a sum of one term per rated item (plus what is left over): `terms[j]` is rated
 * item j's contribution to every item's score, or with `at` to the score of each item `at[q]` (`terms[j][q]`).
 * EASE implements it (`src/models/ease/`).
 */
export interface DecomposableFoldIn {
  foldInTerms(
    items: Int32Array,
    ratings: Float32Array,
    at?: Int32Array,
  ): { scores: Float32Array; terms: Float32Array[] };
}

function isDecomposable(m: Recommender): m is Recommender & DecomposableFoldIn {
  return typeof (m as Partial<DecomposableFoldIn>).foldInTerms === 'function';
}

/** Whether the model's kind declares its fold-in a linear filter of the history (graph filters). */
function hasLinearSignals(
  m: Recommender,
): m is Recommender & Pick<SignalScorer, 'numItems' | 'scoreSignals'> {
  return (
    findKind(m.kind)?.capabilities.linearSignals === true &&
    typeof (m as Partial<SignalScorer>).scoreSignals === 'function'
  );
}

/** Options of `explainItems`. */
export interface ExplainItemsOptions {
  /** Dense index of a user the model was trained on (its exact method is used when it has one). */
  user?: number;
  /** The user's ratings: what a fold-in user is scored from (and the trained user's ratings, for labels). */
  history: RatedHistory;
  /** Contributions kept per explanation (default 10); shares are over all of them, whatever is kept. */
  top?: number;
}

/** An explanation with the count of contributions left out of `contributions` and their total share. */
export interface ItemExplanation extends Explanation {
  /** Contributions not listed (the long tail of a long history), with their summed share. */
  rest: { count: number; share: number };
  /** Share of the score not attributed to any rated item (the model's baseline for the item, e.g. popularity). */
  residualShare: number;
}

/**
 * One explanation per item for one user, computed once for the whole list so a card's reasons and the "why?" page
 * are the same numbers: a trained user gets the model's exact method (LightGCN contributions, graph-filter terms, …);
 * a folded-in user gets the exact per-rating terms of decomposable models (EASE, graph filters), else leave-one-out
 * occlusion (|history| + 1 fold-ins for the whole list). residual = score − Σ contributions, so nothing is hidden.
 */
export function explainItems(
  model: Recommender,
  items: Int32Array,
  o: ExplainItemsOptions,
): ItemExplanation[] {
  const top = o.top ?? 10;
  if (o.user !== undefined) {
    const exact = exactExplainer(model);
    if (exact) return Array.from(items, (i) => withRest(exact.explain(o.user!, i, { top: 1 << 30 }), top));
  }
  const { scores, terms, method } = foldInTerms(model, o.history, items);
  return Array.from(items, (i, q) => {
    const all: Contribution[] = [];
    let sum = 0;
    terms.forEach((t, p) => {
      sum += t[q]!;
      all.push({
        kind: 'item',
        id: o.history.items[p]!,
        label: String(o.history.items[p]!),
        weight: t[q]!,
        share: 0,
      });
    });
    const ex: Explanation = {
      model: model.kind,
      method,
      user: o.user ?? -1,
      item: i,
      score: scores[i]!,
      residual: scores[i]! - sum,
      contributions: all,
    };
    return withRest(ex, top);
  });
}

/**
 * Per-rated-item terms at the listed items (`terms[p][q]`: rated item p's part of item at[q]'s score), whose sum is
 * (up to the residual) the fold-in score.
 */
function foldInTerms(
  model: Recommender,
  h: RatedHistory,
  at: Int32Array,
): { scores: Float32Array; terms: Float32Array[]; method: string } {
  if (isDecomposable(model))
    return { ...model.foldInTerms(h.items, h.ratings, at), method: `${model.kind}-exact` };
  const { scores, terms, method } = fullTerms(model, h);
  return { scores, terms: terms.map((t) => Float32Array.from(at, (i) => t[i]!)), method };
}

/** Per-rated-item score vectors over every item (graph filters exactly, other models by occlusion). */
function fullTerms(
  model: Recommender,
  h: RatedHistory,
): { scores: Float32Array; terms: Float32Array[]; method: string } {
  if (hasLinearSignals(model)) {
    // The filter is linear in the binary history: each rated item's own filtered signal is its exact term.
    const n = model.numItems;
    const kept = Array.from(h.items).filter((_, p) => h.ratings[p]! > 0);
    const out = model.scoreSignals(kept.map((j) => ({ items: Int32Array.of(j), weights: null })));
    const terms = Array.from(h.items, (j) => {
      const r = kept.indexOf(j);
      return r < 0 ? new Float32Array(n) : out.subarray(r * n, (r + 1) * n);
    });
    return { scores: model.foldIn(h.items, h.ratings), terms, method: `${model.kind}-exact` };
  }
  const scores = model.foldIn(h.items, h.ratings);
  const terms = Array.from(h.items, (_, p) => {
    const keep = Array.from(h.items.keys()).filter((q) => q !== p);
    const without = model.foldIn(
      Int32Array.from(keep, (q) => h.items[q]!),
      Float32Array.from(keep, (q) => h.ratings[q]!),
    );
    return scores.map((s, i) => s - without[i]!);
  });
  return { scores, terms, method: 'occlusion' };
}

/** Shares over every contribution and the residual; keeps `top` and summarises the rest. */
function withRest(ex: Explanation, top: number): ItemExplanation {
  const all = rankContributions(ex.contributions, Number.MAX_SAFE_INTEGER);
  let total = Math.abs(ex.residual);
  for (const c of all) total += Math.abs(c.weight);
  for (const c of all) c.share = total > 0 ? c.weight / total : 0;
  const kept = all.slice(0, top);
  const rest = all.slice(top);
  return {
    ...ex,
    contributions: kept,
    rest: { count: rest.length, share: rest.reduce((s, c) => s + c.share, 0) },
    residualShare: total > 0 ? ex.residual / total : 0,
  };
}

/** The model's dedicated explainer for trained users, or undefined (fold-in terms are used instead). */
function exactExplainer(model: Recommender): ReturnType<typeof explainerFor> | undefined {
  try {
    const ex = explainerFor(model);
    return ex.method === 'occlusion' ? undefined : ex;
  } catch {
    return undefined;
  }
}
