// Per-row top-k selection (f32 scores, i32 column ids) for ranking all items per user. Each output
// row's k slots serve as the row's min-heap, so no scratch memory is needed; rows are independent.

// @ts-ignore: decorator
@inline function worse(vals: usize, idxs: usize, a: i32, b: i32): bool {
  const va = load<f32>(vals + ((<usize>a) << 2)), vb = load<f32>(vals + ((<usize>b) << 2));
  return va < vb || (va == vb && load<i32>(idxs + ((<usize>a) << 2)) > load<i32>(idxs + ((<usize>b) << 2)));
}

// @ts-ignore: decorator
@inline function swap(vals: usize, idxs: usize, a: i32, b: i32): void {
  const pa = (<usize>a) << 2, pb = (<usize>b) << 2;
  const tv = load<f32>(vals + pa); store<f32>(vals + pa, load<f32>(vals + pb)); store<f32>(vals + pb, tv);
  const ti = load<i32>(idxs + pa); store<i32>(idxs + pa, load<i32>(idxs + pb)); store<i32>(idxs + pb, ti);
}

export function siftDown(vals: usize, idxs: usize, size: i32): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let s = i;
    if (l < size && worse(vals, idxs, l, s)) s = l;
    if (r < size && worse(vals, idxs, r, s)) s = r;
    if (s == i) return;
    swap(vals, idxs, i, s);
    i = s;
  }
}

/** Adds (v, id) to a heap of `size` slots (now size + 1), sifting it up past every worse parent. */
export function heapPush(vals: usize, idxs: usize, size: i32, v: f32, id: i32): void {
  store<f32>(vals + ((<usize>size) << 2), v);
  store<i32>(idxs + ((<usize>size) << 2), id);
  let i = size;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(vals, idxs, i, p)) break;
    swap(vals, idxs, i, p);
    i = p;
  }
}

/**
 * For rows r in [r0, r1) of an m-column score matrix, writes the k (≤ m) best columns sorted by
 * descending score, ties by lower column, NaN counting as −∞, into outVal/outIdx rows of width k.
 */
export function topk_f32(x: usize, m: i32, k: i32, outVal: usize, outIdx: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const row = x + (<usize>r) * (<usize>m) * 4;
    const vals = outVal + (<usize>r) * (<usize>k) * 4;
    const idxs = outIdx + (<usize>r) * (<usize>k) * 4;
    let size = 0;
    let root: f32 = -Infinity;
    for (let j = 0; j < m; j++) {
      let v = load<f32>(row + ((<usize>j) << 2));
      if (v != v) v = -Infinity;
      if (size < k) {
        heapPush(vals, idxs, size++, v, j);
        root = load<f32>(vals);
      } else if (v > root) {
        // Equal scores never displace the root: columns arrive in order, so it has the lower index.
        store<f32>(vals, v);
        store<i32>(idxs, j);
        siftDown(vals, idxs, size);
        root = load<f32>(vals);
      }
    }
    heapSort(vals, idxs, size);
  }
}

/** Sorts a heap of `size` slots best first: moving the worst (the root) to the back each time. */
export function heapSort(vals: usize, idxs: usize, size: i32): void {
  while (size > 1) {
    swap(vals, idxs, 0, size - 1);
    size--;
    siftDown(vals, idxs, size);
  }
}
