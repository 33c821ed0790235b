import type { Csr } from '../../tensor/csr.ts';
import type { RecommendOptions, TopK } from '../recommender.ts';

/**
 * Partial top-K selection over score rows: a size-K min-heap per row, O(n log K) instead of a full sort.
 * Ties break towards the lower item index so rankings are deterministic across runs and backends.
 */

/** True when (sa, ia) ranks strictly before (sb, ib): higher score first, then lower index. */
function before(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa > sb || (sa === sb && ia < ib);
}

/**
 * Top-`k` of `scores[offset .. offset+n)` into `outItems/outScores[outOffset ..)`, best first.
 * Entries equal to −Infinity (excluded items) are never selected; missing slots get item −1, score −Infinity.
 */
export function topKRow(
  scores: Float32Array,
  offset: number,
  n: number,
  k: number,
  outItems: Int32Array,
  outScores: Float32Array,
  outOffset: number,
  candidates?: Int32Array,
): void {
  const hs = new Float64Array(k);
  const hi = new Int32Array(k);
  let size = 0;
  const m = candidates ? candidates.length : n;
  for (let c = 0; c < m; c++) {
    const j = candidates ? candidates[c] : c;
    const s = scores[offset + j];
    if (s === -Infinity || s !== s) continue;
    if (size < k) {
      // Sift up: the heap root is the worst kept entry.
      let p = size++;
      while (p > 0) {
        const q = (p - 1) >> 1;
        if (!before(hs[q], hi[q], s, j)) break;
        hs[p] = hs[q];
        hi[p] = hi[q];
        p = q;
      }
      hs[p] = s;
      hi[p] = j;
    } else if (before(s, j, hs[0], hi[0])) {
      siftDown(hs, hi, size, s, j);
    }
  }
  // Pop the heap from worst to best into the output, filling from the back.
  for (let r = k - 1; r >= size; r--) {
    outItems[outOffset + r] = -1;
    outScores[outOffset + r] = -Infinity;
  }
  for (let r = size - 1; r >= 0; r--) {
    outItems[outOffset + r] = hi[0];
    outScores[outOffset + r] = hs[0];
    const ls = hs[r];
    const li = hi[r];
    if (r > 0) siftDown(hs, hi, r, ls, li);
  }
}

function siftDown(hs: Float64Array, hi: Int32Array, size: number, s: number, j: number): void {
  let p = 0;
  for (;;) {
    const l = 2 * p + 1;
    if (l >= size) break;
    const r = l + 1;
    // Child that ranks worst (the one that should be nearer the root).
    const w = r < size && before(hs[l], hi[l], hs[r], hi[r]) ? r : l;
    if (!before(s, j, hs[w], hi[w])) break;
    hs[p] = hs[w];
    hi[p] = hi[w];
    p = w;
  }
  hs[p] = s;
  hi[p] = j;
}

/** Top-`k` of every row of a row-major `rows × n` score matrix. */
export function topKRows(
  scores: Float32Array,
  rows: number,
  n: number,
  k: number,
  candidates?: Int32Array,
): { items: Int32Array; scores: Float32Array } {
  const items = new Int32Array(rows * k);
  const out = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) topKRow(scores, r * n, n, k, items, out, r * k, candidates);
  return { items, scores: out };
}

/**
 * Top-K per row of a `rows.length × numItems` score matrix with `opts` applied: the training items of row `rows[r]`
 * in `seen` (unless `filterSeen` is false), the per-row `exclude` lists and the `candidates` restriction.
 */
export function topKFiltered(
  scores: Float32Array,
  rows: Int32Array,
  numItems: number,
  opts: RecommendOptions,
  seen: Csr | null,
): TopK {
  const k = opts.k;
  const items = new Int32Array(rows.length * k);
  const out = new Float32Array(rows.length * k);
  for (let r = 0; r < rows.length; r++) {
    const u = rows[r];
    const off = r * numItems;
    // Excluded entries become −∞ in a copy of the row, so the caller's scores stay as they were.
    const row = scores.slice(off, off + numItems);
    if ((opts.filterSeen ?? true) && seen && u < seen.rows)
      for (let p = seen.indptr[u]; p < seen.indptr[u + 1]; p++) row[seen.indices[p]] = -Infinity;
    for (const x of opts.exclude?.[r] ?? []) if (x >= 0 && x < numItems) row[x] = -Infinity;
    topKRow(row, 0, numItems, k, items, out, r * k, opts.candidates);
  }
  return { k, items, scores: out };
}
