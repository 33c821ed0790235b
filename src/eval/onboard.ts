import type { Recommender } from '../models/recommender.ts';
import { topKRow } from '../models/shared/topk.ts';
import { RankingMetrics } from './metrics.ts';
import type { OnboardUser } from './onboard-split.ts';

/**
 * What a new user's ratings become before `foldIn`: `all` passes every rating as given; `liked` keeps only
 * the ratings at or above the user's own mean (a 2/5 is not a vote for an item), all of them when none differ.
 */
export type HistoryPolicy = 'all' | 'liked';

/** The history a model folds in under a policy (`liked`: ratings ≥ the user's mean rating). */
export function foldInHistory(
  items: Int32Array,
  ratings: Float32Array,
  policy: HistoryPolicy,
): { items: Int32Array; ratings: Float32Array } {
  if (policy === 'all' || items.length === 0) return { items, ratings };
  let mean = 0;
  for (const r of ratings) mean += r;
  mean /= ratings.length;
  const keep: number[] = [];
  // A small tolerance so that equal ratings (all 4s) count as liked despite float rounding of the mean.
  for (let p = 0; p < items.length; p++) if (ratings[p]! >= mean - 1e-6) keep.push(p);
  return {
    items: Int32Array.from(keep, (p) => items[p]!),
    ratings: Float32Array.from(keep, (p) => ratings[p]!),
  };
}

/** Options of `evaluateOnboard`. */
export interface OnboardEvalOptions {
  /** List length (default 20). */
  k?: number;
  policy?: HistoryPolicy;
  /** Training interactions per item, for the popularity rank of the lists. */
  popularity: ArrayLike<number>;
}

/**
 * 1-based popularity ranks (most interactions first, ties by lower index), for "how mainstream is a list".
 */
export function popularityRanks(popularity: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: popularity.length }, (_, i) => i).sort(
    (a, b) => popularity[b]! - popularity[a]! || a - b,
  );
  const rank = new Int32Array(popularity.length);
  order.forEach((i, r) => (rank[i] = r + 1));
  return rank;
}

/**
 * Onboarding metrics of a model over held-out users: each user's history is folded in (no retraining), every
 * item outside the history is ranked, and the top K is scored against the user's other positives.
 * Returns `recall@K`, `ndcg@K` (binary gains), `coverage@K` (share of items in any list),
 * `popularity_rank@K` (mean popularity rank of listed items; 1 = the most-rated item) and `users`.
 */
export function evaluateOnboard(
  model: Recommender,
  users: readonly OnboardUser[],
  o: OnboardEvalOptions,
): Record<string, number> {
  const k = o.k ?? 20;
  const n = model.numItems;
  const acc = new RankingMetrics([k], n);
  const ranks = popularityRanks(o.popularity);
  const top = new Int32Array(k);
  const topScores = new Float32Array(k);
  let rankSum = 0;
  let listed = 0;
  for (const u of users) {
    const h = foldInHistory(u.items, u.ratings, o.policy ?? 'all');
    const scores = model.foldIn(h.items, h.ratings);
    // Every history item is excluded, whatever its rating: the user has seen it.
    for (const i of u.items) scores[i] = -Infinity;
    topKRow(scores, 0, n, k, top, topScores, 0);
    acc.add(top, 0, u.targets);
    for (const i of top) {
      if (i < 0) continue;
      rankSum += ranks[i]!;
      listed++;
    }
  }
  const r = acc.result();
  return {
    [`recall@${k}`]: r[`recall@${k}`]!,
    [`ndcg@${k}`]: r[`ndcg@${k}`]!,
    [`coverage@${k}`]: r[`coverage@${k}`]!,
    [`popularity_rank@${k}`]: listed ? rankSum / listed : 0,
    users: acc.count,
  };
}
