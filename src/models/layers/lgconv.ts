import type { Csr } from '../../tensor/csr.ts';
import type { NormalizedBipartite } from '../../graph/normalize.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import { FactoredAdjacency } from '../../graph/factored-adjacency.ts';

/** A set of rows of the stacked embedding matrix: all of them ascending, and split into user and item indices. */
export interface StackedRows {
  all: Int32Array;
  users: Int32Array;
  items: Int32Array;
}

/** Splits ascending stacked row indices at `numUsers` into users and (re-based) items. */
export function stackedRows(all: Int32Array, numUsers: number): StackedRows {
  let cut = 0;
  while (cut < all.length && all[cut] < numUsers) cut++;
  const items = all.slice(cut);
  for (let i = 0; i < items.length; i++) items[i] -= numUsers;
  return { all, users: all.subarray(0, cut), items };
}

/**
 * LightGCN propagation as one fused, linear op (He et al., "LightGCN: Simplifying and Powering Graph Convolution
 * Network for Recommendation", SIGIR 2020, eq. 8): E = 1/(K+1) Σ_{k=0..K} Â^k E⁰ with Â = D^-½ A D^-½ over the
 * user–item graph. Embeddings are stacked `(numUsers + numItems) × dim`, users first.
 *
 * Why fused: Â is symmetric, so the op is self-adjoint and its gradient rule is the same call on the upstream
 * gradient (∂L/∂E⁰ = P ∂L/∂E with P = 1/(K+1) Σ Â^k). This avoids a tape of K intermediate (N × dim) tensors and
 * lets the hot loop run directly on the two off-diagonal CSR blocks. With the reference (js) backend a local
 * register-blocked kernel runs (≈3× the generic js spmm); any other backend (wasm SIMD) gets its `spmm` called.
 */
export class LgConv {
  /** Rows of the stacked embedding matrix. */
  readonly nodes: number;
  private bufA: Float32Array;
  private bufB: Float32Array;

  /** Prepares scratch buffers for `dim`-wide embeddings over `graph`; `useBackend` forces the backend's spmm. */
  constructor(
    readonly graph: NormalizedBipartite,
    readonly layers: number,
    readonly dim: number,
    readonly useBackend = getBackend().accelerated,
  ) {
    this.nodes = graph.numUsers + graph.numItems;
    const be = getBackend();
    this.bufA = be.allocF32(this.nodes * dim);
    this.bufB = be.allocF32(this.nodes * dim);
  }

  /** out = 1/(K+1) Σ_k Â^k x (also the gradient rule: pass ∂L/∂out as `x` to get ∂L/∂x). */
  apply(x: Float32Array, out: Float32Array): void {
    const K = this.layers;
    if (this.useBackend && K > 0) return this.applyHorner(x, out);
    out.set(x);
    let cur = x;
    for (let k = 1; k <= K; k++) {
      const next = k % 2 === 1 ? this.bufA : this.bufB;
      // The running sum and the final 1/(K+1) ride along in the kernel's store phase (no extra passes).
      this.step(cur, next, out, k === K ? 1 / (K + 1) : 1);
      cur = next;
    }
  }

  /**
   * Backend path in Horner form, s·Σ_{k≤K} Â^k x = xs + Â(xs + Â(xs + …)) with xs = s·x: each layer is one
   * `spmm` adding xs (its C operand), so the layer sum and the 1/(K+1) cost no extra passes.
   */
  private applyHorner(x: Float32Array, out: Float32Array): void {
    const K = this.layers;
    const xs = this.scaled(x);
    let cur = xs;
    for (let k = 1; k <= K; k++) {
      const next = k === K ? out : k % 2 === 1 ? this.bufA : this.bufB;
      this.spmmBlocks(cur, next, 1, xs);
      cur = next;
    }
  }

  /**
   * `apply` where only the rows `rows` (stacked indices, ascending) of `out` are needed, as in a BPR step: the last
   * layer is computed at those rows only. Other rows of `out` hold partial sums. Needs a non-js backend and K ≥ 1.
   */
  applyRows(x: Float32Array, out: Float32Array, rows: StackedRows): void {
    const be = getBackend();
    const K = this.layers;
    const d = this.dim;
    const s = 1 / (K + 1);
    const f = this.factors();
    // Horner on the unscaled input; 1/(K+1) is applied at the batch's rows only, saving a full pass.
    if (f) {
      // In w_k = D^-½·y_k the layers read w_k = D^-1·A·w_{k-1} + D^-½x: unit weights, one row scale each.
      const xc = this.scratch('S');
      f.scaleHalf(x, xc, d);
      let cur = xc;
      for (let k = 1; k < K; k++) {
        const next = k % 2 === 1 ? this.bufA : this.bufB;
        f.product(cur, next, xc, d, 'one');
        cur = next;
      }
      f.product(cur, out, x, d, 'half', { rows, alpha: s, beta: s });
      return;
    }
    const cut = this.graph.numUsers * d;
    let cur = x;
    for (let k = 1; k < K; k++) {
      const next = k % 2 === 1 ? this.bufA : this.bufB;
      this.spmmBlocks(cur, next, 1, x);
      cur = next;
    }
    be.spmmRows(
      this.graph.userItems,
      cur.subarray(cut),
      d,
      out.subarray(0, cut),
      1,
      rows.users,
      x.subarray(0, cut),
    );
    be.spmmRows(
      this.graph.itemUsers,
      cur.subarray(0, cut),
      d,
      out.subarray(cut),
      1,
      rows.items,
      x.subarray(cut),
    );
    scaleRows(out, rows.all, d, s);
  }

