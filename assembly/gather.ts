// Row gather and deterministic scatter-add (f32 rows, i32 indices).

/** out[i,:] = table[idx[i],:] for i in [i0, i1). */
export function gather_f32(table: usize, dim: i32, idx: usize, out: usize, i0: i32, i1: i32): void {
  const row = (<usize>dim) << 2;
  for (let i = i0; i < i1; i++) {
    memory.copy(out + (<usize>i) * row, table + (<usize>load<i32>(idx + ((<usize>i) << 2))) * row, row);
  }
}

/**
 * out[idx[i],:] += src[i,:] for the i (in order) whose target row is in [r0, r1): each thread owns a
 * range of output rows and scans all indices, so accumulation order is the sequential one.
 */
export function scatter_add_f32(src: usize, dim: i32, idx: usize, n: i32, out: usize, r0: i32, r1: i32): void {
  const row = (<usize>dim) << 2;
  for (let i = 0; i < n; i++) {
    const t = load<i32>(idx + ((<usize>i) << 2));
    if (t < r0 || t >= r1) continue;
    const o = out + (<usize>t) * row;
    const s = src + (<usize>i) * row;
    let j = 0;
    for (; j + 4 <= dim; j += 4) {
      const off = (<usize>j) << 2;
      v128.store(o + off, f32x4.add(v128.load(o + off), v128.load(s + off)));
    }
    for (; j < dim; j++) {
      const off = (<usize>j) << 2;
      store<f32>(o + off, load<f32>(o + off) + load<f32>(s + off));
    }
  }
}
