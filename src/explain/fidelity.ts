import { Rng } from '../util/rng.ts';
import type { EdgeRef, Explainer, Explanation } from './types.ts';

/** Options of `fidelity`. */
export interface FidelityOptions {
  /** Users to explain (dense indices). */
  users: Int32Array;
  /** Top-K list the explained items come from and must stay in (default 10). */
  k?: number;
  /** Explanation size: items removed (fidelity+) or kept (fidelity−) (default 5). */
  size?: number;
  /** How many of each user's top-K items to explain (default 3). */
  perUser?: number;
  /** Item degrees (training interactions per item) for the highest-degree baseline. */
  itemDegree: ArrayLike<number>;
  /**
   * Rank only items with at least this many training interactions (default 0: all items), i.e. explain a
   * popularity-floored top-K; the top-K exit fields use the same candidate set.
   */
  minItemDegree?: number;
  /** User degrees, for the highest-degree baseline over item-side edges (a rater's degree; 0 when absent). */
  userDegree?: ArrayLike<number>;
  seed?: number;
}

/**
 * Fidelity of one method and its equal-size baselines, averaged over explained (user, item) pairs. The main fields
 * are relative score drops (s_full − s_reduced) / |s_full| of the explained item (GraphFramEx's fid+ / fid− for a
 * score, as the "how much the prediction moves"); `*_topk_exit` fields are the fractions of pairs whose
 * item leaves the top-K.
 */
export interface FidelityResult {
  name: string;
  /** Mean number of items in an explanation (≤ `size` when fewer positive contributors exist). */
  size: number;
  /** Removing the explanation's items from the history: relative drop of the item's score. */
  fidelity_plus: number;
  /** Keeping only the explanation's items: relative drop of the item's score (lower is better). */
  fidelity_minus: number;
  /** fidelity+ of as many uniformly random history items. */
  random_fidelity_plus: number;
  /** fidelity+ of as many of the history's highest-degree items. */
  degree_fidelity_plus: number;
  /** Fraction of pairs whose item leaves the top-K when the explanation is removed. */
  topk_exit_plus: number;
  /** The same when only the explanation is kept. */
  topk_exit_minus: number;
  random_topk_exit_plus: number;
  degree_topk_exit_plus: number;
  /** Pairs evaluated. */
  cases: number;
  /**
   * Edge explanations only: fidelity+ of random edges drawn per side in the explanation's own split (as many of the
   * user's and of the item's edges as it names), which separates "which edges" from "which side".
   */
  side_random_fidelity_plus?: number;
}

/**
 * Whether `item` is still among the top `k` of `scores`, ranking only items outside `exclude` (the user's full
 * history stays excluded after removal so the comparison is over the same candidate set).
 */
export function inTopK(scores: Float32Array, item: number, k: number, exclude: ReadonlySet<number>): boolean {
  const s = scores[item];
  let better = 0;
  for (let i = 0; i < scores.length; i++) {
    if (i === item || exclude.has(i)) continue;
    // Ties count against the item so an all-equal score vector does not keep it "in".
    if (scores[i] >= s && ++better >= k) return false;
  }
  return true;
}

/** Top-`k` items of `scores` outside `exclude`, best first. */
export function topItems(scores: Float32Array, k: number, exclude: ReadonlySet<number>): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!exclude.has(i)) idx.push(i);
  idx.sort((a, b) => scores[b] - scores[a]);
  return idx.slice(0, k);
}

/**
 * Fidelity+ / fidelity− (Yuan et al., "Explainability in GNNs: a taxonomic survey", 2022; GraphFramEx) for top-K
 * recommendation: for each user and each of their top `perUser` items under the explainer's own history scorer,
 * remove (or keep only) the explanation's positively contributing items and measure how far the item's score drops
 * and whether it leaves the top-K; the same is done with as many random and as many highest-degree history items.
 */
export function fidelity(explainer: Explainer, opts: FidelityOptions): FidelityResult {
  const k = opts.k ?? 10;
  const size = opts.size ?? 5;
  const per = opts.perUser ?? 3;
  const rng = new Rng(opts.seed ?? 1);
  const minDeg = opts.minItemDegree ?? 0;
  const rare: number[] = [];
  for (let i = 0; i < opts.itemDegree.length; i++) if (opts.itemDegree[i] < minDeg) rare.push(i);
  const sideRng = new Rng(opts.seed ?? 1).fork(5); // its own stream: the other baselines draw as before
  let cases = 0,
    sizes = 0,
    edgeCases = 0;
  const drop = { plus: 0, minus: 0, rand: 0, deg: 0, side: 0 };
  const exit = { plus: 0, minus: 0, rand: 0, deg: 0, side: 0 };
  for (const u of opts.users) {
    const hist = explainer.history(u);
    if (hist.length <= size) continue;
    // Excluded from the ranking: the history, and items under the degree floor.
    const histSet = new Set([...hist, ...rare]);
    const full = explainer.scoreHistory(u, hist);
    for (const item of topItems(full, per, histSet)) {
      if (!inTopK(full, item, k, histSet)) continue;
      const ex = explainer.explain(u, item, { top: size });
      const pair =
        explainer.pairEdges && explainer.scoreWithout
          ? edgeRemoval(explainer, ex, size, opts)
          : itemRemoval(explainer, ex, hist, size, opts);
      if (pair.chosen.length === 0) continue;
      const m = pair.chosen.length;
      cases++;
      sizes += m;
      const s0 = full[item];
      const scale = Math.abs(s0) > 1e-12 ? Math.abs(s0) : 1;
      const measure = (key: keyof typeof drop, removed: number[]): void => {
        const s = pair.scoreWithout(removed);
        drop[key] += (s0 - s[item]) / scale;
        if (!inTopK(s, item, k, histSet)) exit[key]++;
      };
      const all = pair.candidates.map((_, c) => c);
      const chosen = new Set(pair.chosen);
      measure('plus', pair.chosen);
      measure(
        'minus',
        all.filter((c) => !chosen.has(c)),
      );
      measure('rand', randomSubset(all, m, rng));
      measure(
        'deg',
        all
          .slice()
          .sort((a, b) => pair.degree[b] - pair.degree[a] || pair.tie[a] - pair.tie[b])
          .slice(0, m),
      );
      if (pair.group) {
        const g = pair.group;
        edgeCases++;
        const groups = [...new Set(g)];
        measure(
          'side',
          groups.flatMap((x) =>
            randomSubset(
              all.filter((c) => g[c] === x),
              pair.chosen.filter((c) => g[c] === x).length,
              sideRng,
            ),
          ),
        );
      }
    }
  }
  const f = (x: number): number => (cases > 0 ? x / cases : 0);
  return {
    name: explainer.method,
    size: f(sizes),
    fidelity_plus: f(drop.plus),
    fidelity_minus: f(drop.minus),
    random_fidelity_plus: f(drop.rand),
    degree_fidelity_plus: f(drop.deg),
    topk_exit_plus: f(exit.plus),
    topk_exit_minus: f(exit.minus),
    random_topk_exit_plus: f(exit.rand),
    degree_topk_exit_plus: f(exit.deg),
    cases,
    ...(edgeCases > 0 ? { side_random_fidelity_plus: drop.side / edgeCases } : {}),
  };
}

