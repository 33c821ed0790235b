import { solveSpd } from '../../tensor/linalg/cholesky.ts';
import { implicitSum, type SvdppParams } from './train.ts';

/** A new user's SVD++ parameters: bias, explicit factors [f] and implicit sum [f]. */
export interface FoldedUser {
  bias: number;
  p: Float32Array;
  z: Float32Array;
}

/**
 * Fits a user unseen in training from the items they rated, without retraining: z is their implicit sum over the
 * rated items (as for any training user), and (b_u, p_u) the ridge solution of r − μ − b_i − q_i·z = b_u + q_i·p_u
 * with the training penalties summed over the user's n ratings (λ_b·n, λ·n), the fixed point of per-rating SGD.
 */
export function foldInSvdpp(
  m: SvdppParams,
  items: Int32Array,
  ratings: Float32Array,
  reg: number,
  regBias: number,
): FoldedUser {
  const f = m.factors;
  const z = new Float32Array(f);
  implicitSum(m, items, 0, items.length, z);
  const n = items.length;
  const p = new Float32Array(f);
  if (n === 0) return { bias: 0, p, z };
  const d = f + 1;
  const g = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const a = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    const i = items[k];
    a[0] = 1;
    let dot = 0;
    for (let c = 0; c < f; c++) {
      a[c + 1] = m.q[i * f + c];
      dot += a[c + 1] * z[c];
    }
    const r = ratings[k] - m.mu - m.itemBias[i] - dot;
    for (let x = 0; x < d; x++) {
      rhs[x] += a[x] * r;
      for (let y = 0; y < d; y++) g[x * d + y] += a[x] * a[y];
    }
  }
  // A tiny floor keeps the system positive definite when both penalties are 0.
  g[0] += Math.max(regBias * n, 1e-6);
  for (let c = 1; c < d; c++) g[c * d + c] += Math.max(reg * n, 1e-6);
  const sol = solveSpd(g, rhs, d) ?? new Float64Array(d);
  for (let c = 0; c < f; c++) p[c] = sol[c + 1];
  return { bias: sol[0], p, z };
}
