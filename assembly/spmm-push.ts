// Transposed sparse × dense product pushed from a few rows: a mini-batch gradient is non-zero only at the batch's
// rows, so Aᵀ·G costs the batch's non-zeros instead of the whole matrix's.

/**
 * out[c,:] += Σ_{r in rows} A[r,c]·x[r,:] (Aᵀ·X using only the listed rows of A and X), for the columns
 * [4·q0, 4·q1) of the embedding: threads split the embedding columns, so no two write the same float and each
 * element sums in the order of `rows`.
 */
export function spmm_t_push_f32(
  indptr: usize, indices: usize, values: usize, x: usize, cols: i32, out: usize, rows: usize, nrows: i32, q0: i32, q1: i32,
): void {
  const rowBytes = (<usize>cols) << 2;
  const j0 = q0 << 2;
  const j1 = min(q1 << 2, cols);
  for (let i = 0; i < nrows; i++) {
    const r = load<i32>(rows + ((<usize>i) << 2));
    const p0 = load<i32>(indptr + ((<usize>r) << 2));
    const p1 = load<i32>(indptr + ((<usize>r + 1) << 2));
    const xr = x + (<usize>r) * rowBytes;
    for (let p = p0; p < p1; p++) {
      const o = out + (<usize>load<i32>(indices + ((<usize>p) << 2))) * rowBytes;
      const w: f32 = values == 0 ? 1 : load<f32>(values + ((<usize>p) << 2));
      const v = f32x4.splat(w);
      let j = j0;
      for (; j + 4 <= j1; j += 4) {
        const oj = o + ((<usize>j) << 2);
        v128.store(oj, f32x4.add(v128.load(oj), f32x4.mul(v, v128.load(xr + ((<usize>j) << 2)))));
      }
      for (; j < j1; j++) {
        const oj = o + ((<usize>j) << 2);
        store<f32>(oj, load<f32>(oj) + w * load<f32>(xr + ((<usize>j) << 2)));
      }
    }
  }
}
