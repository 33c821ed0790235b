import { itemFilter, type ItemRules, type RuleItem } from './rules.ts';

/** Candidates MMR chooses from, as a multiple of k: enough to diversify, few enough for O(k·pool) work. */
const MMR_POOL_FACTOR = 5;

/** Similarity of two items in [0, 1] (MMR's redundancy term). */
export type ItemSimilarity = (a: number, b: number) => number;

/**
 * The top `k` item indices of `scores` under `rules`, best first: items that are not finite, in `seen`, or fail
 * a filter are dropped *before* the cut, so the list is `k` long whenever `k` items qualify; with
 * `rules.diversity` = λ the list is then re-ranked by maximal marginal relevance over the best `5k` qualifying
 * items. Pure: `items[i]` describes score index `i`.
 */
export function rankWithRules(
  scores: Float32Array,
  items: readonly RuleItem[],
  k: number,
  rules: ItemRules,
  seen: ReadonlySet<number>,
  similarity: ItemSimilarity = genreSimilarity(items),
): number[] {
  const keep = itemFilter(rules);
  const pool = candidatePool(k, rules);
  const best = topQualifying(scores, pool, (i) => !seen.has(i) && keep(items[i]!));
  if (rules.diversity === undefined) return best;
  return mmr(best, scores, k, Math.min(1, Math.max(0, rules.diversity)), similarity);
}

/** Indices of the `n` highest finite scores passing `ok`, best first (ties: lower index first). */
function topQualifying(scores: Float32Array, n: number, ok: (i: number) => boolean): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) continue;
    if (idx.length === n && s <= scores[idx[n - 1]!]!) continue;
    if (!ok(i)) continue;
    let lo = 0;
    let hi = idx.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (scores[idx[mid]!]! >= s) lo = mid + 1;
      else hi = mid;
    }
    idx.splice(lo, 0, i);
    if (idx.length > n) idx.pop();
  }
  return idx;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): repeatedly picks the candidate maximising
 * λ·relevance − (1 − λ)·(its largest similarity to an item already picked), relevance min-max scaled to [0, 1]
 * over the candidates so λ weighs comparable quantities whatever the model's score scale.
 */
export function mmr(
  candidates: readonly number[],
  scores: Float32Array,
  k: number,
  lambda: number,
  similarity: ItemSimilarity,
): number[] {
  if (candidates.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of candidates) {
    lo = Math.min(lo, scores[i]!);
    hi = Math.max(hi, scores[i]!);
  }
  const span = hi - lo || 1;
  const left = [...candidates];
  const maxSim = new Float64Array(left.length);
  const out: number[] = [];
  while (out.length < k && left.length > 0) {
    let bestAt = 0;
    let bestVal = -Infinity;
    for (let c = 0; c < left.length; c++) {
      const v = lambda * ((scores[left[c]!]! - lo) / span) - (1 - lambda) * maxSim[c]!;
      if (v > bestVal) {
        bestVal = v;
        bestAt = c;
      }
    }
    const picked = left[bestAt]!;
    out.push(picked);
    left.splice(bestAt, 1);
    maxSim.copyWithin(bestAt, bestAt + 1);
    for (let c = 0; c < left.length; c++) maxSim[c] = Math.max(maxSim[c]!, similarity(picked, left[c]!));
  }
  return out;
}

/** Jaccard similarity of two items' genre sets (0 when either has none): model-free, and what users see. */
export function genreSimilarity(items: readonly RuleItem[]): ItemSimilarity {
  return (a, b) => {
    const ga = items[a]?.meta.genres ?? [];
    const gb = items[b]?.meta.genres ?? [];
    if (ga.length === 0 || gb.length === 0) return 0;
    const sb = new Set(gb);
    let both = 0;
    for (const g of ga) if (sb.has(g)) both++;
    return both / (ga.length + gb.length - both);
  };
}

/** Intra-list diversity: mean pairwise (1 − similarity) of a list, 0 for fewer than two items. */
export function intraListDiversity(list: readonly number[], similarity: ItemSimilarity): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < list.length; a++)
    for (let b = a + 1; b < list.length; b++) {
      sum += 1 - similarity(list[a]!, list[b]!);
      pairs++;
    }
  return pairs === 0 ? 0 : sum / pairs;
}

/**
 * The indices of `items` that the filtering rules leave out: what a model's own top-K (`recommend`'s `exclude`)
 * must skip so the cut happens after filtering.
 */
export function excludedByRules(items: readonly RuleItem[], rules: ItemRules): Int32Array {
  const keep = itemFilter(rules);
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) if (!keep(items[i]!)) out.push(i);
  return Int32Array.from(out);
}

/** How many candidates a model's top-K must return for `rankWithRules`-style MMR to pick `k` (k without MMR). */
export function candidatePool(k: number, rules: ItemRules): number {
  return rules.diversity === undefined ? k : k * MMR_POOL_FACTOR;
}
