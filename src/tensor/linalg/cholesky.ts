/**
 * Upper-triangular R with RᵀR = G for a symmetric positive-definite n×n G (row-major, float64),
 * or null when G is not numerically positive definite (callers shift or fall back to Householder).
 */
export function cholesky(g: Float64Array, n: number): Float64Array | null {
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = g[j * n + j];
    for (let p = 0; p < j; p++) d -= r[p * n + j] * r[p * n + j];
    if (!(d > 0)) return null;
    const rjj = Math.sqrt(d);
    r[j * n + j] = rjj;
    for (let i = j + 1; i < n; i++) {
      let s = g[j * n + i];
      for (let p = 0; p < j; p++) s -= r[p * n + j] * r[p * n + i];
      r[j * n + i] = s / rjj;
    }
  }
  return r;
}

/** Inverse of an upper-triangular n×n matrix (row-major), by back substitution column by column. */
export function invertUpper(r: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    inv[j * n + j] = 1 / r[j * n + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let p = i + 1; p <= j; p++) s += r[i * n + p] * inv[p * n + j];
      inv[i * n + j] = -s / r[i * n + i];
    }
  }
  return inv;
}

/** Solves G x = b for a symmetric positive-definite n×n G (row-major), or null when G is not positive definite. */
export function solveSpd(g: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const r = cholesky(g, n);
  if (!r) return null;
  // RᵀR x = b: forward substitution for Rᵀy = b, then back substitution for R x = y.
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= r[k * n + i] * y[k];
    y[i] = s / r[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= r[i * n + k] * x[k];
    x[i] = s / r[i * n + i];
  }
  return x;
}