/**
 * One explained pair as a removal problem over candidate positions: the explanation's picks, what each candidate
 * weighs for the highest-degree baseline, and the scores with a set of candidates removed.
 */
interface PairRemoval {
  /** Candidates (history items or pair edges), in a fixed order; everything else refers to their positions. */
  candidates: readonly unknown[];
  /** Positions the explanation names (positive contributions, at most `size`). */
  chosen: number[];
  /** Degree of each candidate's other end. */
  degree: number[];
  /** Tie-break of equal degrees, ascending (the item index for history items, the position for edges). */
  tie: number[];
  /** Edge candidates: 0 for user-side, 1 for item-side edges (the side-matched random baseline); absent for items. */
  group?: number[];
  scoreWithout(removed: number[]): Float32Array;
}

/** History items as candidates, removed through `scoreHistory` (every explainer). */
function itemRemoval(
  explainer: Explainer,
  ex: Explanation,
  hist: Int32Array,
  size: number,
  opts: FidelityOptions,
): PairRemoval {
  const pos = new Map(Array.from(hist, (j, p) => [j, p]));
  const picked = ex.contributions
    .filter((c) => (c.kind === 'item' || c.kind === 'edge') && c.weight > 0 && pos.has(c.id))
    .map((c) => pos.get(c.id) as number);
  return {
    candidates: Array.from(hist),
    chosen: [...new Set(picked)].slice(0, size),
    degree: Array.from(hist, (j) => opts.itemDegree[j]),
    tie: Array.from(hist),
    scoreWithout: (removed) =>
      explainer.scoreHistory(
        ex.user,
        without(
          hist,
          removed.map((p) => hist[p]),
        ),
      ),
  };
}

/**
 * Edges on both sides of the pair as candidates (`pairEdges`), removed through `scoreWithout`: a user-side edge's
 * degree is its item's, an item-side edge's its rater's.
 */
function edgeRemoval(
  explainer: Explainer,
  ex: Explanation,
  size: number,
  opts: FidelityOptions,
): PairRemoval {
  const edges = (explainer.pairEdges as (u: number, i: number) => EdgeRef[])(ex.user, ex.item);
  const key = (e: EdgeRef): string => `${e.side}:${e.node}`;
  const pos = new Map(edges.map((e, p) => [key(e), p]));
  const picked = ex.contributions
    .filter((c) => c.kind === 'edge' && c.weight > 0 && c.edge && pos.has(key(c.edge)))
    .map((c) => pos.get(key(c.edge as EdgeRef)) as number);
  const score = explainer.scoreWithout as (u: number, i: number, removed: readonly EdgeRef[]) => Float32Array;
  return {
    candidates: edges,
    chosen: [...new Set(picked)].slice(0, size),
    degree: edges.map((e) =>
      e.side === 'user' ? opts.itemDegree[e.node] : (opts.userDegree?.[e.node] ?? 0),
    ),
    tie: edges.map((_, p) => p),
    group: edges.map((e) => (e.side === 'user' ? 0 : 1)),
    scoreWithout: (removed) =>
      score.call(
        explainer,
        ex.user,
        ex.item,
        removed.map((p) => edges[p]),
      ),
  };
}

/** `hist` minus `drop`. */
export function without(hist: Int32Array, drop: readonly number[]): Int32Array {
  const d = new Set(drop);
  return hist.filter((j) => !d.has(j));
}

/** `m` distinct uniformly random entries of `hist` (partial Fisher–Yates). */
export function randomSubset(hist: ArrayLike<number>, m: number, rng: Rng): number[] {
  const a = Array.from(hist);
  for (let t = 0; t < m; t++) {
    const r = t + rng.int(a.length - t);
    [a[t], a[r]] = [a[r], a[t]];
  }
  return a.slice(0, m);
}

/** The `m` entries of `hist` with the highest degree (ties by index, for determinism). */
export function topDegree(hist: Int32Array, m: number, degree: ArrayLike<number>): number[] {
  return Array.from(hist)
    .sort((a, b) => degree[b] - degree[a] || a - b)
    .slice(0, m);
}
