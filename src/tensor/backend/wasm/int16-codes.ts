// int16 codes, the integer side of the bound-and-verify top-k (assembly/topk-dot.ts). A vector x gets a scale s and
// codes c = round(x / s), |c| ≤ qmax, so x = s·(c + e) with |e| ≤ ½. For a query u and an item i,
//   u·i = s_u·s_i·(c_u·c_i + c_u·e_i + e_u·c_i + e_u·e_i) ≤ s_u·(s_i·(c_u·c_i + ½‖c_u‖₁) + s_i·(½‖c_i‖₁ + ¼w)),
// and the float32 score the kernel verifies with differs from u·i by at most γ‖u‖‖i‖. The integer dot c_u·c_i is
// the kernel's only per-pair work; the other terms are per query or per item.

/** Largest code magnitude for `width` coordinates: every partial sum of an int16 dot product then fits in int32. */
export function codeRange(width: number): number {
  const pairs = Math.max(1, Math.ceil(width / 2));
  return Math.min(32767, Math.floor(Math.sqrt((2 ** 31 - 1) / (2 * pairs))));
}

/**
 * True when each of the first `len` values is 0 or of magnitude in (1e-16, 1e16): products and their sums then stay
 * normal floats, which the bounds' relative rounding terms assume.
 */
export function codable(a: Float32Array, len: number): boolean {
  for (let i = 0; i < len; i++) {
    const x = Math.abs(a[i]);
    if (!(x < 1e16) || (x !== 0 && x <= 1e-16)) return false;
  }
  return true;
}

/** Relative bound on float32 rounding of a `dim`-term dot product and of the kernel's bound arithmetic. */
export function roundingSlack(dim: number): number {
  return (1.01 * dim + 16) * 2 ** -24;
}

/** `x` as a float32 a little above it: bound terms must never round down. */
export function up(x: number): number {
  return Math.fround(x * (1 + 2 ** -20));
}

/** Scale that maps a largest magnitude `max` onto `qmax` (1 for a zero vector). */
export function codeScale(max: number, qmax: number): number {
  return max > 0 ? Math.fround(max / qmax) : 1;
}

/** Writes the codes of x[off .. off+width) at `codes[at ..]` and returns their L1 norm. */
export function encode(
  x: ArrayLike<number>,
  off: number,
  width: number,
  scale: number,
  qmax: number,
  codes: Int16Array,
  at: number,
): number {
  let l1 = 0;
  for (let p = 0; p < width; p++) {
    const c = Math.max(-qmax, Math.min(qmax, Math.round(x[off + p] / scale)));
    codes[at + p] = c;
    l1 += Math.abs(c);
  }
  return l1;
}

/** Largest |x[off + p]| over `width` values. */
export function maxAbs(x: ArrayLike<number>, off: number, width: number): number {
  let m = 0;
  for (let p = 0; p < width; p++) m = Math.max(m, Math.abs(x[off + p]));
  return m;
}

/** Euclidean norm of x[off .. off+width). */
export function norm(x: ArrayLike<number>, off: number, width: number): number {
  let s = 0;
  for (let p = 0; p < width; p++) s += x[off + p] ** 2;
  return Math.sqrt(s);
}
