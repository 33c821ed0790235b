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
    let j = j0;
    // 32 columns of the source row stay in registers while they are added into every neighbour's row.
    for (; j + 32 <= j1; j += 32) {
      const xj = xr + ((<usize>j) << 2);
      const x0 = v128.load(xj, 0), x1 = v128.load(xj, 16), x2 = v128.load(xj, 32), x3 = v128.load(xj, 48);
      const x4 = v128.load(xj, 64), x5 = v128.load(xj, 80), x6 = v128.load(xj, 96), x7 = v128.load(xj, 112);
      for (let p = p0; p < p1; p++) {
        const oj = out + (<usize>load<i32>(indices + ((<usize>p) << 2))) * rowBytes + ((<usize>j) << 2);
        const v = f32x4.splat(values == 0 ? 1 : load<f32>(values + ((<usize>p) << 2)));
        v128.store(oj, f32x4.add(v128.load(oj, 0), f32x4.mul(v, x0)), 0);
        v128.store(oj, f32x4.add(v128.load(oj, 16), f32x4.mul(v, x1)), 16);
        v128.store(oj, f32x4.add(v128.load(oj, 32), f32x4.mul(v, x2)), 32);
        v128.store(oj, f32x4.add(v128.load(oj, 48), f32x4.mul(v, x3)), 48);
        v128.store(oj, f32x4.add(v128.load(oj, 64), f32x4.mul(v, x4)), 64);
        v128.store(oj, f32x4.add(v128.load(oj, 80), f32x4.mul(v, x5)), 80);
        v128.store(oj, f32x4.add(v128.load(oj, 96), f32x4.mul(v, x6)), 96);
        v128.store(oj, f32x4.add(v128.load(oj, 112), f32x4.mul(v, x7)), 112);
      }
    }
    for (; j < j1; j += 4) {
      const w4 = min(4, j1 - j);
      for (let p = p0; p < p1; p++) {
        const oj = out + (<usize>load<i32>(indices + ((<usize>p) << 2))) * rowBytes + ((<usize>j) << 2);
        const w: f32 = values == 0 ? 1 : load<f32>(values + ((<usize>p) << 2));
        if (w4 == 4) {
          v128.store(oj, f32x4.add(v128.load(oj), f32x4.mul(f32x4.splat(w), v128.load(xr + ((<usize>j) << 2)))));
        } else {
          for (let t = 0; t < w4; t++) {
            const o = oj + ((<usize>t) << 2);
            store<f32>(o, load<f32>(o) + w * load<f32>(xr + ((<usize>(j + t)) << 2)));
          }
        }
      }
    }
  }
}
