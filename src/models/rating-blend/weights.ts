import { solveSpd } from '../../tensor/linalg/cholesky.ts';

/** A linear blend r̂ = intercept + Σ_k weights[k] · r̂_k of member predictions. */
export interface BlendWeights {
  intercept: number;
  weights: number[];
}

/** The plain average of `k` members (used when there is no validation data to fit weights on). */
export function averageWeights(k: number): BlendWeights {
  return { intercept: 0, weights: Array.from({ length: k }, () => 1 / k) };
}

/**
 * Least-squares blend weights of member predictions against the true ratings (normal equations with an intercept,
 * a tiny ridge against collinear members); the average when the system is singular or there are no ratings.
 */
export function fitBlendWeights(
  preds: readonly Float32Array[],
  truth: Float32Array,
  ridge = 1e-6,
): BlendWeights {
  const k = preds.length;
  const n = truth.length;
  if (n === 0 || k === 0) return averageWeights(k);
  const d = k + 1;
  const g = new Float64Array(d * d);
  const b = new Float64Array(d);
  const a = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    a[0] = 1;
    for (let j = 0; j < k; j++) a[j + 1] = preds[j][r];
    for (let x = 0; x < d; x++) {
      b[x] += a[x] * truth[r];
      for (let y = 0; y < d; y++) g[x * d + y] += a[x] * a[y];
    }
  }
  for (let x = 1; x < d; x++) g[x * d + x] += ridge * n;
  const w = solveSpd(g, b, d);
  if (!w) return averageWeights(k);
  return { intercept: w[0], weights: Array.from(w.subarray(1)) };
}
