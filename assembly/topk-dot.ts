// Exact per-row top-k of dot products without materialising the scores (bound and verify). Rows and items come as
// int16 codes of their coordinates in the items' principal basis; two screens bound each score from above, and only
// items past both are scored exactly (f32 on the original rows, summed in p order as gemm does) and offered to the
// row's heap, whose k-th score sets the screens' threshold:
//   1. every item, 4 rows × 8 items at a time: the integer dot product of the leading (head) coordinates (pmaddwd,
//      8 multiply-adds per instruction) plus ‖tail(u)‖·‖tail(i)‖;
//   2. for a row with any of the 8 items past screen 1: the rest of the integer dot product, for all 8 at once.
// Items arrive in descending norm, so a group of 4 rows stops once ‖u‖·‖i‖ falls below the k-th score of each
// (LEMP-style pruning). The output rows of width k hold each row's min-heap until the end. Operands and their
// layouts: src/tensor/backend/wasm/topk-dot-operands.ts; `params` is a table of their pointers and sizes.
import { heapPush, siftDown, heapSort } from './topk';

/**
 * Bytes of per-row state: i32 heap size, i32 exclusion cursor, i32 exclusion end, f32 threshold (the k-th score in
 * the row's code units), f32 stop norm of the group (first row of a group).
 */
const STATE: usize = 32;
/** Bytes of per-row query metadata (QUERY_META floats). */
const META: usize = 32;

// Slots of the params table (int32 each).
const Q_CODES = 0, Q_F32 = 1, Q_META = 2, ST = 3, EX_IDX = 4, I_CODES = 5, I_F32 = 6, I_SCALE = 7, I_HEAD_CORR = 8;
const I_FULL_CORR = 9, I_TAIL = 10, PANEL_NORM = 11, ORIG = 12, ROWS = 13, N = 14, DIM = 15, PAIRS = 16, HEAD_PAIRS = 17;
const K = 18, OUT_VAL = 19, OUT_IDX = 20;

// @ts-ignore: decorator
@inline function param(params: usize, slot: i32): i32 {
  return load<i32>(params + ((<usize>slot) << 2));
}

// @ts-ignore: decorator
@inline function ptr(params: usize, slot: i32): usize {
  return <usize>load<i32>(params + ((<usize>slot) << 2));
}

/** Scores item position `pos` exactly for row r and keeps it if it beats the row's k-th (and is not excluded). */
function offer(params: usize, r: i32, pos: i32): void {
  const st = ptr(params, ST) + (<usize>r) * STATE;
  // Exclusions are sorted and a row's candidates arrive in ascending position, so one cursor walks them once.
  const ex = ptr(params, EX_IDX);
  let cur = load<i32>(st, 4);
  const end = load<i32>(st, 8);
  while (cur < end && load<i32>(ex + ((<usize>cur) << 2)) < pos) cur++;
  store<i32>(st, cur, 4);
  if (cur < end && load<i32>(ex + ((<usize>cur) << 2)) == pos) return;
  const dim = param(params, DIM);
  const a = ptr(params, Q_F32) + (<usize>r) * (<usize>dim) * 4;
  const b = ptr(params, I_F32) + (<usize>pos) * (<usize>dim) * 4;
  let s: f32 = 0;
  for (let c = 0; c < dim; c++) s += load<f32>(a + ((<usize>c) << 2)) * load<f32>(b + ((<usize>c) << 2));
  const id = load<i32>(ptr(params, ORIG) + ((<usize>pos) << 2));
  const k = param(params, K);
  const vals = ptr(params, OUT_VAL) + (<usize>r) * (<usize>k) * 4;
  const idxs = ptr(params, OUT_IDX) + (<usize>r) * (<usize>k) * 4;
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
  // Full heap: the threshold rises to the k-th score in code units, rounded down so ties pass.
  let t = load<f32>(vals) / load<f32>(ptr(params, Q_META) + (<usize>r) * META);
  t -= abs<f32>(t) * 2.4e-7;
  store<f32>(st, t, 12);
  updateStopNorm(params, r & ~3);
}

/**
 * Group g's stop norm: items of norm below it cannot enter any of its rows (‖u‖·‖i‖ < every k-th score), −∞ while a
 * heap has room. Kept in the group's first row's state, since a panel's check must cost one comparison.
 */
