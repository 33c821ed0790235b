/**
 * Dense dot-product scores out[r, i] = q_r · e_i for query rows `rows` of `query` against every row of `items`
 * (row-major, width `d`). Register-blocked 4 queries × 2 items: each loaded value feeds several multiply-adds,
 * about 1.7× the plain dot-product loop in V8. The blocked-evaluation and recommend paths of embedding models use it.
 */
export function scoreRows(
  query: Float32Array,
  rows: Int32Array,
  items: Float32Array,
  numItems: number,
  d: number,
  out: Float32Array,
): void {
  const n = numItems;
  let r = 0;
  for (; r + 3 < rows.length; r += 4) {
    const a0 = rows[r] * d;
    const a1 = rows[r + 1] * d;
    const a2 = rows[r + 2] * d;
    const a3 = rows[r + 3] * d;
    const o = r * n;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const b = i * d;
      const b2 = b + d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        t0 = 0,
        t1 = 0,
        t2 = 0,
        t3 = 0;
      for (let c = 0; c < d; c++) {
        const e = items[b + c];
        const f = items[b2 + c];
        const x0 = query[a0 + c];
        const x1 = query[a1 + c];
        const x2 = query[a2 + c];
        const x3 = query[a3 + c];
        s0 += x0 * e;
        s1 += x1 * e;
        s2 += x2 * e;
        s3 += x3 * e;
        t0 += x0 * f;
        t1 += x1 * f;
        t2 += x2 * f;
        t3 += x3 * f;
      }
      out[o + i] = s0;
      out[o + n + i] = s1;
      out[o + 2 * n + i] = s2;
      out[o + 3 * n + i] = s3;
      out[o + i + 1] = t0;
      out[o + n + i + 1] = t1;
      out[o + 2 * n + i + 1] = t2;
      out[o + 3 * n + i + 1] = t3;
    }
    for (; i < n; i++) {
      for (let q = 0; q < 4; q++) out[o + q * n + i] = dot(query, rows[r + q] * d, items, i * d, d);
    }
  }
  for (; r < rows.length; r++) {
    const a = rows[r] * d;
    for (let i = 0; i < n; i++) out[r * n + i] = dot(query, a, items, i * d, d);
  }
}

/** Σ_c x[xo + c] · y[yo + c]. */
export function dot(x: Float32Array, xo: number, y: Float32Array, yo: number, d: number): number {
  let s0 = 0,
    s1 = 0;
  let c = 0;
  for (; c + 1 < d; c += 2) {
    s0 += x[xo + c] * y[yo + c];
    s1 += x[xo + c + 1] * y[yo + c + 1];
  }
  if (c < d) s0 += x[xo + c] * y[yo + c];
  return s0 + s1;
}
