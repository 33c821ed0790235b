/**
 * Fixed partitions of a range into [start, end) pairs. Kernels compute each output element entirely
 * within one partition in a fixed order, so any partition gives bit-identical results; these only
 * balance the work.
 */

/** `parts` near-equal ranges of [0, total), boundaries multiples of `align`. */
export function evenBounds(total: number, parts: number, align = 1): number[] {
  const out: number[] = [];
  const units = Math.ceil(total / align);
  for (let t = 0; t < parts; t++) {
    const s = Math.min(total, Math.floor((units * t) / parts) * align);
    const e = Math.min(total, Math.floor((units * (t + 1)) / parts) * align);
    out.push(s, t === parts - 1 ? total : e);
  }
  return out;
}

/** Row ranges of a CSR with about equal (rows + nonzeros) per part. */
export function csrBounds(indptr: Int32Array, rows: number, parts: number): number[] {
  const total = rows + indptr[rows];
  const out: number[] = [];
  let start = 0;
  for (let t = 1; t <= parts; t++) {
    let end = rows;
    if (t < parts) {
      const target = (total * t) / parts;
      let lo = start, hi = rows;
      // First row r with r + indptr[r] ≥ target.
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (mid + indptr[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      end = lo;
    }
    out.push(start, end);
    start = end;
  }
  return out;
}
