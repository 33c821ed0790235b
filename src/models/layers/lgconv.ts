import type { Csr } from '../../graph/csr.ts';
import type { NormalizedBipartite } from '../../graph/normalize.ts';
import { getBackend } from '../../tensor/backend/registry.ts';

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
    readonly useBackend = getBackend().name !== 'js',
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

  private bufS: Float32Array | null = null;

  /**
   * `apply` where only the rows `rows` (stacked indices, ascending) of `out` are needed, as in a BPR step: the last
   * layer is computed at those rows only. Other rows of `out` hold partial sums. Needs a non-js backend and K ≥ 1.
   */
  applyRows(x: Float32Array, out: Float32Array, rows: StackedRows): void {
    const be = getBackend();
    const K = this.layers;
    const d = this.dim;
    const xs = this.scaled(x);
    let cur = xs;
    for (let k = 1; k < K; k++) {
      const next = k % 2 === 1 ? this.bufA : this.bufB;
      this.spmmBlocks(cur, next, 1, xs);
      cur = next;
    }
    const cut = this.graph.numUsers * d;
    be.spmmRows(this.graph.userItems, cur.subarray(cut), d, out.subarray(0, cut), 1, rows.users, xs.subarray(0, cut));
    be.spmmRows(this.graph.itemUsers, cur.subarray(0, cut), d, out.subarray(cut), 1, rows.items, xs.subarray(cut));
  }

  /**
   * `apply` for an input that is zero outside `rows` (a mini-batch gradient): the first propagation is pushed from
   * those rows (Â is symmetric, so Â·g = Âᵀ·g) at the cost of their non-zeros. Needs a non-js backend and K ≥ 1.
   */
  applyFromRows(g: Float32Array, out: Float32Array, rows: StackedRows): void {
    const be = getBackend();
    const K = this.layers;
    const d = this.dim;
    const gs = this.scaled(g);
    const cut = this.graph.numUsers * d;
    let cur = K === 1 ? out : this.bufA;
    cur.set(gs);
    be.spmmTPush(this.graph.userItems, gs.subarray(0, cut), d, cur.subarray(cut), rows.users);
    be.spmmTPush(this.graph.itemUsers, gs.subarray(cut), d, cur.subarray(0, cut), rows.items);
    for (let k = 2; k <= K; k++) {
      const next = k === K ? out : k % 2 === 0 ? this.bufB : this.bufA;
      this.spmmBlocks(cur, next, 1, gs);
      cur = next;
    }
  }

  /** x / (K+1) in the scratch buffer. */
  private scaled(x: Float32Array): Float32Array {
    const be = getBackend();
    const xs = this.bufS ?? (this.bufS = be.allocF32(x.length));
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
