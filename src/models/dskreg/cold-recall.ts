import type { Csr } from '../../tensor/csr.ts';
import type { Recommender } from '../recommender.ts';
import { topKRow } from '../shared/topk.ts';

/** Items with at most `maxCount` training interactions (1 = in the set). */
export function rareItems(numItems: number, trainItems: Int32Array, maxCount: number): Uint8Array {
  const count = new Int32Array(numItems);
  for (const i of trainItems) count[i]++;
  return Uint8Array.from(count, (c) => (c <= maxCount ? 1 : 0));
}

/**
 * Recall@K restricted to held-out items in `items` (e.g. items with ≤ 5 training interactions): full ranking over all
 * items with `exclude` removed, as `evaluateRanking`; per user with ≥ 1 such test item, hits among them / their count,
 * averaged over those users. Also returns how many users and test items it covered.
 */
export function restrictedRecall(
  model: Recommender,
  truth: Csr,
  exclude: readonly Csr[],
  items: Uint8Array,
  k: number,
): { recall: number; users: number; testItems: number } {
  const n = model.numItems;
  const users: number[] = [];
  let testItems = 0;
  for (let u = 0; u < truth.rows; u++) {
    let c = 0;
    for (let p = truth.indptr[u]; p < truth.indptr[u + 1]; p++) c += items[truth.indices[p]];
    if (c > 0) users.push(u);
    testItems += c;
  }
  const block = Math.max(1, Math.min(512, Math.floor(8_000_000 / Math.max(1, n))));
  const top = new Int32Array(k);
  const topScores = new Float32Array(k);
  let sum = 0;
  for (let s = 0; s < users.length; s += block) {
    const batch = Int32Array.from(users.slice(s, s + block));
    const scores = model.scoreUsers(batch);
    for (let b = 0; b < batch.length; b++) {
      const u = batch[b];
      const off = b * n;
      for (const ex of exclude)
        for (let p = ex.indptr[u]; p < ex.indptr[u + 1]; p++) scores[off + ex.indices[p]] = -Infinity;
      topKRow(scores, off, n, k, top, topScores, 0);
      const hitSet = new Set(top);
      let hits = 0;
      let c = 0;
      for (let p = truth.indptr[u]; p < truth.indptr[u + 1]; p++) {
        const i = truth.indices[p];
        if (!items[i]) continue;
        c++;
        if (hitSet.has(i)) hits++;
      }
      sum += hits / c;
    }
  }
  return { recall: users.length > 0 ? sum / users.length : 0, users: users.length, testItems };
}
