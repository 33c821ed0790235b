import type { ItemFilter } from '../graph-filter/filter.ts';
import { gfTermsAt } from '../graph-filter/terms-at.ts';
import type { DualEase } from './dual.ts';

/**
 * One history item's single-item score vector read at a few listed items, and that vector's mean over every item:
 * what an exact per-rating explanation needs (the term at the listed item, and the mean that standardising the
 * blend subtracts), without forming the vector over the whole catalogue.
 */
export interface RowsAt {
  /** values[p·at.length + q]: history item p's single-item score at listed item q. */
  values: Float64Array;
  /** means[p]: the mean of history item p's single-item score vector over every item. */
  means: Float64Array;
}

/**
 * EASE's dual rows B[j, ·] at the listed items. A single-item history j scores item i ≠ j as z_i / (1 − q_i) with
 * z_i = x_iᵀ K x_j (x_i: item i's training users), and j itself as (z_j − 1)·scale_j + 1 (`DualEase.score`); so
 * each listed item costs one K·x_i and each history item one sparse dot per listed item. The row sum over every
 * item is (K s)·x_j + 1 − scale_j with s_u = Σ_{i ∈ u} scale_i.
 */
export function dualRowsAt(d: DualEase, hist: Int32Array, at: Int32Array): RowsAt {
  const n = d.x.rows;
  const numItems = d.scale.length;
  const { k, scale, xt, x } = d;
  // K x_i per listed item (K is symmetric, so rows of K serve as columns).
  const kx = at.length ? new Float64Array(at.length * n) : new Float64Array(0);
  at.forEach((i, q) => {
    const o = q * n;
    for (let p = xt.indptr[i]!; p < xt.indptr[i + 1]!; p++) {
      const ro = xt.indices[p]! * n;
      for (let c = 0; c < n; c++) kx[o + c]! += k[ro + c]!;
    }
  });
  const s = new Float64Array(n);
  for (let r = 0; r < n; r++)
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) s[r]! += scale[x.indices[p]!]!;
  const ks = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const sr = s[r]!;
    if (sr === 0) continue;
    const ro = r * n;
    for (let c = 0; c < n; c++) ks[c]! += sr * k[ro + c]!;
  }
  const values = new Float64Array(hist.length * at.length);
  const means = new Float64Array(hist.length);
  hist.forEach((j, p) => {
    let sum = 1 - scale[j]!;
    for (let e = xt.indptr[j]!; e < xt.indptr[j + 1]!; e++) sum += ks[xt.indices[e]!]!;
    means[p] = sum / numItems;
    at.forEach((i, q) => {
      let z = 0;
      const o = q * n;
      for (let e = xt.indptr[j]!; e < xt.indptr[j + 1]!; e++) z += kx[o + xt.indices[e]!]!;
      values[p * at.length + q] = i === j ? (z - 1) * scale[j]! + 1 : z * scale[i]!;
    });
  });
  return { values, means };
}

/**
 * GF-CF's single-item responses e_j·F at the listed items, F = R̃ᵀR̃ + α·D_I^-b V Vᵀ D_I^b (`ItemFilter`; no BSPM
 * sharpening): the values are graph-filter's own `gfTermsAt`; the row sum over every item uses R̃'s user sums and
 * Σ_i V_i·up_i.
 */
export function filterRowsAt(f: ItemFilter, alpha: number, hist: Int32Array, at: Int32Array): RowsAt {
  const { rn, rnT, itemDown, v, rank } = f;
  const U = rn.rows;
  const I = rn.cols;
  const rv = rn.values as Float32Array;
  const tv = rnT.values as Float32Array;
  const userSum = new Float64Array(U);
  for (let u = 0; u < U; u++) for (let p = rn.indptr[u]!; p < rn.indptr[u + 1]!; p++) userSum[u]! += rv[p]!;
  const vUp = new Float64Array(rank);
  if (alpha !== 0)
    for (let i = 0; i < I; i++) {
      const w = itemDown[i]! > 0 ? 1 / itemDown[i]! : 0;
      if (w !== 0) for (let t = 0; t < rank; t++) vUp[t]! += v[i * rank + t]! * w;
    }
  const means = new Float64Array(hist.length);
  hist.forEach((j, p) => {
    let sum = 0;
    for (let e = rnT.indptr[j]!; e < rnT.indptr[j + 1]!; e++) sum += tv[e]! * userSum[rnT.indices[e]!]!;
    const down = itemDown[j]! * alpha;
    if (down !== 0) for (let t = 0; t < rank; t++) sum += down * v[j * rank + t]! * vUp[t]!;
    means[p] = sum / I;
  });
  return { values: gfTermsAt(f, alpha, hist, at), means };
}
