// int16 codes for the bound-and-verify top-k kernel (assembly/topk-dot.ts). A row x gets a scale s and codes
// c = round(x / s) with |c| ≤ qmax, so x = s·(c + e) with |e| ≤ ½. For a query u and an item i,
//   u·i = s_u·s_i·(c_u·c_i + c_u·e_i + e_u·c_i + e_u·e_i) ≤ s_u·(s_i·(c_u·c_i + ½‖c_u‖₁) + s_i·(½‖c_i‖₁ + ¼d)),
// and the float32 score the kernel verifies with differs from u·i by at most γ‖u‖‖i‖. The integer dot c_u·c_i is
// the kernel's only per-pair work; everything else is a per-query or per-item term computed here.

/** Largest code magnitude for width `dim`: every partial sum of an int16 dot product then fits in int32. */
export function codeRange(dim: number): number {
  const pairs = Math.ceil(dim / 2);
  return Math.min(32767, Math.floor(Math.sqrt((2 ** 31 - 1) / (2 * pairs))));
}

/** Relative bound on float32 rounding of a `dim`-term dot product and of the kernel's bound arithmetic. */
export function roundingSlack(dim: number): number {
  return (1.01 * dim + 16) * 2 ** -24;
}

const up = (x: number): number => Math.fround(x * (1 + 2 ** -20));

/** Writes row r's codes (zero-padded to an even width) into `codes` at `off` and returns its scale and ‖c‖₁. */
function encodeRow(x: Float32Array, r: number, dim: number, qmax: number, codes: Int16Array, off: number): { scale: number; l1: number } {
  let max = 0;
  for (let p = 0; p < dim; p++) max = Math.max(max, Math.abs(x[r * dim + p]));
  const scale = max > 0 ? Math.fround(max / qmax) : 1;
  let l1 = 0;
  for (let p = 0; p < dim; p++) {
    const c = Math.max(-qmax, Math.min(qmax, Math.round(x[r * dim + p] / scale)));
    codes[off + p] = c;
    l1 += Math.abs(c);
  }
  return { scale, l1 };
}

function norm(x: Float32Array, r: number, dim: number): number {
  let s = 0;
  for (let p = 0; p < dim; p++) s += x[r * dim + p] ** 2;
  return Math.sqrt(s);
}

/** Query rows as the kernel reads them (rows padded to a multiple of 4). */
export interface QueryCodes {
  /** rowsPadded × ⌈dim/2⌉ code pairs, one per int32. */
  codes: Int32Array;
  /** Per row: scale, ½‖c‖₁ (rounded up), ‖u‖ (rounded up), 0. */
  meta: Float32Array;
  rowsPadded: number;
}

/** Encodes query rows for `topk_dot_i16`. */
export function queryCodes(q: Float32Array, rows: number, dim: number): QueryCodes {
  const d2 = Math.ceil(dim / 2);
  const qmax = codeRange(dim);
  const rowsPadded = Math.ceil(rows / 4) * 4;
  const codes = new Int32Array(rowsPadded * d2);
  const c16 = new Int16Array(codes.buffer);
  const meta = new Float32Array(rowsPadded * 4);
  for (let r = 0; r < rows; r++) {
    const { scale, l1 } = encodeRow(q, r, dim, qmax, c16, r * 2 * d2);
    meta[r * 4] = scale;
    meta[r * 4 + 1] = up(0.501 * l1);
    meta[r * 4 + 2] = up(norm(q, r, dim));
  }
  return { codes, meta, rowsPadded };
}

/** Items as the kernel reads them: sorted by descending norm, codes in 8-item panels. */
export interface ItemCodes {
  /** Panel q, pair p: 8 items' code pairs (item t at int32 (q·d2 + p)·8 + t). */
  packed: Int32Array;
  /** The f32 rows in sorted order, for exact verification. */
  sorted: Float32Array;
  /** Per sorted position (panel-padded): code scale, and the item's error term of the bound. */
  scale: Float32Array;
  corr: Float32Array;
  /** Per panel: its first (largest) item norm times (1 + slack), rounded up. */
  panelNorm: Float32Array;
  /** Item id at each sorted position. */
  order: Int32Array;
  /** Sorted position of each item id. */
  pos: Int32Array;
}

/** Sorts, encodes and packs items for `topk_dot_i16`. */
export function itemCodes(items: Float32Array, n: number, dim: number): ItemCodes {
  const d2 = Math.ceil(dim / 2);
  const qmax = codeRange(dim);
  const gamma = roundingSlack(dim);
  const panels = Math.ceil(n / 8);
  const norms = Float64Array.from({ length: n }, (_, i) => norm(items, i, dim));
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => norms[b] - norms[a] || a - b);
  const pos = new Int32Array(n);
  const sorted = new Float32Array(n * dim);
  const packed = new Int32Array(Math.max(1, panels * d2 * 8));
  const p16 = new Int16Array(packed.buffer);
  const scale = new Float32Array(panels * 8);
  const corr = new Float32Array(panels * 8);
  const panelNorm = new Float32Array(panels);
  const row = new Int16Array(2 * d2);
  for (let s = 0; s < n; s++) {
    const id = order[s];
    pos[id] = s;
    sorted.set(items.subarray(id * dim, id * dim + dim), s * dim);
    row.fill(0);
    const enc = encodeRow(items, id, dim, qmax, row, 0);
    scale[s] = enc.scale;
    corr[s] = up(enc.scale * (0.501 * enc.l1 + 0.251 * dim) + gamma * qmax * Math.sqrt(dim) * norms[id]);
    const q = s >> 3;
    const t = s & 7;
    for (let p = 0; p < d2; p++) {
      const w = ((q * d2 + p) * 8 + t) * 2;
      p16[w] = row[2 * p];
      p16[w + 1] = row[2 * p + 1];
    }
    if (t === 0) panelNorm[q] = up(norms[id] * (1 + gamma + 2 ** -20));
  }
  return { packed, sorted, scale, corr, panelNorm, order, pos };
}
