// Operands of `topk_dot_i16` (assembly/topk-dot.ts), built in JS once per call from the rows rotated into the items'
// principal basis. One set of int16 codes per row serves both screens: the first reads the leading `r` coordinates
// (and bounds the rest by ‖tail(u)‖·‖tail(i)‖), the second completes the integer dot product. See int16-codes.ts for
// the code bound; `rounding` adds float32 rounding of the exact score and of the rotation.
import { codeRange, codeScale, encode, maxAbs, norm, roundingSlack, up } from './int16-codes.ts';
import { rotationSlack } from './head-rotation.ts';
import type { Csr } from '../../csr.ts';

/** Float32s of per-query metadata (see `QueryOperands.meta`). */
export const QUERY_META = 8;

/** Query rows as the kernel reads them (rows padded to a multiple of 4). */
export interface QueryOperands {
  /** rowsPadded × ⌈dim/2⌉ code pairs (one int32 each). */
  codes: Int32Array;
  /** Per row: scale, ½‖c_head‖₁ (up), ½‖c‖₁ (up), ‖tail‖ / scale (up), ‖u‖ (up), 0, 0, 0. */
  meta: Float32Array;
  rowsPadded: number;
}

/** Code range and relative rounding slack shared by queries and items of width `dim`. */
function terms(dim: number): { qmax: number; rounding: number } {
  const gamma = roundingSlack(dim);
  return { qmax: codeRange(dim), rounding: gamma + rotationSlack(dim, gamma) };
}

/** Scale of a rotated row: from at least ‖x‖/√dim, so ‖x‖ / scale ≤ qmax·√dim, the factor the rounding term assumes. */
function rowScale(rot: Float32Array, off: number, dim: number, xNorm: number, qmax: number): number {
  return codeScale(Math.max(maxAbs(rot, off, dim), xNorm / Math.sqrt(dim)), qmax);
}

/** Encodes query rows (`rot` = q rotated into the principal basis). */
export function queryOperands(
  q: Float32Array,
  rot: Float32Array,
  rows: number,
  dim: number,
  r: number,
): QueryOperands {
  const d2 = Math.ceil(dim / 2);
  const { qmax } = terms(dim);
  // A head wider than an odd row (its padding) holds the whole row.
  const h = Math.min(r, dim);
  const rowsPadded = Math.ceil(rows / 4) * 4;
  const codes = new Int32Array(rowsPadded * d2);
  const c16 = new Int16Array(codes.buffer);
  const meta = new Float32Array(rowsPadded * QUERY_META);
  for (let i = 0; i < rows; i++) {
    const m = i * QUERY_META;
    const unorm = norm(q, i * dim, dim);
    const s = rowScale(rot, i * dim, dim, unorm, qmax);
    const headL1 = encode(rot, i * dim, h, s, qmax, c16, i * 2 * d2);
    const tailL1 = encode(rot, i * dim + h, dim - h, s, qmax, c16, i * 2 * d2 + h);
    meta[m] = s;
    meta[m + 1] = up(0.501 * headL1);
    meta[m + 2] = up(0.501 * (headL1 + tailL1));
    meta[m + 3] = up(norm(rot, i * dim + h, dim - h) / s);
    meta[m + 4] = up(unorm);
  }
  return { codes, meta, rowsPadded };
}

/** Items as the kernel reads them: sorted by descending norm, codes in 8-item panels. */
export interface ItemOperands {
  /** Panel q, pair p: 8 items' code pairs (item t at int32 (q·⌈dim/2⌉ + p)·8 + t); head pairs first. */
  codes: Int32Array;
  /** Per sorted position (panel-padded): scale, head error term, full error term, ‖tail‖ (up). */
  scale: Float32Array;
  headCorr: Float32Array;
  fullCorr: Float32Array;
  tail: Float32Array;
  /** Per panel: its first (largest) item norm times (1 + slack), rounded up. */
  panelNorm: Float32Array;
  /** The f32 rows in sorted order, for exact verification. */
  sorted: Float32Array;
  /** Item id at each sorted position, and sorted position of each item id. */
  order: Int32Array;
  pos: Int32Array;
}

