// Fused BPR loss and gradient over a mini-batch, and the L2 term on gathered rows. Both run on one thread in triple
// order: rows repeat within a batch, so a fixed order keeps the result deterministic; the batch is small next to the
// graph products around it, and SIMD over the embedding width is what matters here.

/**
 * For each triple b with neg[b] ≥ 0: x = e_u·(e_i − e_j), loss += softplus(−x), g = −σ(−x)·scale, and
 * grad_u += g·(e_i − e_j), grad_i += g·e_u, grad_j −= g·e_u, where item rows sit at `itemOffset` + item. Stores the
 * summed loss at `lossOut` (f32). `dim` must be a multiple of 4.
 */
export function bpr_grad_f32(
  e: usize, dim: i32, users: usize, pos: usize, neg: usize, itemOffset: i32, scale: f32, grad: usize, lossOut: usize, b0: i32, b1: i32,
): void {
  const rowBytes = (<usize>dim) << 2;
  let loss: f64 = 0;
  for (let b = b0; b < b1; b++) {
    const jn = load<i32>(neg + ((<usize>b) << 2));
    if (jn < 0) continue;
    const u = (<usize>load<i32>(users + ((<usize>b) << 2))) * rowBytes;
    const i = (<usize>(itemOffset + load<i32>(pos + ((<usize>b) << 2)))) * rowBytes;
    const j = (<usize>(itemOffset + jn)) * rowBytes;
    let acc = f32x4.splat(0);
    for (let c: usize = 0; c < rowBytes; c += 16) {
      acc = f32x4.add(acc, f32x4.mul(v128.load(e + u + c), f32x4.sub(v128.load(e + i + c), v128.load(e + j + c))));
    }
    const x = <f64>(f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    // −ln σ(x) = softplus(−x), computed stably; its derivative is −σ(−x).
    loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
    const g = f32x4.splat(<f32>(-1 / (1 + Math.exp(x))) * scale);
    for (let c: usize = 0; c < rowBytes; c += 16) {
      const eu = v128.load(e + u + c);
      const d = f32x4.sub(v128.load(e + i + c), v128.load(e + j + c));
      v128.store(grad + u + c, f32x4.add(v128.load(grad + u + c), f32x4.mul(g, d)));
      v128.store(grad + i + c, f32x4.add(v128.load(grad + i + c), f32x4.mul(g, eu)));
      v128.store(grad + j + c, f32x4.sub(v128.load(grad + j + c), f32x4.mul(g, eu)));
    }
  }
  store<f32>(lossOut, <f32>loss);
}

/**
 * grad[r] += coef·param[r] for r = offset + idx[i], i in [i0, i1) (repeats count each time); stores Σ‖param[r]‖² at
 * `sumOut` (f32). `dim` must be a multiple of 4.
 */
export function l2_rows_f32(param: usize, grad: usize, dim: i32, idx: usize, offset: i32, coef: f32, skip: usize, sumOut: usize, i0: i32, i1: i32): void {
  const rowBytes = (<usize>dim) << 2;
  const vc = f32x4.splat(coef);
  let acc = f32x4.splat(0);
  for (let i = i0; i < i1; i++) {
    if (skip != 0 && load<i32>(skip + ((<usize>i) << 2)) < 0) continue;
    const r = (<usize>(offset + load<i32>(idx + ((<usize>i) << 2)))) * rowBytes;
    for (let c: usize = 0; c < rowBytes; c += 16) {
      const w = v128.load(param + r + c);
      acc = f32x4.add(acc, f32x4.mul(w, w));
      v128.store(grad + r + c, f32x4.add(v128.load(grad + r + c), f32x4.mul(vc, w)));
    }
  }
  store<f32>(sumOut, f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
}
