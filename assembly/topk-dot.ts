// Exact per-row top-k of dot products without materialising the scores. int16 codes of queries and items give
// each score an upper bound from one pmaddwd per 8 multiply-adds (twice the f32 rate); only items whose bound
// reaches the row's current k-th score are scored exactly (f32, summed in p order as gemm does) and offered to
// the row's heap. Items arrive in descending norm, so a group of 4 rows stops once ‖u‖·‖i‖ falls below the k-th
// score of each (LEMP-style pruning). The output rows of width k hold each row's min-heap until the end.
import { heapPush, siftDown, heapSort } from './topk';

/** Bytes of per-row state: i32 heap size, i32 exclusion cursor, i32 exclusion end, f32 screen threshold. */
const STATE: usize = 16;
/** Bytes of per-row query metadata: f32 scale, f32 code-error term, f32 norm (rounded up), padding. */
const META: usize = 16;

/** Scores item position `pos` exactly for row r and keeps it if it beats the row's k-th (and is not excluded). */
function offer(
  r: i32, pos: i32, qf: usize, itemsF: usize, orig: usize, dim: i32, k: i32, su: f32,
  state: usize, exIdx: usize, outVal: usize, outIdx: usize,
): void {
  const st = state + (<usize>r) * STATE;
  // Exclusions are sorted and a row's candidates arrive in ascending position, so one cursor walks them once.
  let cur = load<i32>(st, 4);
  const end = load<i32>(st, 8);
  while (cur < end && load<i32>(exIdx + ((<usize>cur) << 2)) < pos) cur++;
  store<i32>(st, cur, 4);
  if (cur < end && load<i32>(exIdx + ((<usize>cur) << 2)) == pos) return;
  const a = qf + (<usize>r) * (<usize>dim) * 4;
  const b = itemsF + (<usize>pos) * (<usize>dim) * 4;
  let s: f32 = 0;
  for (let c = 0; c < dim; c++) s += load<f32>(a + ((<usize>c) << 2)) * load<f32>(b + ((<usize>c) << 2));
  const id = load<i32>(orig + ((<usize>pos) << 2));
  const vals = outVal + (<usize>r) * (<usize>k) * 4;
  const idxs = outIdx + (<usize>r) * (<usize>k) * 4;
  let size = load<i32>(st);
  if (size < k) {
    heapPush(vals, idxs, size++, s, id);
    store<i32>(st, size);
    if (size < k) return;
  } else {
    const rv = load<f32>(vals);
    if (!(s > rv || (s == rv && id < load<i32>(idxs)))) return;
    store<f32>(vals, s);
    store<i32>(idxs, id);
    siftDown(vals, idxs, size);
  }
  // Full heap: the screen rises to the k-th score in code units, rounded down so it never rejects a tie.
  let thr = load<f32>(vals) / su;
  thr -= abs<f32>(thr) * 2.4e-7;
  store<f32>(st, thr, 12);
}

// @ts-ignore: decorator
@inline function screen(
  r: i32, c0: v128, c1: v128, cu: v128, sv0: v128, sv1: v128, cv0: v128, cv1: v128, p0: i32, n: i32,
  qf: usize, qmeta: usize, itemsF: usize, orig: usize, dim: i32, k: i32, state: usize, exIdx: usize, outVal: usize, outIdx: usize,
): void {
  const thr = f32x4.splat(load<f32>(state + (<usize>r) * STATE, 12));
  const t0 = f32x4.add(f32x4.mul(sv0, f32x4.add(f32x4.convert_i32x4_s(c0), cu)), cv0);
  const t1 = f32x4.add(f32x4.mul(sv1, f32x4.add(f32x4.convert_i32x4_s(c1), cu)), cv1);
  let mask = i32x4.bitmask(f32x4.ge(t0, thr)) | (i32x4.bitmask(f32x4.ge(t1, thr)) << 4);
  if (mask == 0) return;
  const su = load<f32>(qmeta + (<usize>r) * META);
  while (mask != 0) {
    const pos = p0 + ctz(mask);
    mask &= mask - 1;
    if (pos < n) offer(r, pos, qf, itemsF, orig, dim, k, su, state, exIdx, outVal, outIdx);
  }
}

/** True when no item at or after a panel of norm ≤ `bound`/‖u‖ can enter any valid row of the group. */
function groupDone(g: i32, valid: i32, maxNorm: f32, qmeta: usize, state: usize, k: i32, outVal: usize): bool {
  for (let j = 0; j < valid; j++) {
    const r = g + j;
    if (load<i32>(state + (<usize>r) * STATE) < k) return false;
    const bound = load<f32>(qmeta + (<usize>r) * META, 8) * maxNorm;
    if (bound >= load<f32>(outVal + (<usize>r) * (<usize>k) * 4)) return false;
  }
  return true;
}

