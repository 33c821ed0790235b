import type { ItemFilter } from './filter.ts';

/**
 * Columns of the item Gram G = R̃ᵀR̃ for the `count` items with the most training users (ties: lower index), so the
 * candidate re-rank never walks a popular item's user list per user: G[i, h] for a hot h is one lookup. On power-law
 * data those few columns are where the exact linear term spends its time (a hot item's users grow with n).
 * Memory: count × items float32 (512 × 500 k = 1 GB at 10⁸ interactions).
 */
export class HotColumns {
  /** Hot slot of each item, −1 for the others. */
  readonly slot: Int32Array;
  /** Row s holds G[·, h] of the hot item h in slot s (items floats per row). */
  readonly cols: Float32Array;
  /** Number of hot items. */
  readonly count: number;

  constructor(f: ItemFilter, count: number) {
    const I = f.numItems;
    const t = f.rnT;
    const order = Int32Array.from({ length: I }, (_, i) => i);
    const deg = (i: number): number => t.indptr[i + 1] - t.indptr[i];
    order.sort((a, b) => deg(b) - deg(a) || a - b);
    let n = Math.min(count, I);
    while (n > 0 && deg(order[n - 1]) === 0) n--;
    this.count = n;
    this.slot = new Int32Array(I).fill(-1);
    this.cols = new Float32Array(n * I);
    const acc = new Float64Array(I);
    const rn = f.rn;
    const rVal = rn.values as Float32Array;
    const tVal = t.values as Float32Array;
    for (let s = 0; s < n; s++) {
      const h = order[s];
      this.slot[h] = s;
      acc.fill(0);
      for (let q = t.indptr[h]; q < t.indptr[h + 1]; q++) {
        const v = t.indices[q];
        const w = tVal[q];
        for (let p = rn.indptr[v]; p < rn.indptr[v + 1]; p++) acc[rn.indices[p]] += w * rVal[p];
      }
      for (let i = 0; i < I; i++) this.cols[s * I + i] = acc[i];
    }
  }
}
