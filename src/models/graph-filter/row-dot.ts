/**
 * q[qo ..]·x[xo ..] over `dim` floats, four partial sums at a time: the retrieval indexes' (IVF scan, HNSW beam) dot
 * products are a served request's largest cost, and independent sums let the loop issue several multiplies per cycle.
 * Summation order differs from a plain loop only in float rounding.
 */
export function dotAt(q: Float32Array, qo: number, x: Float32Array, xo: number, dim: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let t = 0;
  for (; t + 4 <= dim; t += 4) {
    s0 += q[qo + t]! * x[xo + t]!;
    s1 += q[qo + t + 1]! * x[xo + t + 1]!;
    s2 += q[qo + t + 2]! * x[xo + t + 2]!;
    s3 += q[qo + t + 3]! * x[xo + t + 3]!;
  }
  for (; t < dim; t++) s0 += q[qo + t]! * x[xo + t]!;
  return s0 + s1 + (s2 + s3);
}