/** Sorts, encodes and packs items (`rot` = items rotated into the principal basis). */
export function itemOperands(
  items: Float32Array,
  rot: Float32Array,
  n: number,
  dim: number,
  r: number,
): ItemOperands {
  const d2 = Math.ceil(dim / 2);
  const { qmax, rounding } = terms(dim);
  const h = Math.min(r, dim);
  const panels = Math.ceil(n / 8);
  const norms = Float64Array.from({ length: n }, (_, i) => norm(items, i * dim, dim));
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => norms[b] - norms[a] || a - b);
  const pos = new Int32Array(n);
  const sorted = new Float32Array(n * dim);
  const codes = new Int32Array(Math.max(1, panels * d2 * 8));
  const c16 = new Int16Array(codes.buffer);
  const [scale, headCorr, fullCorr, tail] = [0, 1, 2, 3].map(() => new Float32Array(panels * 8));
  const panelNorm = new Float32Array(panels);
  const row = new Int16Array(2 * d2);
  for (let s = 0; s < n; s++) {
    const id = order[s];
    const nrm = norms[id];
    pos[id] = s;
    sorted.set(items.subarray(id * dim, id * dim + dim), s * dim);
    const sc = rowScale(rot, id * dim, dim, nrm, qmax);
    const headL1 = encode(rot, id * dim, h, sc, qmax, row, 0);
    const tailL1 = encode(rot, id * dim + h, dim - h, sc, qmax, row, h);
    // ‖u‖/s_u ≤ qmax·√dim turns the rounding term (× ‖u‖·‖i‖) into a per-item one in the query's code units.
    const round = rounding * qmax * Math.sqrt(dim) * nrm;
    scale[s] = sc;
    headCorr[s] = up(sc * (0.501 * headL1 + 0.251 * r) + round);
    fullCorr[s] = up(sc * (0.501 * (headL1 + tailL1) + 0.251 * dim) + round);
    tail[s] = up(norm(rot, id * dim + h, dim - h));
    const q = s >> 3;
    const t = s & 7;
    for (let p = 0; p < d2; p++) {
      const at = ((q * d2 + p) * 8 + t) * 2;
      c16[at] = row[2 * p];
      c16[at + 1] = row[2 * p + 1];
    }
    if (t === 0) panelNorm[q] = up(nrm * (1 + rounding + 2 ** -20));
  }
  return { codes, scale, headCorr, fullCorr, tail, panelNorm, sorted, order, pos };
}

/**
 * The kernel's per-row state (8 int32s: heap size 0, exclusion cursor and end, threshold −∞ (+∞ on padding rows),
 * group stop norm −∞) and each row's excluded items as ascending sorted positions, walked by the cursor.
 */
export function rowState(
  exclude: Csr,
  rows: number,
  rowsPadded: number,
  pos: Int32Array,
): { state: Int32Array; exIdx: Int32Array } {
  const exIdx = new Int32Array(Math.max(1, exclude.indptr[Math.min(rows, exclude.rows)]));
  const state = new Int32Array(rowsPadded * 8);
  const f = new Float32Array(state.buffer);
  for (let row = 0; row < rowsPadded; row++) {
    const own = row < exclude.rows && row < rows;
    const b = own ? exclude.indptr[row] : 0;
    const e = own ? exclude.indptr[row + 1] : 0;
    for (let p = b; p < e; p++) exIdx[p] = pos[exclude.indices[p]];
    exIdx.subarray(b, e).sort();
    state[row * 8 + 1] = b;
    state[row * 8 + 2] = e;
    f[row * 8 + 3] = row < rows ? -Infinity : Infinity;
    f[row * 8 + 4] = -Infinity;
  }
  return { state, exIdx };
}