  /**
   * `apply` for an input that is zero outside `rows` (a mini-batch gradient), which it consumes (its rows may be
   * scaled in place). Horner runs on w = Â·g, pushed from the batch's rows (Â symmetric, so Â·g = Âᵀ·g):
   * P·g = s·g + s·(w + Â(w + Â(w + …))) with s = 1/(K+1), so no full pass scales or copies. Needs a non-js backend
   * and K ≥ 1.
   */
  applyFromRows(g: Float32Array, out: Float32Array, rows: StackedRows): void {
    const be = getBackend();
    const K = this.layers;
    const d = this.dim;
    const s = 1 / (K + 1);
    const cut = this.graph.numUsers * d;
    const f = K > 1 ? this.factors() : null;
    if (!f) scaleRows(g, rows.all, d, s);
    const w = K === 1 ? out : this.scratch('S');
    w.fill(0);
    be.spmmTPush(this.graph.userItems, g.subarray(0, cut), d, w.subarray(cut), rows.users);
    be.spmmTPush(this.graph.itemUsers, g.subarray(cut), d, w.subarray(0, cut), rows.items);
    if (f) {
      // As in `applyRows`, with u_k = s·D^-½·z_k: u_k = D^-1·A·u_{k-1} + s·D^-½w, and z_K = D^-½·A·u_{K-1} + s·w.
      const u0 = this.scratch('U');
      f.scaleHalf(w, u0, d, s);
      let cur = u0;
      for (let k = 2; k < K; k++) {
        const next = k % 2 === 0 ? this.bufA : this.bufB;
        f.product(cur, next, u0, d, 'one');
        cur = next;
      }
      f.product(cur, out, w, d, 'half', { beta: s });
      f.addRows(g, out, d, rows.all, s);
      return;
    }
    let cur = w;
    for (let k = 2; k <= K; k++) {
      const next = k === K ? out : k % 2 === 0 ? this.bufA : this.bufB;
      this.spmmBlocks(cur, next, 1, w);
      cur = next;
    }
    for (const r of rows.all) for (let o = r * d, e = o + d; o < e; o++) out[o] += g[o];
  }

  private extra = new Map<string, Float32Array>();

  /** A named full-size scratch matrix in backend memory, allocated on first use. */
  private scratch(name: string): Float32Array {
    let b = this.extra.get(name);
    if (!b) this.extra.set(name, (b = getBackend().allocF32(this.nodes * this.dim)));
    return b;
  }

  private factored: FactoredAdjacency | null | undefined;

  /** The unit-weight factors of Â (null when its weights are not the symmetric normalisation's). */
  private factors(): FactoredAdjacency | null {
    if (this.factored === undefined) this.factored = FactoredAdjacency.of(this.graph);
    return this.factored;
  }

  /** x / (K+1) in the scratch buffer. */
  private scaled(x: Float32Array): Float32Array {
    const be = getBackend();
    const xs = this.scratch('S');
    be.scale(1 / (this.layers + 1), x, xs);
    return xs;
  }

  /** y = Â x + beta·c (c defaults to y) with the backend's spmm on the two off-diagonal blocks. */
  private spmmBlocks(x: Float32Array, y: Float32Array, beta: number, c: Float32Array = y): void {
    const be = getBackend();
    const cut = this.graph.numUsers * this.dim;
    be.spmm(this.graph.userItems, x.subarray(cut), this.dim, y.subarray(0, cut), beta, c.subarray(0, cut));
    be.spmm(this.graph.itemUsers, x.subarray(0, cut), this.dim, y.subarray(cut), beta, c.subarray(cut));
  }

  /** One propagation step y = Â x over the stacked layout; with `acc`, also acc = (acc + y)·scale. */
  step(x: Float32Array, y: Float32Array, acc: Float32Array | null = null, scale = 1): void {
    const { numUsers } = this.graph;
    const d = this.dim;
    if (this.useBackend) {
      const be = getBackend();
      this.spmmBlocks(x, y, 0);
      if (acc) {
        be.axpy(1, y, acc);
        if (scale !== 1) for (let i = 0; i < acc.length; i++) acc[i] *= scale;
      }
      return;
    }
    // Users pull from items (item rows start at numUsers), items pull from users.
    spmmRows(this.graph.userItems, x, numUsers * d, y, 0, d, acc, scale);
    spmmRows(this.graph.itemUsers, x, 0, y, numUsers * d, d, acc, scale);
  }
}

