import { symmetricEigen } from '../../linalg/eigh.ts';

/** Items sampled for the second-moment matrix: the basis only steers how much is screened, never the result. */
const SAMPLE = 8192;

/** Leading coordinates the first screen of `topkDot` reads for width `dim` (even, at most the padded width). */
export function headWidth(dim: number): number {
  return Math.min(2 * Math.ceil(dim / 2), 2 * Math.ceil(dim / 4));
}

/**
 * Eigenvectors of Σ i·iᵀ over (a sample of) the items, as a dim × dim float32 matrix whose columns go by descending
 * eigenvalue: rotated by it, the first few coordinates carry most of every item's energy, so head(u)·head(i)
 * approximates u·i and ‖tail(u)‖·‖tail(i)‖ bounds the rest.
 */
export function principalBasis(items: Float32Array, n: number, dim: number): Float32Array {
  const m = new Float64Array(dim * dim);
  const step = Math.max(1, Math.floor(n / SAMPLE));
  for (let i = 0; i < n; i += step) {
    for (let a = 0; a < dim; a++) {
      const xa = items[i * dim + a];
      for (let b = a; b < dim; b++) m[a * dim + b] += xa * items[i * dim + b];
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) m[a * dim + b] = m[b * dim + a];
  return Float32Array.from(symmetricEigen(m, dim).vectors);
}

/**
 * Relative error, times ‖u‖·‖i‖, of a dot product taken in the rotated coordinates as computed (float32 gemm by the
 * float32 basis) instead of the original ones: the basis's departure from orthonormality plus the rotation's rounding.
 */
export function rotationSlack(dim: number, gamma: number): number {
  return 2.01 * gamma * Math.sqrt(dim) + 2 ** -24 * (2 * Math.sqrt(dim) + 1);
}
