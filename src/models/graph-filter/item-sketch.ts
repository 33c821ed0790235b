import type { Csr } from '../../tensor/csr.ts';
import { symmetricEigen } from '../../tensor/linalg/eigh.ts';
import { gemmAdd, GEMM_BLOCK_FLOATS, type GemmScratch } from '../../tensor/linalg/gemm.ts';
import { orthonormalize, qrWork } from '../../tensor/linalg/qr.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import { csrColumnPanels, csrTimesDense, panelsTimesDenseF32 } from '../../tensor/linalg/sparse.ts';
import type { TruncatedSvd } from '../../tensor/linalg/rsvd.ts';
import type { Rng } from '../../util/rng.ts';

/** Columns of the sketch pushed through R̃ at a time: bounds the users-side scratch at users × this many floats. */
const CHUNK = 32;

/**
 * Bytes of the dense operand one sparse product reads rows of at random: R̃ and R̃ᵀ are cut into column panels so
 * that each panel's rows of X (items × CHUNK) or of R̃X (users × CHUNK) fit this. Measured at 10⁷ interactions
 * (users × CHUNK = 25.6 MB): R̃ᵀ·(R̃X) 0.23 CPU-s whole, 0.15 / 0.12 / 0.09–0.11 / 0.11 in 2 / 3 / 4 / 6 panels; R̃X
 * with X = 6.4 MB gained nothing from panels, so an operand up to 8 MB stays whole (no panel copies).
 */
const PANEL_BYTES = 8 << 20;

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
  // G·Q lands in one items × l block for the whole fit; Ω is drawn into it too (`gramTimes` reads a chunk of its
  // input's columns before writing the same columns of its output, so G·Ω may overwrite Ω).
  const z = new Float64Array(I * l);
  for (let x = 0; x < z.length; x++) z[x] = rng.normal();
  const scratch = gramScratch(rn, rnT);
  try {
    // Q is written into the work's two blocks in turn; the previous Q is dead once G·Q is in z.
    const work = qrWork();
    let q = orthonormalize(gramTimes(rn, rnT, z, l, z, scratch), I, l, work).q;
    for (let it = 0; it < opts.powerIters; it++)
      q = orthonormalize(gramTimes(rn, rnT, q, l, z, scratch), I, l, work).q;
    gramTimes(rn, rnT, q, l, z, scratch);
    return rayleighRitz(q, z, I, l, rank, work.gemm);
  } finally {
    scratch.release();
  }
}

/** V = Q W and σ = √λ from the eigenpairs (λ, W) of Qᵀ G Q, with Z = G Q (items × l; V is written over Z). */
function rayleighRitz(
  q: Float64Array,
  z: Float64Array,
  I: number,
  l: number,
  rank: number,
  gemm: GemmScratch,
): TruncatedSvd {
  // T = Qᵀ G Q (l × l), symmetrised: its eigenvalues are σ² of R̃ restricted to span(Q).
  const t = new Float64Array(l * l);
  gemmAdd(q, l, z, I, l, t, true, GEMM_BLOCK_FLOATS, gemm);
  for (let a = 0; a < l; a++)
    for (let b = 0; b < a; b++) t[a * l + b] = t[b * l + a] = (t[a * l + b] + t[b * l + a]) / 2;
  const { values, vectors } = symmetricEigen(t, l);
  const sv = new Float64Array(rank);
  const w = new Float64Array(l * rank);
  for (let c = 0; c < rank; c++) {
    sv[c] = Math.sqrt(Math.max(values[c], 0));
    for (let p = 0; p < l; p++) w[p * rank + c] = vectors[p * l + c];
  }
  // V (items × rank) goes into Z's storage (items × l ≥ rank): Z is dead once T is formed, and a fresh block here
  // lived beside Z and both Q blocks, the fit's densest moment (≈ 6.6 GB of dense blocks at 10⁸).
  const v = z.subarray(0, I * rank).fill(0);
  gemmAdd(q, I, w, l, rank, v, false, GEMM_BLOCK_FLOATS, gemm);
  return { rank, values: sv, v };
}

/**
 * G·X = R̃ᵀ(R̃ X) for dense items × w blocks X, `CHUNK` columns at a time, into `out` (which may be X itself: each
 * chunk's columns of X are copied out before the same columns of `out` are written). On an accelerated backend the
 * chunks stay float32 in blocks of the backend's own memory allocated once per fit (`GramScratch`), and R̃, R̃ᵀ go
 * through their column panels: at 10⁸ interactions a fresh users × CHUNK block and its float64 copies per chunk were
 * ≈ 70 GB of new pages over a fit (31 M minor faults, 281 s of kernel time), and blocks outside the backend's memory
 * are copied in and out by every product. The values are those of the float64 round trips they replace (float32 →
 * float64 → float32 is exact; the panels sum each row in the same order).
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
      panelsTimesDenseF32(s.rnPanels, xc, c, mid);
      panelsTimesDenseF32(s.rnTPanels, mid, c, y);
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

/** Float32 chunk blocks and column panels of `gramTimes`, made once per fit (empty on the js reference backend). */
interface GramScratch {
  accelerated: boolean;
  x: Float32Array;
  mid: Float32Array;
  y: Float32Array;
  /** R̃ in item panels (each panel's rows of X ≤ `PANEL_BYTES`). */
  rnPanels: Csr[];
  /** R̃ᵀ in user panels (each panel's rows of R̃X ≤ `PANEL_BYTES`). */
  rnTPanels: Csr[];
  /** Returns the blocks to the backend. */
  release(): void;
}

function gramScratch(rn: Csr, rnT: Csr): GramScratch {
  const be = getBackend();
  if (!be.accelerated) {
    const none = new Float32Array(0);
    return { accelerated: false, x: none, mid: none, y: none, rnPanels: [], rnTPanels: [], release() {} };
  }
  const blocks = [rn.cols, rn.rows, rn.cols].map((rows) => be.allocF32(rows * CHUNK, false));
  const panels = (a: Csr): Csr[] => csrColumnPanels(a, Math.ceil((a.cols * CHUNK * 4) / PANEL_BYTES));
  return {
    accelerated: true,
    x: blocks[0],
    mid: blocks[1],
    y: blocks[2],
    rnPanels: panels(rn),
    rnTPanels: panels(rnT),
    release: () => blocks.forEach((b) => be.free(b)),
  };
}
