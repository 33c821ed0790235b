/**
 * Reference per-row top-k: one pass per row with a size-k min-heap (root = worst kept), then a heap-sort
 * of the k slots. Ties rank by lower column; NaN counts as −∞.
 */
export function topkJs(
  x: Float32Array,
  rows: number,
  m: number,
  k: number,
  outVal: Float32Array,
  outIdx: Int32Array,
): void {
  const hv = new Float64Array(k);
  const hi = new Int32Array(k);
  let size = 0;
  const worse = (a: number, b: number): boolean => hv[a] < hv[b] || (hv[a] === hv[b] && hi[a] > hi[b]);
  const swap = (a: number, b: number): void => {
    const tv = hv[a];
    hv[a] = hv[b];
    hv[b] = tv;
    const ti = hi[a];
    hi[a] = hi[b];
    hi[b] = ti;
  };
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let s = i;
      if (l < size && worse(l, s)) s = l;
      if (r < size && worse(r, s)) s = r;
      if (s === i) return;
      swap(i, s);
      i = s;
    }
  };
  for (let r = 0; r < rows; r++) {
    const off = r * m;
    size = 0;
    for (let j = 0; j < m; j++) {
      let v: number = x[off + j];
      if (v !== v) v = -Infinity;
      if (size < k) {
        hv[size] = v;
        hi[size] = j;
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!worse(i, p)) break;
          swap(i, p);
          i = p;
        }
      } else if (v > hv[0]) {
        // Equal values never displace the root: columns arrive in order, so it has the lower index.
        hv[0] = v;
        hi[0] = j;
        siftDown();
      }
    }
    while (size > 1) {
      swap(0, size - 1);
      size--;
      siftDown();
    }
    for (let p = 0; p < k; p++) {
      outVal[r * k + p] = hv[p];
      outIdx[r * k + p] = hi[p];
    }
  }
}
