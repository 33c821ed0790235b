import type { Csr } from '../csr.ts';
import { csrTranspose } from '../csr.ts';
import type { Rng } from '../../util/rng.ts';
import { csrTimesDenseInto, spmmScratch } from './sparse.ts';
import { orthonormalize, gram, type QrWork } from './qr.ts';
import { symmetricEigen } from './eigh.ts';
import { gemmAdd, gemmScratch, GEMM_BLOCK_FLOATS } from './gemm.ts';

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
  // Three blocks of max(rows, cols) × l live for the whole SVD (fresh blocks per product were 13 M page faults and
  // 127 s of kernel time in a 500 k-item fit), with the spmm's and the gemm's float32 blocks. Three suffice: a
  // product's operand Q is dead once the product Y is written, so each step puts Y in a block Q is not in and lets
  // CholeskyQR's passes write into the other two (Q's included).
  const big = Math.max(a.rows, a.cols) * l;
  const pool = [new Float64Array(big), new Float64Array(big), new Float64Array(big)];
  const spmm = spmmScratch();
  const gemm = gemmScratch();
  const view = (p: Float64Array, len: number): Float64Array => (p.length === len ? p : p.subarray(0, len));
  // A block other than the one x is in (x may be a Householder fallback's own array: then any).
  const freeOf = (x: Float64Array): number => (pool[0].buffer === x.buffer ? 1 : 0);
  const step = (m: Csr, x: Float64Array): Float64Array => {
    const i = freeOf(x);
    const len = m.rows * l;
    const y = csrTimesDenseInto(m, x, l, view(pool[i], len), spmm);
    const [j, k] = [0, 1, 2].filter((b) => b !== i);
    const work: QrWork = { blocks: [view(pool[j], len), view(pool[k], len)], gemm };
    return orthonormalize(y, m.rows, l, work).q;
  };
  const omega = view(pool[0], a.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal();
  let q = step(a, omega);
  for (let it = 0; it < (opts.powerIters ?? 2); it++) q = step(a, step(at, q));
  // Bᵀ = AᵀQ (cols×l); BBᵀ = (Bᵀ)ᵀBᵀ is l×l; its eigenpairs give σ² and the left vectors of B.
  const bt = csrTimesDenseInto(at, q, l, view(pool[freeOf(q)], a.cols * l), spmm);
  const { values, vectors } = symmetricEigen(gram(bt, a.cols, l, gemm), l);
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
  if (a.cols * l * rank > 2e7) gemmAdd(bt, a.cols, w, l, rank, v, false, GEMM_BLOCK_FLOATS, gemm);
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