function updateStopNorm(params: usize, g: i32): void {
  const st = ptr(params, ST), meta = ptr(params, Q_META), outVal = ptr(params, OUT_VAL);
  const k = param(params, K);
  const valid = min(4, param(params, ROWS) - g);
  let stop: f32 = Infinity;
  for (let j = 0; j < valid; j++) {
    const r = g + j;
    if (load<i32>(st + (<usize>r) * STATE) < k) {
      stop = -Infinity;
      break;
    }
    const root = load<f32>(outVal + (<usize>r) * (<usize>k) * 4);
    const u = load<f32>(meta + (<usize>r) * META, 16);
    // Rounded down; a zero row (all scores 0) never stops, since a tie with a lower id could still enter.
    let s: f32 = root <= 0 ? -Infinity : u == 0 ? Infinity : root / u;
    s -= abs<f32>(s) * 2.4e-7;
    stop = min(stop, s);
  }
  store<f32>(st + (<usize>g) * STATE, stop, 16);
}

/** Lanes (bit t = item t of the panel) where `t0`/`t1` reach the row's threshold. */
// @ts-ignore: decorator
@inline function passing(t0: v128, t1: v128, thr: v128): i32 {
  return i32x4.bitmask(f32x4.ge(t0, thr)) | (i32x4.bitmask(f32x4.ge(t1, thr)) << 4);
}

/**
 * Screen 1 of panel q's 8 items for row r, whose head dot products are in c0/c1: `t0`/`t1` = the bound per item.
 * The item vectors (scale, head error, tail norm) are shared by the group's 4 rows.
 */
// @ts-ignore: decorator
@inline function screen1(c0: v128, c1: v128, cu: v128, wu: v128, sv0: v128, sv1: v128, hc0: v128, hc1: v128, tl0: v128, tl1: v128, thr: v128): i32 {
  const t0 = f32x4.add(f32x4.add(f32x4.mul(sv0, f32x4.add(f32x4.convert_i32x4_s(c0), cu)), hc0), f32x4.mul(tl0, wu));
  const t1 = f32x4.add(f32x4.add(f32x4.mul(sv1, f32x4.add(f32x4.convert_i32x4_s(c1), cu)), hc1), f32x4.mul(tl1, wu));
  return passing(t0, t1, thr);
}

/** Row r's threshold as a vector (it rises as the row's heap fills). */
// @ts-ignore: decorator
@inline function threshold(st: usize, r: i32): v128 {
  return f32x4.splat(load<f32>(st + (<usize>r) * STATE, 12));
}

/**
 * Screen 2 for row r and the items of panel q in `mask` (past screen 1): the tail pairs complete the integer dot
 * products of all 8 items (c0/c1 hold the head's), and the survivors are offered. Out of line: rarely reached.
 */
// @ts-ignore: decorator
@inline function screen2(params: usize, r: i32, q: i32, c0: v128, c1: v128, mask: i32): void {
  const pairs = param(params, PAIRS);
  const a = ptr(params, Q_CODES) + (<usize>r) * (<usize>pairs) * 4;
  const bq = ptr(params, I_CODES) + (<usize>q) * (<usize>pairs) * 32;
  let d0 = c0, d1 = c1;
  for (let p = param(params, HEAD_PAIRS); p < pairs; p++) {
    const x = v128.load32_splat(a + ((<usize>p) << 2));
    const b = bq + (<usize>p) * 32;
    d0 = i32x4.add(d0, i32x4.dot_i16x8_s(x, v128.load(b, 0)));
    d1 = i32x4.add(d1, i32x4.dot_i16x8_s(x, v128.load(b, 16)));
  }
  const io = (<usize>q) << 5;
  const sc = ptr(params, I_SCALE) + io, fc = ptr(params, I_FULL_CORR) + io;
  const cf = f32x4.splat(load<f32>(ptr(params, Q_META) + (<usize>r) * META, 8));
  const f0 = f32x4.add(f32x4.mul(v128.load(sc), f32x4.add(f32x4.convert_i32x4_s(d0), cf)), v128.load(fc));
  const f1 = f32x4.add(f32x4.mul(v128.load(sc, 16), f32x4.add(f32x4.convert_i32x4_s(d1), cf)), v128.load(fc, 16));
  let m = mask & passing(f0, f1, threshold(ptr(params, ST), r));
  const n = param(params, N);
  const p0 = q << 3;
  while (m != 0) {
    const pos = p0 + ctz(m);
    m &= m - 1;
    if (pos < n) offer(params, r, pos);
  }
}