/** x[r·d .. r·d + d] *= alpha for each listed row (a batch's rows: cheaper than a full pass). */
function scaleRows(x: Float32Array, rows: Int32Array, d: number, alpha: number): void {
  for (const r of rows) for (let o = r * d, e = o + d; o < e; o++) x[o] *= alpha;
}

/**
 * y[yOff + r*d ..] = Σ_p w_p x[xOff + col_p*d ..] for every row r of `m` (pull form, rows independent);
 * with `acc`, also acc[same] = (acc + y)·scale.
 */
export function spmmRows(
  m: Csr,
  x: Float32Array,
  xOff: number,
  y: Float32Array,
  yOff: number,
  d: number,
  acc: Float32Array | null = null,
  scale = 1,
): void {
  if (d % 16 !== 0) return spmmRowsGeneric(m, x, xOff, y, yOff, d, acc, scale);
  const { indptr, indices, values } = m;
  for (let r = 0; r < m.rows; r++) {
    const s = indptr[r];
    const e = indptr[r + 1];
    // 16 columns at a time in locals: V8 keeps them in registers, ~3x faster than accumulating into memory.
    for (let c = 0; c < d; c += 16) {
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        a4 = 0,
        a5 = 0,
        a6 = 0,
        a7 = 0,
        a8 = 0,
        a9 = 0,
        a10 = 0,
        a11 = 0,
        a12 = 0,
        a13 = 0,
        a14 = 0,
        a15 = 0;
      for (let p = s; p < e; p++) {
        const w = values ? values[p] : 1;
        const b = xOff + indices[p] * d + c;
        a0 += w * x[b + 0];
        a1 += w * x[b + 1];
        a2 += w * x[b + 2];
        a3 += w * x[b + 3];
        a4 += w * x[b + 4];
        a5 += w * x[b + 5];
        a6 += w * x[b + 6];
        a7 += w * x[b + 7];
        a8 += w * x[b + 8];
        a9 += w * x[b + 9];
        a10 += w * x[b + 10];
        a11 += w * x[b + 11];
        a12 += w * x[b + 12];
        a13 += w * x[b + 13];
        a14 += w * x[b + 14];
        a15 += w * x[b + 15];
      }
      const o = yOff + r * d + c;
      y[o + 0] = a0;
      y[o + 1] = a1;
      y[o + 2] = a2;
      y[o + 3] = a3;
      y[o + 4] = a4;
      y[o + 5] = a5;
      y[o + 6] = a6;
      y[o + 7] = a7;
      y[o + 8] = a8;
      y[o + 9] = a9;
      y[o + 10] = a10;
      y[o + 11] = a11;
      y[o + 12] = a12;
      y[o + 13] = a13;
      y[o + 14] = a14;
      y[o + 15] = a15;
      if (acc) {
        acc[o + 0] = (acc[o + 0] + a0) * scale;
        acc[o + 1] = (acc[o + 1] + a1) * scale;
        acc[o + 2] = (acc[o + 2] + a2) * scale;
        acc[o + 3] = (acc[o + 3] + a3) * scale;
        acc[o + 4] = (acc[o + 4] + a4) * scale;
        acc[o + 5] = (acc[o + 5] + a5) * scale;
        acc[o + 6] = (acc[o + 6] + a6) * scale;
        acc[o + 7] = (acc[o + 7] + a7) * scale;
        acc[o + 8] = (acc[o + 8] + a8) * scale;
        acc[o + 9] = (acc[o + 9] + a9) * scale;
        acc[o + 10] = (acc[o + 10] + a10) * scale;
        acc[o + 11] = (acc[o + 11] + a11) * scale;
        acc[o + 12] = (acc[o + 12] + a12) * scale;
        acc[o + 13] = (acc[o + 13] + a13) * scale;
        acc[o + 14] = (acc[o + 14] + a14) * scale;
        acc[o + 15] = (acc[o + 15] + a15) * scale;
      }
    }
  }
}

function spmmRowsGeneric(
  m: Csr,
  x: Float32Array,
  xOff: number,
  y: Float32Array,
  yOff: number,
  d: number,
  acc: Float32Array | null,
  scale: number,
): void {
  const { indptr, indices, values } = m;
  for (let r = 0; r < m.rows; r++) {
    const o = yOff + r * d;
    y.fill(0, o, o + d);
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const w = values ? values[p] : 1;
      const b = xOff + indices[p] * d;
      for (let c = 0; c < d; c++) y[o + c] += w * x[b + c];
    }
    if (acc) for (let c = 0; c < d; c++) acc[o + c] = (acc[o + c] + y[o + c]) * scale;
  }
}
