import type { Csr } from '../../tensor/csr.ts';
import { symmetricEigen } from '../../tensor/linalg/eigh.ts';
import { gemmAdd, GEMM_BLOCK_FLOATS } from '../../tensor/linalg/gemm.ts';
import { orthonormalize, qrWork } from '../../tensor/linalg/qr.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import { csrTimesDense, csrTimesDenseF32 } from '../../tensor/linalg/sparse.ts';
import type { TruncatedSvd } from '../../tensor/linalg/rsvd.ts';
import type { Rng } from '../../util/rng.ts';

/** Columns of the sketch pushed through R̃ at a time: bounds the users-side scratch at users × this many floats. */
const CHUNK = 32;

/**
 * Top right singular vectors of a sparse R̃ (users × items) by subspace iteration on the item Gram G = R̃ᵀR̃ (Halko,
 * Martinsson & Tropp 2011, Alg. 4.4 applied to G, then Rayleigh–Ritz): Q = orth(G Ω), `powerIters` rounds of
 * Q = orth(G Q), then the eigenpairs (λ, W) of Qᵀ G Q give V = Q W and σ = √λ. Every dense block is items × (rank +
 * oversample); G is applied `CHUNK` columns at a time through R̃ and R̃ᵀ, so memory is O(items × sketch + users ×
 * CHUNK) whatever the number of users, where the users-side sketch of `randomizedSvd` needs users × sketch float64s.
 */
export function itemSideSvd(
  rn: Csr,
  rnT: Csr,
  rng: Rng,
  opts: { rank: number; oversample: number; powerIters: number },
): TruncatedSvd {
  const I = rn.cols;
  const maxRank = Math.min(rn.rows, I);
  const rank = Math.min(opts.rank, maxRank);
  const l = Math.min(rank + opts.oversample, maxRank);
  if (rank <= 0) return { rank: 0, values: new Float64Array(0), v: new Float64Array(0) };
  const omega = new Float64Array(I * l);
  for (let x = 0; x < omega.length; x++) omega[x] = rng.normal();
  const scratch = gramScratch(rn);
  // G·Q lands in one items × l block for the whole fit (orthonormalize leaves its input alone and returns a new Q).
  const z = new Float64Array(I * l);
  // Q is written into the work's two blocks in turn; the previous Q is dead once G·Q is in z.
  const work = qrWork();
  let q = orthonormalize(gramTimes(rn, rnT, omega, l, z, scratch), I, l, work).q;
  for (let it = 0; it < opts.powerIters; it++)
    q = orthonormalize(gramTimes(rn, rnT, q, l, z, scratch), I, l, work).q;
  gramTimes(rn, rnT, q, l, z, scratch);
  // T = Qᵀ G Q (l × l), symmetrised: its eigenvalues are σ² of R̃ restricted to span(Q).
  const t = new Float64Array(l * l);
  gemmAdd(q, l, z, I, l, t, true, GEMM_BLOCK_FLOATS, work.gemm);
  for (let a = 0; a < l; a++)
    for (let b = 0; b < a; b++) t[a * l + b] = t[b * l + a] = (t[a * l + b] + t[b * l + a]) / 2;
  const { values, vectors } = symmetricEigen(t, l);
  const sv = new Float64Array(rank);
  const w = new Float64Array(l * rank);
  for (let c = 0; c < rank; c++) {
    sv[c] = Math.sqrt(Math.max(values[c], 0));
    for (let p = 0; p < l; p++) w[p * rank + c] = vectors[p * l + c];
  }
  const v = new Float64Array(I * rank);
  gemmAdd(q, I, w, l, rank, v, false, GEMM_BLOCK_FLOATS, work.gemm);
  return { rank, values: sv, v };
}

/**
 * G·X = R̃ᵀ(R̃ X) for dense items × w blocks X, `CHUNK` columns at a time, into `out`. On an accelerated backend the
 * chunks stay float32 in buffers allocated once per fit (`GramScratch`): at 10⁸ interactions a fresh users × CHUNK
 * block and its float64 copies per chunk were ≈ 70 GB of new pages over a fit (31 M minor faults, 281 s of kernel
 * time). The values are those of the float64 round trips they replace (float32 → float64 → float32 is exact).
 */
function gramTimes(
  rn: Csr,
  rnT: Csr,
  x: Float64Array,
  w: number,
  out: Float64Array,
  s: GramScratch,
): Float64Array {
  const I = rn.cols;
  for (let c0 = 0; c0 < w; c0 += CHUNK) {
    const c = Math.min(CHUNK, w - c0);
    if (s.accelerated) {
      const xc = s.x.subarray(0, I * c);
      for (let j = 0; j < I; j++) for (let p = 0; p < c; p++) xc[j * c + p] = x[j * w + c0 + p];
      const mid = s.mid.subarray(0, rn.rows * c);
      const y = s.y.subarray(0, I * c);
      csrTimesDenseF32(rn, xc, c, mid);
      csrTimesDenseF32(rnT, mid, c, y);
      for (let j = 0; j < I; j++) for (let p = 0; p < c; p++) out[j * w + c0 + p] = y[j * c + p];
      continue;
    }
    const xc = new Float64Array(I * c);
    for (let j = 0; j < I; j++) for (let p = 0; p < c; p++) xc[j * c + p] = x[j * w + c0 + p];
    const y = csrTimesDense(rnT, csrTimesDense(rn, xc, c), c);
    for (let j = 0; j < I; j++) for (let p = 0; p < c; p++) out[j * w + c0 + p] = y[j * c + p];
  }
  return out;
}

/** Float32 chunk buffers of `gramTimes`, allocated once per fit (empty on the js reference backend). */
interface GramScratch {
  accelerated: boolean;
  x: Float32Array;
  mid: Float32Array;
  y: Float32Array;
}

function gramScratch(rn: Csr): GramScratch {
  const accelerated = getBackend().accelerated;
  const n = (len: number): Float32Array => new Float32Array(accelerated ? len * CHUNK : 0);
  return { accelerated, x: n(rn.cols), mid: n(rn.rows), y: n(rn.cols) };
}