/**
 * Rows r in [r0, r1) (r0 a multiple of 4) of the exact top-k of q·itemᵀ: q16/items16 are int16 codes (pairs per
 * i32; items in 8-item panels, see the backend's packing), qf/itemsF the f32 values, iscale/icorr per item the
 * code scale and error term, panelNorm the largest item norm per panel times (1 + slack), orig each sorted
 * position's item id. outVal/outIdx rows get the k best (score desc, id asc), −∞/−1 padded.
 */
export function topk_dot_i16(
  q16: usize, qf: usize, qmeta: usize, state: usize, exIdx: usize,
  items16: usize, itemsF: usize, iscale: usize, icorr: usize, panelNorm: usize, orig: usize,
  rows: i32, n: i32, dim: i32, d2: i32, k: i32, outVal: usize, outIdx: usize, r0: i32, r1: i32,
): void {
  const panels = (n + 7) >> 3;
  const panelBytes = (<usize>d2) * 32;
  const rowQ = (<usize>d2) << 2;
  for (let g = r0; g < r1; g += 4) {
    const valid = min(4, rows - g);
    if (valid <= 0) break;
    const a0 = q16 + (<usize>g) * rowQ;
    const a1 = a0 + rowQ, a2 = a1 + rowQ, a3 = a2 + rowQ;
    const mg = qmeta + (<usize>g) * META;
    const cu0 = f32x4.splat(load<f32>(mg, 4)), cu1 = f32x4.splat(load<f32>(mg + META, 4));
    const cu2 = f32x4.splat(load<f32>(mg + 2 * META, 4)), cu3 = f32x4.splat(load<f32>(mg + 3 * META, 4));
    for (let q = 0; q < panels; q++) {
      if (groupDone(g, valid, load<f32>(panelNorm + ((<usize>q) << 2)), qmeta, state, k, outVal)) break;
      const bq = items16 + (<usize>q) * panelBytes;
      let c00 = i32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      for (let p = 0; p < d2; p++) {
        const b = bq + (<usize>p) * 32;
        const b0 = v128.load(b, 0), b1 = v128.load(b, 16);
        const off = (<usize>p) << 2;
        const x0 = v128.load32_splat(a0 + off);
        const x1 = v128.load32_splat(a1 + off);
        const x2 = v128.load32_splat(a2 + off);
        const x3 = v128.load32_splat(a3 + off);
        c00 = i32x4.add(c00, i32x4.dot_i16x8_s(x0, b0)); c01 = i32x4.add(c01, i32x4.dot_i16x8_s(x0, b1));
        c10 = i32x4.add(c10, i32x4.dot_i16x8_s(x1, b0)); c11 = i32x4.add(c11, i32x4.dot_i16x8_s(x1, b1));
        c20 = i32x4.add(c20, i32x4.dot_i16x8_s(x2, b0)); c21 = i32x4.add(c21, i32x4.dot_i16x8_s(x2, b1));
        c30 = i32x4.add(c30, i32x4.dot_i16x8_s(x3, b0)); c31 = i32x4.add(c31, i32x4.dot_i16x8_s(x3, b1));
      }
      const io = (<usize>q) << 5;
      const sv0 = v128.load(iscale + io), sv1 = v128.load(iscale + io, 16);
      const cv0 = v128.load(icorr + io), cv1 = v128.load(icorr + io, 16);
      const p0 = q << 3;
      screen(g, c00, c01, cu0, sv0, sv1, cv0, cv1, p0, n, qf, qmeta, itemsF, orig, dim, k, state, exIdx, outVal, outIdx);
      screen(g + 1, c10, c11, cu1, sv0, sv1, cv0, cv1, p0, n, qf, qmeta, itemsF, orig, dim, k, state, exIdx, outVal, outIdx);
      screen(g + 2, c20, c21, cu2, sv0, sv1, cv0, cv1, p0, n, qf, qmeta, itemsF, orig, dim, k, state, exIdx, outVal, outIdx);
      screen(g + 3, c30, c31, cu3, sv0, sv1, cv0, cv1, p0, n, qf, qmeta, itemsF, orig, dim, k, state, exIdx, outVal, outIdx);
    }
    for (let j = 0; j < valid; j++) {
      const r = g + j;
      const vals = outVal + (<usize>r) * (<usize>k) * 4;
      const idxs = outIdx + (<usize>r) * (<usize>k) * 4;
      const size = load<i32>(state + (<usize>r) * STATE);
      heapSort(vals, idxs, size);
      for (let p = size; p < k; p++) {
        store<f32>(vals + ((<usize>p) << 2), -Infinity);
        store<i32>(idxs + ((<usize>p) << 2), -1);
      }
    }
  }
}
