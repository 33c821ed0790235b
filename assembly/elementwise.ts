// Elementwise f32 kernels over index ranges [i0, i1). Kind codes match the JS side's tables.

/** Unary kinds: 0 relu, 1 sigmoid, 2 tanh, 3 exp, 4 log, 5 logSigmoid, 6 neg, 7 sqrt, 8 square, 9 abs. */
export function unary_f32(kind: i32, x: usize, out: usize, i0: i32, i1: i32): void {
  let i = i0;
  if (kind == 0 || kind >= 6) {
    const z = f32x4.splat(0);
    for (; i + 4 <= i1; i += 4) {
      const off = (<usize>i) << 2;
      const v = v128.load(x + off);
      let r = v;
      if (kind == 0) r = f32x4.max(v, z);
      else if (kind == 6) r = f32x4.neg(v);
      else if (kind == 7) r = f32x4.sqrt(v);
      else if (kind == 8) r = f32x4.mul(v, v);
      else r = f32x4.abs(v);
      v128.store(out + off, r);
    }
  }
  for (; i < i1; i++) {
    const off = (<usize>i) << 2;
    const v = load<f32>(x + off);
    let r: f32 = 0;
    switch (kind) {
      case 0: r = v > 0 ? v : 0; break;
      case 1: r = v >= 0 ? 1 / (1 + Mathf.exp(-v)) : Mathf.exp(v) / (1 + Mathf.exp(v)); break;
      case 2: r = Mathf.tanh(v); break;
      case 3: r = Mathf.exp(v); break;
      case 4: r = Mathf.log(v); break;
      case 5: r = min<f32>(v, 0) - Mathf.log1p(Mathf.exp(-Mathf.abs(v))); break;
      case 6: r = -v; break;
      case 7: r = Mathf.sqrt(v); break;
      case 8: r = v * v; break;
      default: r = Mathf.abs(v);
    }
    store<f32>(out + off, r);
  }
}

/** Binary kinds: 0 add, 1 sub, 2 mul, 3 div on equal lengths. */
export function binary_f32(kind: i32, a: usize, b: usize, out: usize, i0: i32, i1: i32): void {
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const off = (<usize>i) << 2;
    const x = v128.load(a + off), y = v128.load(b + off);
    let r = x;
    if (kind == 0) r = f32x4.add(x, y);
    else if (kind == 1) r = f32x4.sub(x, y);
    else if (kind == 2) r = f32x4.mul(x, y);
    else r = f32x4.div(x, y);
    v128.store(out + off, r);
  }
  for (; i < i1; i++) {
    const off = (<usize>i) << 2;
    const x = load<f32>(a + off), y = load<f32>(b + off);
    store<f32>(out + off, kind == 0 ? x + y : kind == 1 ? x - y : kind == 2 ? x * y : x / y);
  }
}

/** out = alpha·x. */
export function scale_f32(alpha: f32, x: usize, out: usize, i0: i32, i1: i32): void {
  const va = f32x4.splat(alpha);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const off = (<usize>i) << 2;
    v128.store(out + off, f32x4.mul(va, v128.load(x + off)));
  }
  for (; i < i1; i++) {
    const off = (<usize>i) << 2;
    store<f32>(out + off, alpha * load<f32>(x + off));
  }
}

/** y += alpha·x. */
export function axpy_f32(alpha: f32, x: usize, y: usize, i0: i32, i1: i32): void {
  const va = f32x4.splat(alpha);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const off = (<usize>i) << 2;
    v128.store(y + off, f32x4.add(v128.load(y + off), f32x4.mul(va, v128.load(x + off))));
  }
  for (; i < i1; i++) {
    const off = (<usize>i) << 2;
    store<f32>(y + off, load<f32>(y + off) + alpha * load<f32>(x + off));
  }
}

/** out[r] = Σ_j a[r,j]·b[r,j] for rows r in [r0, r1). */
export function rowdot_f32(a: usize, b: usize, dim: i32, out: usize, r0: i32, r1: i32): void {
  const row = (<usize>dim) << 2;
  for (let r = r0; r < r1; r++) {
    const ar = a + (<usize>r) * row, br = b + (<usize>r) * row;
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= dim; j += 4) {
      const off = (<usize>j) << 2;
      acc = f32x4.add(acc, f32x4.mul(v128.load(ar + off), v128.load(br + off)));
    }
    let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; j < dim; j++) s += load<f32>(ar + ((<usize>j) << 2)) * load<f32>(br + ((<usize>j) << 2));
    store<f32>(out + ((<usize>r) << 2), s);
  }
}
