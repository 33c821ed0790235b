import type { ItemFilter } from './filter.ts';

/** Which walk computes G_ji: over the history items' users, over the listed item's users' items, or the cheaper. */
export type TermsSide = 'auto' | 'history' | 'target';

/** Users-sized and items-sized scratch per filter (a served model explains one list per request). */
const scratch = new WeakMap<ItemFilter, { userVal: Float64Array; pos: Int32Array }>();

/**
 * GF-CF's single-item responses e_j·F at the listed items, F = R̃ᵀR̃ + α·D_I^-b V Vᵀ D_I^b: out[p·at.length + q] is
 * history item hist[p]'s term in the score of at[q] (the per-rating reasons of a list). G_ji = Σ_u R̃_uj R̃_ui is read
 * per listed item i by whichever walk is shorter: the users of every history item against i's users scattered into a
 * users-sized array (Σ_j deg j), or i's users' items matched against the history (Σ_{u ∈ i} deg u). The ideal part is
 * a rank-k dot of V's rows. Nothing catalogue × history sized is formed: filtering one-item signals over the whole
 * catalogue (the general path) cost 0.5–3 s per list at 500 k items and a 3 000-item history needed 6 GB.
 */
export function gfTermsAt(
  f: ItemFilter,
  alpha: number,
  hist: Int32Array,
  at: Int32Array,
  side: TermsSide = 'auto',
): Float64Array {
  const { rn, rnT, itemDown, v, rank } = f;
  const U = rn.rows;
  const I = rn.cols;
  const rv = rn.values as Float32Array;
  const tv = rnT.values as Float32Array;
  let s = scratch.get(f);
  if (!s) scratch.set(f, (s = { userVal: new Float64Array(U), pos: new Int32Array(I).fill(-1) }));
  const { userVal, pos } = s;
  const H = hist.length;
  const L = at.length;
  const out = new Float64Array(H * L);
  let historyWalk = 0;
  for (let p = 0; p < H; p++) {
    const j = hist[p]!;
    historyWalk += rnT.indptr[j + 1]! - rnT.indptr[j]!;
    // A repeated history item keeps its first position (its term is computed once).
    if (pos[j] === -1) pos[j] = p;
  }
  for (let q = 0; q < L; q++) {
    const i = at[q]!;
    let targetWalk = 0;
    for (let e = rnT.indptr[i]!; e < rnT.indptr[i + 1]!; e++) {
      const u = rnT.indices[e]!;
      targetWalk += rn.indptr[u + 1]! - rn.indptr[u]!;
    }
    const viaTarget = side === 'target' || (side === 'auto' && targetWalk < historyWalk);
    if (viaTarget) {
      for (let e = rnT.indptr[i]!; e < rnT.indptr[i + 1]!; e++) {
        const u = rnT.indices[e]!;
        const w = tv[e]!;
        for (let x = rn.indptr[u]!; x < rn.indptr[u + 1]!; x++) {
          const p = pos[rn.indices[x]!]!;
          if (p >= 0) out[p * L + q]! += w * rv[x]!;
        }
      }
    } else {
      for (let e = rnT.indptr[i]!; e < rnT.indptr[i + 1]!; e++) userVal[rnT.indices[e]!] = tv[e]!;
      for (let p = 0; p < H; p++) {
        const j = hist[p]!;
        if (pos[j] !== p) continue;
        let lin = 0;
        for (let e = rnT.indptr[j]!; e < rnT.indptr[j + 1]!; e++) lin += tv[e]! * userVal[rnT.indices[e]!]!;
        out[p * L + q] = lin;
      }
      for (let e = rnT.indptr[i]!; e < rnT.indptr[i + 1]!; e++) userVal[rnT.indices[e]!] = 0;
    }
    const up = itemDown[i]! > 0 ? 1 / itemDown[i]! : 0;
    if (alpha === 0 || up === 0 || rank === 0) continue;
    for (let p = 0; p < H; p++) {
      const j = hist[p]!;
      if (pos[j] !== p) continue;
      const down = itemDown[j]! * alpha;
      if (down === 0) continue;
      let ideal = 0;
      for (let t = 0; t < rank; t++) ideal += v[j * rank + t]! * v[i * rank + t]!;
      out[p * L + q]! += ideal * down * up;
    }
  }
  for (let p = 0; p < H; p++) pos[hist[p]!] = -1;
  return out;
}
