import type { Csr } from '../../tensor/csr.ts';
import { invertSpdInPlace } from './gram.ts';

/**
 * EASE in its user-space (dual) form, exact over every item when there are fewer training users than items.
 * By Woodbury, P = (XᵀX + λI)⁻¹ = (I − XᵀKX)/λ with K = (XXᵀ + λI)⁻¹ (users × users), so a history x scores
 * item i ∉ x as s_i = (xB)_i = z_i / (1 − q_i), where z = XᵀK(Xx) and q_i = (XᵀKX)_ii. Nothing items × items is
 * formed: fitting costs one users² inverse, scoring one pass over X.
 */
export class DualEase {
  /** K = (XXᵀ + λI)⁻¹ over the users that have training items (row-major). */
  readonly k: Float64Array;
  /** 1 / (1 − q_i) per item (0 for items without training users). */
  readonly scale: Float64Array;
  /** Users × items training pattern restricted to users with items (rows = `users`). */
  readonly x: Csr;
  /** Items × users, the transpose of `x`. */
  readonly xt: Csr;

  /** Fits from the binary training pattern (rows of users without items are skipped). */
  constructor(seen: Csr, xt: Csr, lambda: number) {
    const rows: number[] = [];
    for (let u = 0; u < seen.rows; u++) if (seen.indptr[u + 1]! > seen.indptr[u]!) rows.push(u);
    const n = rows.length;
    const local = new Int32Array(seen.rows).fill(-1);
    rows.forEach((u, r) => (local[u] = r));
    // X restricted to users with items, and its transpose in local user numbering.
    const indptr = new Int32Array(n + 1);
    rows.forEach((u, r) => (indptr[r + 1] = indptr[r]! + seen.indptr[u + 1]! - seen.indptr[u]!));
    const indices = new Int32Array(indptr[n]!);
    rows.forEach((u, r) =>
      indices.set(seen.indices.subarray(seen.indptr[u]!, seen.indptr[u + 1]!), indptr[r]!),
    );
    this.x = { rows: n, cols: seen.cols, indptr, indices, values: null };
    const tIndices = new Int32Array(xt.indices.length);
    for (let p = 0; p < xt.indices.length; p++) tIndices[p] = local[xt.indices[p]!]!;
    this.xt = { rows: xt.rows, cols: n, indptr: xt.indptr, indices: tIndices, values: null };
    // XXᵀ: users' overlaps, accumulated item by item.
    const g = new Float64Array(n * n);
    for (let i = 0; i < xt.rows; i++) {
      const s = this.xt.indptr[i]!;
      const e = this.xt.indptr[i + 1]!;
      for (let a = s; a < e; a++) {
        const ao = this.xt.indices[a]! * n;
        for (let b = s; b < e; b++) g[ao + this.xt.indices[b]!]! += 1;
      }
    }
    for (let r = 0; r < n; r++) g[r * n + r]! += lambda;
    invertSpdInPlace(g, n);
    this.k = g;
    this.scale = new Float64Array(seen.cols);
    for (let i = 0; i < xt.rows; i++) {
      const s = this.xt.indptr[i]!;
      const e = this.xt.indptr[i + 1]!;
      if (e === s) continue;
      let q = 0;
      for (let a = s; a < e; a++) {
        const ao = this.xt.indices[a]! * n;
        for (let b = s; b < e; b++) q += g[ao + this.xt.indices[b]!]!;
      }
      this.scale[i] = 1 / (1 - q);
    }
  }

  /** Writes xB for a history (distinct item indices, weights x_i; 1 when null) to `out[off .. off + items)`. */
  score(history: ArrayLike<number>, weights: ArrayLike<number> | null, out: Float32Array, off: number): void {
    out.fill(0, off, off + this.scale.length);
    const n = this.x.rows;
    const t = new Float64Array(n);
    for (let h = 0; h < history.length; h++) {
      const i = history[h]!;
      const x = weights ? weights[h]! : 1;
      for (let p = this.xt.indptr[i]!; p < this.xt.indptr[i + 1]!; p++) t[this.xt.indices[p]!]! += x;
    }
    const w = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      if (t[r] === 0) continue;
      const tr = t[r]!;
      const ro = r * n;
      for (let c = 0; c < n; c++) w[c]! += tr * this.k[ro + c]!;
    }
    for (let r = 0; r < n; r++) {
      const wr = w[r]!;
      if (wr === 0) continue;
      for (let p = this.x.indptr[r]!; p < this.x.indptr[r + 1]!; p++) out[off + this.x.indices[p]!]! += wr;
    }
    // Here out holds z; history items score x_i − (x_i − z_i)/(1 − q_i), the others z_i/(1 − q_i).
    for (let h = 0; h < history.length; h++)
      out[off + history[h]!] = out[off + history[h]!]! - (weights ? weights[h]! : 1);
    for (let i = 0; i < this.scale.length; i++) out[off + i] = out[off + i]! * this.scale[i]!;
    for (let h = 0; h < history.length; h++)
      out[off + history[h]!] = out[off + history[h]!]! + (weights ? weights[h]! : 1);
  }
}
