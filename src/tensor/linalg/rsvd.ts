import type { Csr } from '../csr.ts';
import { csrTranspose } from '../csr.ts';
import type { Rng } from '../../util/rng.ts';
import { csrTimesDense } from './sparse.ts';
import { orthonormalize, gram } from './qr.ts';
import { symmetricEigen } from './eigh.ts';
import { gemmAdd } from './gemm.ts';

/** Options of `randomizedSvd`. */
export interface RsvdOptions {
  /** Number of singular triplets wanted. */
  rank: number;
  /** Extra sketch columns beyond `rank` (Halko et al. recommend 5–20; more helps slowly decaying spectra). */
  oversample?: number;
  /** Power (subspace) iterations, each re-orthonormalised (Halko et al. Alg. 4.4). */
  powerIters?: number;
  /** Transpose of A when the caller already has it (saves one pass over A). */
  transposed?: Csr;
}

/** Top singular values (descending) and right singular vectors V (cols×rank, row-major) of a sparse A. */
export interface TruncatedSvd {
  rank: number;
  values: Float64Array;
  /** Right singular vectors as columns: V[j·rank + t]. */
  v: Float64Array;
}

/**
 * Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp, SIAM Review 2011): Gaussian
 * sketch Y = AΩ drawn from the seeded `rng`, `powerIters` rounds of Z = orth(AᵀQ), Q = orth(AZ),
 * then the small problem B = QᵀA solved through the eigen-decomposition of BBᵀ.
 */
export function randomizedSvd(a: Csr, rng: Rng, opts: RsvdOptions): TruncatedSvd {
  const at = opts.transposed ?? csrTranspose(a);
  const maxRank = Math.min(a.rows, a.cols);
  const rank = Math.min(opts.rank, maxRank);
  const l = Math.min(rank + (opts.oversample ?? 16), maxRank);
  if (rank <= 0) return { rank: 0, values: new Float64Array(0), v: new Float64Array(0) };
  const omega = new Float64Array(a.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal();
  let q = orthonormalize(csrTimesDense(a, omega, l), a.rows, l).q;
  for (let it = 0; it < (opts.powerIters ?? 2); it++) {
    const z = orthonormalize(csrTimesDense(at, q, l), a.cols, l).q;
    q = orthonormalize(csrTimesDense(a, z, l), a.rows, l).q;
  }
  // Bᵀ = AᵀQ (cols×l); BBᵀ = (Bᵀ)ᵀBᵀ is l×l; its eigenpairs give σ² and the left vectors of B.
  const bt = csrTimesDense(at, q, l);
  const { values, vectors } = symmetricEigen(gram(bt, a.cols, l), l);
  const sv = new Float64Array(rank);
  // W = vectors[:, :rank]·Σ⁻¹ (l×rank), then V = Bᵀ·W (one dense product).
  const w = new Float64Array(l * rank);
  for (let t = 0; t < rank; t++) {
    const s = Math.sqrt(Math.max(values[t], 0));
    sv[t] = s;
    if (s <= 1e-12 * Math.max(Math.sqrt(Math.max(values[0], 0)), 1e-300)) continue;
    for (let p = 0; p < l; p++) w[p * rank + t] = vectors[p * l + t] / s;
  }
  const v = new Float64Array(a.cols * rank);
  if (a.cols * l * rank > 2e7) gemmAdd(bt, a.cols, w, l, rank, v);
  else {
    for (let j = 0; j < a.cols; j++) {
      for (let p = 0; p < l; p++) {
        const x = bt[j * l + p];
        for (let t = 0; t < rank; t++) v[j * rank + t] += x * w[p * rank + t];
      }
    }
  }
  return { rank, values: sv, v };
}
