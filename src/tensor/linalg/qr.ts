import { gemmAdd, gemmScratch, GEMM_BLOCK_FLOATS, type GemmScratch } from './gemm.ts';
import { cholesky, invertUpper } from './cholesky.ts';
import { householderQr } from './householder.ts';

/** Below this many multiply-adds (m·n²) the Gram and the triangular product run in float64 JS. */
const SMALL = 2e7;
/**
 * Buffers an `orthonormalize` caller keeps across calls (a fit's SVD orthonormalises an items × sketch block several
 * times): two m×n blocks the CholeskyQR passes write Q into in turn, and the gemm's float32 blocks. Without it every
 * pass allocated a fresh m×n float64 block and 128 MB float32 blocks per gemm call (new pages faulted in each time).
 * A returned Q is one of the two blocks: it stays valid until the next call with the same work.
 */
export interface QrWork {
  blocks: [Float64Array | null, Float64Array | null];
  gemm: GemmScratch;
}

/** Empty work buffers (allocated on first use at the size asked). */
export function qrWork(): QrWork {
  return { blocks: [null, null], gemm: gemmScratch() };
}

/** Gram matrix AᵀA (n×n, float64) of a dense row-major m×n matrix. */
export function gram(a: Float64Array, m: number, n: number, scratch?: GemmScratch): Float64Array {
  const g = new Float64Array(n * n);
  if (m * n * n <= SMALL) {
    for (let r = 0; r < m; r++) {
      const o = r * n;
      for (let i = 0; i < n; i++) {
        const x = a[o + i];
        if (x === 0) continue;
        for (let j = i; j < n; j++) g[i * n + j] += x * a[o + j];
      }
    }
  } else {
    // Big tall blocks: the backend gemm, AᵀA with A transposed by the backend (f32 accumulation; CholeskyQR2's
    // second pass repairs the loss).
    // (gemmAdd sends tall blocks in row blocks, converting each to float32 there.)
    gemmAdd(a, n, a, m, n, g, true, GEMM_BLOCK_FLOATS, scratch);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
  return g;
}

/** A·B for dense row-major A (m×k) and a small B (k×n), float64 out (into `into`, zeroed first, when given). */
function times(
  a: Float64Array,
  m: number,
  b: Float64Array,
  k: number,
  n: number,
  into?: Float64Array,
  scratch?: GemmScratch,
): Float64Array {
  const out = into ? into.fill(0) : new Float64Array(m * n);
  if (m * k * n > SMALL) {
    gemmAdd(a, m, b, k, n, out, false, GEMM_BLOCK_FLOATS, scratch);
    return out;
  }
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p];
      if (x === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += x * b[p * n + j];
    }
  }
  return out;
}

/** One CholeskyQR pass: Q = A·R⁻¹ with RᵀR = AᵀA (+ shift·I); null when the Gram is not positive definite. */
function choleskyPass(
  a: Float64Array,
  m: number,
  n: number,
  shift: number,
  into?: Float64Array,
  scratch?: GemmScratch,
): { q: Float64Array; r: Float64Array } | null {
  const g = gram(a, m, n, scratch);
  if (shift > 0) {
    let tr = 0;
    for (let i = 0; i < n; i++) tr += g[i * n + i];
    for (let i = 0; i < n; i++) g[i * n + i] += shift * tr;
  }
  const r = cholesky(g, n);
  if (!r) return null;
  return { q: times(a, m, invertUpper(r, n), n, n, into, scratch), r };
}

/**
 * Orthonormal basis of the columns of a tall m×n matrix (m ≥ n), with R such that Q·R ≈ A.
 *
 * CholeskyQR2 (Fukaya et al. 2014): two Gram + Cholesky passes, cheap because both steps are dense
 * products on the SIMD kernel; a shifted first pass (CholeskyQR3) handles near-singular blocks, and
 * Householder QR is the exact fallback. Used for the re-orthonormalisation steps of the randomized SVD.
 */
export function orthonormalize(
  a: Float64Array,
  m: number,
  n: number,
  work?: QrWork,
): { q: Float64Array; r: Float64Array } {
  if (m < n) throw new RangeError(`orthonormalize needs m ≥ n, got ${m}×${n}`);
  // Pass t writes Q into work block t mod 2, never the block its input Q is in (nor A: the fallback needs it).
  let turn = 0;
  const into = (): Float64Array | undefined => {
    if (!work) return undefined;
    const t = turn++ % 2;
    let b = work.blocks[t];
    if (!b || b.length !== m * n) work.blocks[t] = b = new Float64Array(m * n);
    return b;
  };
  const scratch = work?.gemm;
  let first = choleskyPass(a, m, n, 0, into(), scratch);
  let passes = 1;
  if (!first) {
    // The failed pass wrote nothing (its Gram was not positive definite): its block is free again.
    turn = 0;
    first = choleskyPass(a, m, n, 1e-5, into(), scratch);
    passes = 2;
  }
  if (!first) return householderQr(a, m, n);
  let { q, r } = first;
  for (let p = 0; p < passes; p++) {
    const next = choleskyPass(q, m, n, 0, into(), scratch);
    if (!next) return householderQr(a, m, n);
    q = next.q;
    r = times(next.r, n, r, n, n);
  }
  return { q, r };
}
