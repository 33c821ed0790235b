import type { TopK } from '../recommender.ts';
import { topKFiltered } from './topk.ts';

/**
 * Top-`k` items by cosine similarity of rows of a row-major `numItems × dim` item matrix, per query item (the item
 * itself excluded; zero rows count as norm 1).
 */
export function cosineSimilarItems(
  emb: Float32Array,
  numItems: number,
  dim: number,
  items: Int32Array,
  k: number,
): TopK {
  const norms = new Float32Array(numItems);
  for (let i = 0; i < numItems; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += emb[i * dim + d] ** 2;
    norms[i] = Math.sqrt(s) || 1;
  }
  const scores = new Float32Array(items.length * numItems);
  items.forEach((q, r) => {
    for (let i = 0; i < numItems; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += emb[q * dim + d] * emb[i * dim + d];
      scores[r * numItems + i] = i === q ? -Infinity : s / (norms[q] * norms[i]);
    }
  });
  return topKFiltered(scores, items, numItems, { k, filterSeen: false }, null);
}
