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
