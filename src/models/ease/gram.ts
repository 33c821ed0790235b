/**
 * In-place inverse of a symmetric positive-definite n×n matrix (row-major, float64) by Gauss–Jordan
 * elimination without pivoting (stable for SPD), rows contiguous in the inner loop: n³ multiply-adds.
 */
export function invertSpdInPlace(a: Float64Array, n: number): void {
  for (let p = 0; p < n; p++) {
    const po = p * n;
    const piv = a[po + p]!;
    if (!(piv > 0)) throw new RangeError(`ease: Gram matrix is not positive definite at column ${p}`);
    const inv = 1 / piv;
    for (let j = 0; j < n; j++) a[po + j]! *= inv;
    a[po + p] = inv;
    for (let i = 0; i < n; i++) {
      if (i === p) continue;
      const io = i * n;
      const f = a[io + p]!;
      if (f === 0) continue;
      a[io + p] = 0;
      for (let j = 0; j < n; j++) a[io + j]! -= f * a[po + j]!;
    }
  }
}

/**
 * EASE weights (Steck 2019) over `m` items from the binary user rows `rows` (item positions 0..m−1):
 * P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag P), so B_jj = 0. Returned row-major as float32 (B[j, i]: j → i).
 */
export function easeWeights(rows: readonly Int32Array[], m: number, lambda: number): Float32Array {
  const g = new Float64Array(m * m);
  for (const r of rows)
    for (let a = 0; a < r.length; a++) {
      const ao = r[a]! * m;
      for (let b = 0; b < r.length; b++) g[ao + r[b]!]! += 1;
    }
  for (let j = 0; j < m; j++) g[j * m + j]! += lambda;
  invertSpdInPlace(g, m);
  const b = new Float32Array(m * m);
  for (let j = 0; j < m; j++) {
    // B = −P / diag(P) column-wise: B[j, i] = −P[j, i] / P[i, i], and 0 on the diagonal.
    for (let i = 0; i < m; i++) b[j * m + i] = i === j ? 0 : -g[j * m + i]! / g[i * m + i]!;
  }
  return b;
}
