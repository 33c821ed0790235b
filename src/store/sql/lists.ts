import type { RecommendationLists, RecommendationRow } from '../store.ts';

/** Whether a write's input is columnar lists rather than rows. */
export function isLists(x: readonly RecommendationRow[] | RecommendationLists): x is RecommendationLists {
  return !Array.isArray(x);
}

/** Users with at least one listed item. */
export function listedUsers(l: RecommendationLists): Set<string> {
  const out = new Set<string>();
  for (let r = 0; r < l.userIds.length; r++) if (l.items[r * l.k]! >= 0) out.add(l.userIds[r]!);
  return out;
}

/** Distinct listed items. */
export function listedItems(l: RecommendationLists): Set<string> {
  const seen = new Uint8Array(l.itemIds.length);
  const out = new Set<string>();
  for (const i of l.items) {
    if (i < 0 || seen[i]) continue;
    seen[i] = 1;
    out.add(l.itemIds[i]!);
  }
  return out;
}

/** Number of listed (non-empty) slots. */
export function listedRows(l: RecommendationLists): number {
  let n = 0;
  for (const i of l.items) if (i >= 0) n++;
  return n;
}

/** Row objects of columnar lists (the batched INSERT of an embedded store, or a store without columnar writes). */
export function listRows(l: RecommendationLists): RecommendationRow[] {
  const rows: RecommendationRow[] = [];
  for (let r = 0; r < l.userIds.length; r++)
    for (let p = 0; p < l.k; p++) {
      const i = l.items[r * l.k + p]!;
      if (i >= 0)
        rows.push({
          userId: l.userIds[r]!,
          itemId: l.itemIds[i]!,
          score: l.scores[r * l.k + p]!,
          rank: p + 1,
        });
    }
  return rows;
}
