/** Indices of the `k` highest finite scores, best first, skipping `exclude` (ties: lower index first). */
export function topKIndices(scores: Float32Array, k: number, exclude: ReadonlySet<number>): number[] {
  // A sorted insertion buffer of size k: O(n·log k)-ish in practice for k ≤ 100 and n ≈ 10⁴.
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s) || exclude.has(i)) continue;
    if (idx.length === k && s <= val[k - 1]!) continue;
    let lo = 0;
    let hi = val.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (val[mid]! >= s) lo = mid + 1;
      else hi = mid;
    }
    idx.splice(lo, 0, i);
    val.splice(lo, 0, s);
    if (idx.length > k) {
      idx.pop();
      val.pop();
    }
  }
  return idx;
}
