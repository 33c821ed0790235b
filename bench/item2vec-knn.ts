// ItemKNN cosine baseline for the item2vec benchmark: sim(a,b) = |U_a ∩ U_b| / √(|U_a|·|U_b|) on a binary user–item matrix.
import { topKRow } from '../src/models/shared/topk.ts';
import type { Csr } from '../src/tensor/csr.ts';

/** Binary user×item matrix and its transpose, as the baseline uses them. */
export interface KnnIndex {
  byUser: Csr;
  byItem: Csr;
  /** 1/√|U_i| (0 for items nobody has). */
  invNorm: Float64Array;
}

/** Builds the index from a user×item CSR (values ignored). */
export function knnIndex(byUser: Csr, byItem: Csr): KnnIndex {
  const invNorm = new Float64Array(byItem.rows);
  for (let i = 0; i < byItem.rows; i++) {
    const f = byItem.indptr[i + 1] - byItem.indptr[i];
    invNorm[i] = f > 0 ? 1 / Math.sqrt(f) : 0;
  }
  return { byUser, byItem, invNorm };
}

/** Top-k cosine neighbours of item `a` (itself excluded); −1 pads. */
export function knnSimilar(ix: KnnIndex, a: number, k: number): Int32Array {
  const n = ix.byItem.rows;
  const co = new Float32Array(n);
  for (let p = ix.byItem.indptr[a]; p < ix.byItem.indptr[a + 1]; p++) {
    const u = ix.byItem.indices[p];
    for (let q = ix.byUser.indptr[u]; q < ix.byUser.indptr[u + 1]; q++) co[ix.byUser.indices[q]]++;
  }
  for (let i = 0; i < n; i++) co[i] = co[i] > 0 ? co[i] * ix.invNorm[a] * ix.invNorm[i] : -Infinity;
  co[a] = -Infinity;
  const out = new Int32Array(k);
  topKRow(co, 0, n, k, out, new Float32Array(k), 0);
  return out;
}

/** User scores Σ_{j ∈ profile} cos(i, j) for every item i, written into `out[offset..]`. */
export function knnScoreProfile(
  ix: KnnIndex,
  profile: ArrayLike<number>,
  out: Float32Array,
  offset: number,
): void {
  const n = ix.byItem.rows;
  const acc = new Float64Array(n);
  for (let k = 0; k < profile.length; k++) {
    const j = profile[k];
    const wj = ix.invNorm[j];
    for (let p = ix.byItem.indptr[j]; p < ix.byItem.indptr[j + 1]; p++) {
      const v = ix.byItem.indices[p];
      for (let q = ix.byUser.indptr[v]; q < ix.byUser.indptr[v + 1]; q++) acc[ix.byUser.indices[q]] += wj;
    }
  }
  for (let i = 0; i < n; i++) out[offset + i] = acc[i] * ix.invNorm[i];
}
