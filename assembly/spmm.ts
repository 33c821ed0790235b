// CSR sparse × dense f32 kernel. Each output row is produced by one thread with a fixed summation
// order (beta·c, then nonzeros in index order), so results do not depend on the row partition. `c` is the
// matrix scaled by beta: `out` itself to accumulate, or another one so that out = c + A·X needs no copy first.
// With a row scale s (pointer `rs` ≠ 0) a row is s_r·(A·X)_r + beta·c_r: a product D·A·X with unit-weight A costs no
// multiply and no value load per non-zero, which is what bounds this loop (LightGCN's D^-½AD^-½ factors so).

// @ts-ignore: decorator
@inline function spmmRow(
  indptr: usize, indices: usize, values: usize, x: usize, cols: i32, out: usize, c: usize, beta: f32, rs: usize, r: i32,
): void {
  const rowBytes = (<usize>cols) << 2;
  const vb = f32x4.splat(beta);
  const sr: f32 = rs == 0 ? 1 : load<f32>(rs + ((<usize>r) << 2));
  const vs = f32x4.splat(sr);
  // Without a row scale, beta·c seeds the sums (the historical order); with one it is added after scaling.
  const seed = beta != 0 && rs == 0;
  const cr = c + (<usize>r) * rowBytes;
  const p0 = load<i32>(indptr + ((<usize>r) << 2));
  const p1 = load<i32>(indptr + ((<usize>r + 1) << 2));
  const o = out + (<usize>r) * rowBytes;
  let j = 0;
  // 32 columns at a time: 8 accumulators stay in registers on x64 (16 xmm).
  for (; j + 32 <= cols; j += 32) {
    const oj = o + ((<usize>j) << 2);
    const cj = cr + ((<usize>j) << 2);
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    if (seed) {
      a0 = f32x4.mul(vb, v128.load(cj, 0)); a1 = f32x4.mul(vb, v128.load(cj, 16));
      a2 = f32x4.mul(vb, v128.load(cj, 32)); a3 = f32x4.mul(vb, v128.load(cj, 48));
      a4 = f32x4.mul(vb, v128.load(cj, 64)); a5 = f32x4.mul(vb, v128.load(cj, 80));
      a6 = f32x4.mul(vb, v128.load(cj, 96)); a7 = f32x4.mul(vb, v128.load(cj, 112));
    }
    if (values == 0) {
      for (let p = p0; p < p1; p++) {
        const xp = x + (<usize>load<i32>(indices + ((<usize>p) << 2))) * rowBytes + ((<usize>j) << 2);
        a0 = f32x4.add(a0, v128.load(xp, 0)); a1 = f32x4.add(a1, v128.load(xp, 16));
        a2 = f32x4.add(a2, v128.load(xp, 32)); a3 = f32x4.add(a3, v128.load(xp, 48));
        a4 = f32x4.add(a4, v128.load(xp, 64)); a5 = f32x4.add(a5, v128.load(xp, 80));
        a6 = f32x4.add(a6, v128.load(xp, 96)); a7 = f32x4.add(a7, v128.load(xp, 112));
      }
    } else {
      for (let p = p0; p < p1; p++) {
        const xp = x + (<usize>load<i32>(indices + ((<usize>p) << 2))) * rowBytes + ((<usize>j) << 2);
        const v = f32x4.splat(load<f32>(values + ((<usize>p) << 2)));
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(xp, 0))); a1 = f32x4.add(a1, f32x4.mul(v, v128.load(xp, 16)));
        a2 = f32x4.add(a2, f32x4.mul(v, v128.load(xp, 32))); a3 = f32x4.add(a3, f32x4.mul(v, v128.load(xp, 48)));
        a4 = f32x4.add(a4, f32x4.mul(v, v128.load(xp, 64))); a5 = f32x4.add(a5, f32x4.mul(v, v128.load(xp, 80)));
        a6 = f32x4.add(a6, f32x4.mul(v, v128.load(xp, 96))); a7 = f32x4.add(a7, f32x4.mul(v, v128.load(xp, 112)));
      }
    }
    if (rs != 0) {
      a0 = f32x4.mul(a0, vs); a1 = f32x4.mul(a1, vs); a2 = f32x4.mul(a2, vs); a3 = f32x4.mul(a3, vs);
      a4 = f32x4.mul(a4, vs); a5 = f32x4.mul(a5, vs); a6 = f32x4.mul(a6, vs); a7 = f32x4.mul(a7, vs);
      if (beta != 0) {
        a0 = f32x4.add(a0, f32x4.mul(vb, v128.load(cj, 0))); a1 = f32x4.add(a1, f32x4.mul(vb, v128.load(cj, 16)));
        a2 = f32x4.add(a2, f32x4.mul(vb, v128.load(cj, 32))); a3 = f32x4.add(a3, f32x4.mul(vb, v128.load(cj, 48)));
        a4 = f32x4.add(a4, f32x4.mul(vb, v128.load(cj, 64))); a5 = f32x4.add(a5, f32x4.mul(vb, v128.load(cj, 80)));
        a6 = f32x4.add(a6, f32x4.mul(vb, v128.load(cj, 96))); a7 = f32x4.add(a7, f32x4.mul(vb, v128.load(cj, 112)));
      }
    }
    v128.store(oj, a0, 0); v128.store(oj, a1, 16); v128.store(oj, a2, 32); v128.store(oj, a3, 48);
    v128.store(oj, a4, 64); v128.store(oj, a5, 80); v128.store(oj, a6, 96); v128.store(oj, a7, 112);
  }
  for (; j + 4 <= cols; j += 4) {
    const oj = o + ((<usize>j) << 2);
    let a = seed ? f32x4.mul(vb, v128.load(cr + ((<usize>j) << 2))) : f32x4.splat(0);
    for (let p = p0; p < p1; p++) {
      const xp = x + (<usize>load<i32>(indices + ((<usize>p) << 2))) * rowBytes + ((<usize>j) << 2);
      const v = values == 0 ? f32x4.splat(1) : f32x4.splat(load<f32>(values + ((<usize>p) << 2)));
      a = f32x4.add(a, f32x4.mul(v, v128.load(xp)));
    }
    if (rs != 0) {
      a = f32x4.mul(a, vs);
      if (beta != 0) a = f32x4.add(a, f32x4.mul(vb, v128.load(cr + ((<usize>j) << 2))));
    }
    v128.store(oj, a);
  }
  for (; j < cols; j++) {
    const oj = o + ((<usize>j) << 2);
    let a: f32 = seed ? beta * load<f32>(cr + ((<usize>j) << 2)) : 0;
    for (let p = p0; p < p1; p++) {
      const xp = x + (<usize>load<i32>(indices + ((<usize>p) << 2))) * rowBytes + ((<usize>j) << 2);
      const v: f32 = values == 0 ? 1 : load<f32>(values + ((<usize>p) << 2));
      a += v * load<f32>(xp);
    }
    if (rs != 0) {
      a *= sr;
      if (beta != 0) a += beta * load<f32>(cr + ((<usize>j) << 2));
    }
    store<f32>(oj, a);
  }
}

/**
 * out[r,:] = beta·c[r,:] + s_r·Σ_p values[p]·x[indices[p],:] for rows r in [r0, r1); values = 0 means all ones,
 * rs = 0 means s_r = 1.
 */
export function spmm_f32(
  indptr: usize, indices: usize, values: usize, x: usize, cols: i32, out: usize, c: usize, beta: f32, rs: usize, r0: i32, r1: i32,
): void {
  for (let r = r0; r < r1; r++) spmmRow(indptr, indices, values, x, cols, out, c, beta, rs, r);
}

/** As `spmm_f32` for the rows r = rows[i], i in [i0, i1) only (a mini-batch's rows of a full-graph product). */
export function spmm_rows_f32(
  indptr: usize, indices: usize, values: usize, x: usize, cols: i32, out: usize, c: usize, beta: f32, rs: usize, rows: usize, i0: i32, i1: i32,
): void {
  for (let i = i0; i < i1; i++) spmmRow(indptr, indices, values, x, cols, out, c, beta, rs, load<i32>(rows + ((<usize>i) << 2)));
}
