import type { TopK } from '../recommender.ts';
import { topKRow } from './topk.ts';

/** Writes the dot products of query item `q`'s row with every item's row into `out` (length `numItems`). */
export type RowDot = (q: number, out: Float32Array) => void;

/**
 * Top-`k` items by cosine similarity of rows of a row-major `numItems × dim` item matrix, per query item (the item
 * itself excluded; zero rows count as norm 1). One row of scores at a time, so memory stays `numItems` whatever the
 * number of queries; `dot` lets a model use its backend's scorer (default: a plain loop).
 */
export function cosineSimilarItems(
  emb: Float32Array,
  numItems: number,
  dim: number,
  items: Int32Array,
  k: number,
  dot?: RowDot,
): TopK {
  const norms = new Float32Array(numItems);
  for (let i = 0; i < numItems; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += emb[i * dim + d] ** 2;
    norms[i] = Math.sqrt(s) || 1;
  }
  const outItems = new Int32Array(items.length * k);
  const outScores = new Float32Array(items.length * k);
  const row = new Float32Array(numItems);
  for (let r = 0; r < items.length; r++) {
    const q = items[r];
    if (dot) {
      dot(q, row);
      for (let i = 0; i < numItems; i++) row[i] /= norms[q] * norms[i];
    } else
      // The plain loop divides its double-precision sum before rounding to float32 (one rounding, not two).
      for (let i = 0; i < numItems; i++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += emb[q * dim + d] * emb[i * dim + d];
        row[i] = s / (norms[q] * norms[i]);
      }
    row[q] = -Infinity;
    topKRow(row, 0, numItems, k, outItems, outScores, r * k);
  }
  return { k, items: outItems, scores: outScores };
}
