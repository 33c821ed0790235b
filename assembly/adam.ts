// Fused Adam / AdamW update over [i0, i1), and its lazy form over a list of rows.

/** In-place Adam step; bc1 = 1 − β1^t, bc2 = 1 − β2^t; decoupled ≠ 0 selects AdamW-style decay. */
export function adam_f32(
  param: usize, grad: usize, m: usize, v: usize,
  lr: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, decoupled: i32, bc1: f32, bc2: f32, i0: i32, i1: i32,
): void {
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2);
  const vc1 = f32x4.splat(1 - beta1), vc2 = f32x4.splat(1 - beta2);
  const vbc1 = f32x4.splat(bc1), vbc2 = f32x4.splat(bc2), veps = f32x4.splat(eps), vlr = f32x4.splat(lr);
  const vwd = f32x4.splat(wd);
  const coupledWd = decoupled == 0 && wd != 0;
  const decoupledWd = decoupled != 0 && wd != 0;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const off = (<usize>i) << 2;
    const p = v128.load(param + off);
    let g = v128.load(grad + off);
    if (coupledWd) g = f32x4.add(g, f32x4.mul(vwd, p));
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(m + off)), f32x4.mul(vc1, g));
    const vi = f32x4.add(f32x4.mul(vb2, v128.load(v + off)), f32x4.mul(vc2, f32x4.mul(g, g)));
    v128.store(m + off, mi);
    v128.store(v + off, vi);
    let upd = f32x4.div(f32x4.div(mi, vbc1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vbc2)), veps));
    if (decoupledWd) upd = f32x4.add(upd, f32x4.mul(vwd, p));
    v128.store(param + off, f32x4.sub(p, f32x4.mul(vlr, upd)));
  }
  for (; i < i1; i++) {
    const off = (<usize>i) << 2;
    const p = load<f32>(param + off);
    let g = load<f32>(grad + off);
    if (coupledWd) g += wd * p;
    const mi = beta1 * load<f32>(m + off) + (1 - beta1) * g;
    const vi = beta2 * load<f32>(v + off) + (1 - beta2) * (g * g);
    store<f32>(m + off, mi);
    store<f32>(v + off, vi);
    let upd = (mi / bc1) / (Mathf.sqrt(vi / bc2) + eps);
    if (decoupledWd) upd += wd * p;
    store<f32>(param + off, p - lr * upd);
  }
}

/** adam_f32 on rows[i] (width dim) for i in [i0, i1): lazy Adam over the rows a batch touched. */
export function adam_rows_f32(
  param: usize, grad: usize, m: usize, v: usize, dim: i32, rows: usize,
  lr: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, decoupled: i32, bc1: f32, bc2: f32, i0: i32, i1: i32,
): void {
  const rowBytes = (<usize>dim) << 2;
  for (let i = i0; i < i1; i++) {
    const off = (<usize>load<i32>(rows + ((<usize>i) << 2))) * rowBytes;
    adam_f32(param + off, grad + off, m + off, v + off, lr, beta1, beta2, eps, wd, decoupled, bc1, bc2, 0, dim);
  }
}
