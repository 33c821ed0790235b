import { findItem, itemRef, type ItemMatch, type ItemRef } from './items.ts';
import type { Run } from './open.ts';
import { similarityMeaning } from './score-meaning.ts';

/** Items most similar to one item, with how the query matched. */
export interface SimilarItems {
  item: ItemRef;
  match: ItemMatch['how'];
  /** WRatio score of a fuzzy title match, else null. */
  matchScore: number | null;
  /** What the similarity scores are. */
  scoreMeaning: string;
  similar: Array<ItemRef & { rank: number; score: number }>;
}

/** The `k` items most similar to `query` (a raw id or a fuzzy title), the item itself excluded. */
export async function similarTo(run: Run, query: string, k: number): Promise<SimilarItems> {
  const match = await findItem(run, query);
  const titles = await run.titles();
  const top = run.model.similarItems(Int32Array.of(match.index), k);
  const similar: SimilarItems['similar'] = [];
  for (let r = 0; r < top.k; r++) {
    const i = top.items[r];
    if (i < 0) break;
    similar.push({ rank: r + 1, ...itemRef(run, titles, i), score: top.scores[r] });
  }
  return {
    item: itemRef(run, titles, match.index),
    match: match.how,
    matchScore: match.score ?? null,
    scoreMeaning: similarityMeaning(run.kind),
    similar,
  };
}