/** Panels per item block: a block's codes (128 KB at width 64) stay in L2 while every group of the chunk's rows screens it. */
const BLOCK_PANELS = 128;

/**
 * Rows r in [r0, r1) (r0 a multiple of 4) of the exact top-k of q·itemᵀ: outVal/outIdx rows get the k best
 * (score desc, item id asc), −∞/−1 padded. `params` points at the operand table (slots above).
 */
export function topk_dot_i16(params: usize, r0: i32, r1: i32): void {
  const rows = param(params, ROWS), n = param(params, N), k = param(params, K);
  const pairs = param(params, PAIRS), headPairs = param(params, HEAD_PAIRS);
  const qCodes = ptr(params, Q_CODES), iCodes = ptr(params, I_CODES), panelNorm = ptr(params, PANEL_NORM);
  const qMeta = ptr(params, Q_META), iScale = ptr(params, I_SCALE), iHeadCorr = ptr(params, I_HEAD_CORR), iTail = ptr(params, I_TAIL);
  const st = ptr(params, ST);
  const panels = (n + 7) >> 3;
  const panelBytes = (<usize>pairs) * 32;
  const rowQ = (<usize>pairs) << 2;
  const last = min(r1, rows);
  for (let qb = 0; qb < panels; qb += BLOCK_PANELS) {
    const qe = min(panels, qb + BLOCK_PANELS);
    for (let g = r0; g < last; g += 4) {
      const a0 = qCodes + (<usize>g) * rowQ;
      const a1 = a0 + rowQ, a2 = a1 + rowQ, a3 = a2 + rowQ;
      const mg = qMeta + (<usize>g) * META;
      const cu0 = f32x4.splat(load<f32>(mg, 4)), wu0 = f32x4.splat(load<f32>(mg, 12));
      const cu1 = f32x4.splat(load<f32>(mg + META, 4)), wu1 = f32x4.splat(load<f32>(mg + META, 12));
      const cu2 = f32x4.splat(load<f32>(mg + 2 * META, 4)), wu2 = f32x4.splat(load<f32>(mg + 2 * META, 12));
      const cu3 = f32x4.splat(load<f32>(mg + 3 * META, 4)), wu3 = f32x4.splat(load<f32>(mg + 3 * META, 12));
      for (let q = qb; q < qe; q++) {
        // Norm bound: no item from here on can enter any row of the group.
        if (load<f32>(panelNorm + ((<usize>q) << 2)) < load<f32>(st + (<usize>g) * STATE, 16)) break;
        const bq = iCodes + (<usize>q) * panelBytes;
        let c00 = i32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (let p = 0; p < headPairs; p++) {
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
        const sv0 = v128.load(iScale + io), sv1 = v128.load(iScale + io, 16);
        const hc0 = v128.load(iHeadCorr + io), hc1 = v128.load(iHeadCorr + io, 16);
        const tl0 = v128.load(iTail + io), tl1 = v128.load(iTail + io, 16);
        let m = screen1(c00, c01, cu0, wu0, sv0, sv1, hc0, hc1, tl0, tl1, threshold(st, g));
        if (m != 0) screen2(params, g, q, c00, c01, m);
        m = screen1(c10, c11, cu1, wu1, sv0, sv1, hc0, hc1, tl0, tl1, threshold(st, g + 1));
        if (m != 0) screen2(params, g + 1, q, c10, c11, m);
        m = screen1(c20, c21, cu2, wu2, sv0, sv1, hc0, hc1, tl0, tl1, threshold(st, g + 2));
        if (m != 0) screen2(params, g + 2, q, c20, c21, m);
        m = screen1(c30, c31, cu3, wu3, sv0, sv1, hc0, hc1, tl0, tl1, threshold(st, g + 3));
        if (m != 0) screen2(params, g + 3, q, c30, c31, m);
      }
    }
  }
  const outVal = ptr(params, OUT_VAL), outIdx = ptr(params, OUT_IDX);
  for (let r = r0; r < last; r++) {
    const vals = outVal + (<usize>r) * (<usize>k) * 4;
    const idxs = outIdx + (<usize>r) * (<usize>k) * 4;
    const size = load<i32>(st + (<usize>r) * STATE);
    heapSort(vals, idxs, size);
    for (let p = size; p < k; p++) {
      store<f32>(vals + ((<usize>p) << 2), -Infinity);
      store<i32>(idxs + ((<usize>p) << 2), -1);
    }
  }
}
