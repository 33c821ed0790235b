// Dense f32 GEMM on a packed right operand. B is packed into 8-column panels (panel q holds, for each
// p, the 8 values B[p, 8q..8q+7], zero-padded), so the micro-kernel reads it contiguously whatever
// the original layout or transpose. Every C element is computed as acc = Σ_p a·b in p order (f32)
// then C += alpha·acc, by every path, so the row partition never changes the result.

/** Packs op(B) (k×n; B stored n×k when transB) into 8-column panels q in [q0, q1) at dst. */
export function pack_b_f32(b: usize, transB: i32, k: i32, n: i32, dst: usize, q0: i32, q1: i32): void {
  for (let q = q0; q < q1; q++) {
    const base = dst + (<usize>q) * (<usize>k) * 32;
    const j0 = q * 8;
    for (let p = 0; p < k; p++) {
      const d = base + (<usize>p) * 32;
      for (let t = 0; t < 8; t++) {
        const j = j0 + t;
        let v: f32 = 0;
        if (j < n) v = transB ? load<f32>(b + (((<usize>j) * (<usize>k) + <usize>p) << 2)) : load<f32>(b + (((<usize>p) * (<usize>n) + <usize>j) << 2));
        store<f32>(d + ((<usize>t) << 2), v);
      }
    }
  }
}

/** dst[c, r] = src[r, c] for rows r in [r0, r1) of a rows×cols source. */
export function transpose_f32(src: usize, rows: i32, cols: i32, dst: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(dst + (((<usize>c) * (<usize>rows) + <usize>r) << 2), load<f32>(src + (((<usize>r) * (<usize>cols) + <usize>c) << 2)));
    }
  }
}

// @ts-ignore: decorator
@inline function addTile(c: usize, acc: v128, alpha: v128, valid: i32): void {
  const r = f32x4.mul(alpha, acc);
  if (valid >= 4) {
    v128.store(c, f32x4.add(v128.load(c), r));
    return;
  }
  if (valid > 0) store<f32>(c, load<f32>(c) + f32x4.extract_lane(r, 0));
  if (valid > 1) store<f32>(c, load<f32>(c, 4) + f32x4.extract_lane(r, 1), 4);
  if (valid > 2) store<f32>(c, load<f32>(c, 8) + f32x4.extract_lane(r, 2), 8);
}

/**
 * C[i, :] = beta·C[i, :] + alpha·A[i, :]·op(B) for rows i in [i0, i1); A is m×k row-major, bp the
 * packed B (see pack_b_f32), C is m×n row-major.
 */
export function gemm_packed_f32(
  n: i32, k: i32, a: usize, bp: usize, c: usize, alpha: f32, beta: f32, i0: i32, i1: i32,
): void {
  const rowC = (<usize>n) << 2;
  const rowA = (<usize>k) << 2;
  for (let i = i0; i < i1; i++) {
    const ci = c + (<usize>i) * rowC;
    if (beta == 0) memory.fill(ci, 0, rowC);
    else if (beta != 1) for (let j = 0; j < n; j++) store<f32>(ci + ((<usize>j) << 2), beta * load<f32>(ci + ((<usize>j) << 2)));
  }
  const va = f32x4.splat(alpha);
  const panels = (n + 7) >> 3;
  const panelBytes = (<usize>k) * 32;
  // Column blocks of 32 panels (256 columns) keep the active part of packed B in L2.
  for (let qb = 0; qb < panels; qb += 32) {
    const qe = min(panels, qb + 32);
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      const a0 = a + (<usize>i) * rowA;
      const a1 = a0 + rowA, a2 = a1 + rowA, a3 = a2 + rowA;
      for (let q = qb; q < qe; q++) {
        const bq = bp + (<usize>q) * panelBytes;
        let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (let p = 0; p < k; p++) {
          const b = bq + (<usize>p) * 32;
          const b0 = v128.load(b, 0), b1 = v128.load(b, 16);
          const off = (<usize>p) << 2;
          const x0 = f32x4.splat(load<f32>(a0 + off));
          const x1 = f32x4.splat(load<f32>(a1 + off));
          const x2 = f32x4.splat(load<f32>(a2 + off));
          const x3 = f32x4.splat(load<f32>(a3 + off));
          c00 = f32x4.add(c00, f32x4.mul(x0, b0)); c01 = f32x4.add(c01, f32x4.mul(x0, b1));
          c10 = f32x4.add(c10, f32x4.mul(x1, b0)); c11 = f32x4.add(c11, f32x4.mul(x1, b1));
          c20 = f32x4.add(c20, f32x4.mul(x2, b0)); c21 = f32x4.add(c21, f32x4.mul(x2, b1));
          c30 = f32x4.add(c30, f32x4.mul(x3, b0)); c31 = f32x4.add(c31, f32x4.mul(x3, b1));
        }
        const j = q * 8;
        const v0 = min(4, n - j), v1 = min(4, n - j - 4);
        const cj = c + (<usize>i) * rowC + ((<usize>j) << 2);
        addTile(cj, c00, va, v0); addTile(cj + 16, c01, va, v1);
        addTile(cj + rowC, c10, va, v0); addTile(cj + rowC + 16, c11, va, v1);
        addTile(cj + 2 * rowC, c20, va, v0); addTile(cj + 2 * rowC + 16, c21, va, v1);
        addTile(cj + 3 * rowC, c30, va, v0); addTile(cj + 3 * rowC + 16, c31, va, v1);
      }
    }
    for (; i < i1; i++) {
      const a0 = a + (<usize>i) * rowA;
      for (let q = qb; q < qe; q++) {
        const bq = bp + (<usize>q) * panelBytes;
        let c00 = f32x4.splat(0), c01 = c00;
        for (let p = 0; p < k; p++) {
          const b = bq + (<usize>p) * 32;
          const x0 = f32x4.splat(load<f32>(a0 + ((<usize>p) << 2)));
          c00 = f32x4.add(c00, f32x4.mul(x0, v128.load(b, 0)));
          c01 = f32x4.add(c01, f32x4.mul(x0, v128.load(b, 16)));
        }
        const j = q * 8;
        const cj = c + (<usize>i) * rowC + ((<usize>j) << 2);
        addTile(cj, c00, va, min(4, n - j)); addTile(cj + 16, c01, va, min(4, n - j - 4));
      }
    }
  }
}
