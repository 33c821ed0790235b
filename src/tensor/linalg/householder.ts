/**
 * Thin Householder QR of a dense m×n matrix (m ≥ n, row-major float64): Q is m×n with orthonormal columns,
 * R is n×n upper triangular with a non-negative diagonal, and Q·R = A. O(mn²), exact to rounding; used for
 * small matrices and as the fallback when CholeskyQR meets an ill-conditioned block.
 */
export function householderQr(a: Float64Array, m: number, n: number): { q: Float64Array; r: Float64Array } {
  if (m < n) throw new RangeError(`householderQr needs m ≥ n, got ${m}×${n}`);
  const w = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const betas = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += w[i * n + j] * w[i * n + j];
    norm = Math.sqrt(norm);
    const v = new Float64Array(m - j);
    const x0 = w[j * n + j];
    const alpha = x0 >= 0 ? -norm : norm;
    for (let i = j; i < m; i++) v[i - j] = w[i * n + j];
    v[0] -= alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i] * v[i];
    const beta = vv > 0 ? 2 / vv : 0;
    betas[j] = beta;
    vs.push(v);
    if (beta === 0) continue;
    // Apply H = I − β v vᵀ to the trailing columns.
    for (let c = j; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i - j] * w[i * n + c];
      s *= beta;
      for (let i = j; i < m; i++) w[i * n + c] -= s * v[i - j];
    }
  }
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j];
  // Q = H_0 ⋯ H_{n−1} applied to the first n columns of the identity (backwards accumulation).
  const q = new Float64Array(m * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let j = n - 1; j >= 0; j--) {
    const v = vs[j];
    const beta = betas[j];
    if (beta === 0) continue;
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i - j] * q[i * n + c];
      s *= beta;
      for (let i = j; i < m; i++) q[i * n + c] -= s * v[i - j];
    }
  }
  // Make R's diagonal non-negative so the factorisation is unique.
  for (let i = 0; i < n; i++) {
    if (r[i * n + i] < 0) {
      for (let j = i; j < n; j++) r[i * n + j] = -r[i * n + j];
      for (let row = 0; row < m; row++) q[row * n + i] = -q[row * n + i];
    }
  }
  return { q, r };
}
