import type { Csr } from '../../graph/csr.ts';
import type { RecommendOptions, TopK } from '../recommender.ts';

/**
 * Top-K per row of a users × items score matrix, honouring `filterSeen` (training items from `seen`),
 * per-user `exclude` lists and `candidates`. Missing slots hold item −1 and score −Infinity.
 */
export function topK(scores: Float32Array, rows: Int32Array, numItems: number, opts: RecommendOptions, seen: Csr | null): TopK {
  const k = opts.k;
  const items = new Int32Array(rows.length * k).fill(-1);
  const out = new Float32Array(rows.length * k).fill(-Infinity);
  const allowed = opts.candidates ? new Uint8Array(numItems) : null;
  if (allowed && opts.candidates) for (const c of opts.candidates) allowed[c] = 1;
  rows.forEach((u, r) => {
    const row = scores.subarray(r * numItems, (r + 1) * numItems);
    const banned = new Set<number>();
    if ((opts.filterSeen ?? true) && seen && u < seen.rows) for (let p = seen.indptr[u]; p < seen.indptr[u + 1]; p++) banned.add(seen.indices[p]);
    for (const x of opts.exclude?.[r] ?? []) banned.add(x);
    // Insertion into a small sorted buffer: O(n·k), fine for k ≤ a few hundred.
    const bi = items.subarray(r * k, (r + 1) * k);
    const bs = out.subarray(r * k, (r + 1) * k);
    let filled = 0;
    for (let i = 0; i < numItems; i++) {
      const s = row[i];
      if (Number.isNaN(s) || s === -Infinity || banned.has(i) || (allowed && !allowed[i])) continue;
      if (filled === k && s <= bs[k - 1]) continue;
      let p = filled < k ? filled++ : k - 1;
      while (p > 0 && bs[p - 1] < s) {
        bs[p] = bs[p - 1];
        bi[p] = bi[p - 1];
        p--;
      }
      bs[p] = s;
      bi[p] = i;
    }
  });
  return { k, items, scores: out };
}
