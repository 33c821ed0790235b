/**
 * The first `len` floats of `s[key]`, growing that block when it is short (zeroed when `zero`): the linear-algebra
 * scratch objects (gemm's, spmm's) keep one float32 block per operand so that repeated products reuse their pages.
 */
export function scratchBlock<K extends string>(
  s: Record<K, Float32Array | null>,
  key: K,
  len: number,
  zero = false,
): Float32Array {
  let x = s[key];
  if (!x || x.length < len) s[key] = x = new Float32Array(len);
  const out = x.subarray(0, len);
  if (zero) out.fill(0);
  return out;
}
