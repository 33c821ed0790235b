import type { Csr } from '../../tensor/csr.ts';
import { csrTranspose } from '../../tensor/csr.ts';
import { DenseProduct } from '../../tensor/linalg/gemm.ts';
import { csrTimesDense } from '../../tensor/linalg/sparse.ts';
import { LinearWorkers, type LinearJob } from './linear-workers.ts';

/** One signal to filter: a user's items with weights (null weights mean all ones). */
export interface Signal {
  items: Int32Array;
  weights: Float32Array | null;
}

/**
 * The fitted item–item filter of GF-CF / BSPM, applied to user signals r (1×items) in blocks.
 *
 * Shapes (U users, I items, k singular vectors): R̃ = D_U^-a R D_I^-b is U×I sparse (`rn`, and its
 * transpose `rnT`); V is I×k (top right singular vectors of R̃). The filter is
 *   s = r·R̃ᵀR̃  +  α · r·D_I^-b V Vᵀ D_I^b
 * where the linear term is two sparse products per user (r→users→items; never an I×I matrix) and the
 * ideal term is a k-wide sparse product followed by one dense k×I product on the SIMD kernel.
 */
export class ItemFilter {
  /** R̃ (users × items). */
  readonly rn: Csr;
  /** R̃ᵀ (items × users). */
  readonly rnT: Csr;
  /** D_I^-b per item (0 for items without training interactions). */
  readonly itemDown: Float64Array;
  /** k. */
  readonly rank: number;
  /** V (I×k, row-major). */
  readonly v: Float32Array;
  private readonly upProduct: DenseProduct | null;
  private readonly userAcc: Float64Array;
  private readonly touched: Int32Array;
  private readonly linearWorkers: LinearWorkers | null;

  /**
   * Prepares the filter from R̃ (`threads` for the sparse linear term; the dense product runs on the backend's threads),
   * the item down-scaling D_I^-b and V (with the matching up-scaling D_I^b); `rnT` is R̃ᵀ when the caller has it.
   */
  constructor(rn: Csr, itemDown: Float64Array, v: Float32Array, rank: number, threads = 1, rnT?: Csr) {
    this.rn = rn;
    // The fit already built R̃ᵀ for the SVD; a second copy is nnz × 8 bytes more at the fit's peak.
    this.rnT = rnT ?? csrTranspose(rn);
    this.itemDown = itemDown;
    this.rank = rank;
    this.v = v;
    const I = rn.cols;
    if (rank > 0) {
      // W = Vᵀ D_I^b (k×I); packed once for the block products.
      const w = new Float32Array(rank * I);
      for (let j = 0; j < I; j++) {
        const up = itemDown[j] > 0 ? 1 / itemDown[j] : 0;
        for (let t = 0; t < rank; t++) w[t * I + j] = v[j * rank + t] * up;
      }
      this.upProduct = new DenseProduct(w, rank, I);
    } else this.upProduct = null;
    this.userAcc = new Float64Array(rn.rows);
    this.touched = new Int32Array(rn.rows);
    this.linearWorkers = threads > 1 && rn.values ? new LinearWorkers(rn, this.rnT, threads - 1) : null;
  }

  /** Shared scratch block the helpers write into, reused across calls (fresh SharedArrayBuffers per block
   * are external memory the GC frees late: a Gowalla evaluation peaked at 4 GB RSS that way). */
  private scratch: Float32Array | null = null;

  private sharedScratch(n: number): Float32Array {
    if (!this.scratch || this.scratch.length < n)
      this.scratch = new Float32Array(new SharedArrayBuffer(n * 4));
    const s = this.scratch.subarray(0, n);
    s.fill(0);
    return s;
  }

  /** Items. */
  get numItems(): number {
    return this.rn.cols;
  }

  /**
   * out[row·I ..] += r·R̃ᵀR̃ for each signal (two sparse hops: items → users → items). With helper threads,
   * rows are split by work (signal lengths), computed in parallel into a shared scratch block, then added.
   */
  addLinear(signals: readonly Signal[], out: Float32Array): void {
    const lw = this.linearWorkers;
    if (lw && signals.length > 1) {
      const target = out;
      out = this.sharedScratch(signals.length * this.rn.cols);
      const parts = lw.count + 1;
      let total = 0;
      for (const s of signals) total += s.items.length + 1;
      const bounds = [0];
      let accLen = 0;
      for (let b = 0; b < signals.length && bounds.length < parts; b++) {
        accLen += signals[b].items.length + 1;
        if (accLen >= (total * bounds.length) / parts) bounds.push(b + 1);
      }
      while (bounds.length < parts) bounds.push(signals.length);
      bounds.push(signals.length);
      const jobs: LinearJob[] = [];
      for (let t = 1; t < parts; t++) jobs.push(flatten(signals, bounds[t], bounds[t + 1]));
      lw.post(out, this.rn.cols, jobs);
      this.addLinearRows(signals, out, 0, bounds[1]);
      lw.wait(jobs.length);
      for (let x = 0; x < out.length; x++) target[x] += out[x];
      return;
    }
    this.addLinearRows(signals, out, 0, signals.length);
  }

  private addLinearRows(signals: readonly Signal[], out: Float32Array, from: number, to: number): void {
    const { rn, rnT, userAcc, touched } = this;
    const I = rn.cols;
    const rPtr = rn.indptr,
      rIdx = rn.indices,
      rVal = rn.values as Float32Array;
    const tPtr = rnT.indptr,
      tIdx = rnT.indices,
      tVal = rnT.values as Float32Array;
    for (let b = from; b < to; b++) {
      const { items, weights } = signals[b];
      let nt = 0;
      for (let p = 0; p < items.length; p++) {
        const i = items[p];
        const w = weights ? weights[p] : 1;
        for (let q = tPtr[i]; q < tPtr[i + 1]; q++) {
          const v = tIdx[q];
          if (userAcc[v] === 0) touched[nt++] = v;
          userAcc[v] += w * tVal[q];
        }
      }
      const o = b * I;
      for (let t = 0; t < nt; t++) {
        const v = touched[t];
        const x = userAcc[v];
        userAcc[v] = 0;
        for (let q = rPtr[v]; q < rPtr[v + 1]; q++) out[o + rIdx[q]] += x * rVal[q];
      }
    }
  }

  /** out += alpha · r·D_I^-b V_k' V_k'ᵀ D_I^b, using the first `rank` singular vectors (default all). */
  addIdeal(signals: readonly Signal[], out: Float32Array, alpha: number, rank = this.rank): void {
    if (!this.upProduct || alpha === 0 || rank <= 0) return;
    const k = this.rank;
    const kk = Math.min(rank, k);
    const a = new Float32Array(signals.length * k);
    for (let b = 0; b < signals.length; b++) {
      const { items, weights } = signals[b];
      const o = b * k;
      for (let p = 0; p < items.length; p++) {
        const i = items[p];
        const w = (weights ? weights[p] : 1) * this.itemDown[i] * alpha;
        if (w === 0) continue;
        const vo = i * k;
        for (let t = 0; t < kk; t++) a[o + t] += w * this.v[vo + t];
      }
    }
    this.upProduct.mulAdd(a, signals.length, out);
  }

  /**
   * BSPM sharpening (Choi et al. 2023): integrates ds/dt = −s·R̃ᵀR̃ from 0 to T over `steps` Euler or RK4
   * steps, in place on a block of dense score rows. Each step costs 1 (Euler) or 4 (RK4) applications of
   * R̃ᵀR̃ to dense rows, as two sparse×dense products of width `rows`.
   */
  sharpen(out: Float32Array, rows: number, T: number, steps: number, solver: 'euler' | 'rk4'): void {
    const I = this.rn.cols;
    // Item-major state (I × rows) so both sparse products stream contiguous rows.
    let x: Float64Array = new Float64Array(I * rows);
    for (let b = 0; b < rows; b++) for (let j = 0; j < I; j++) x[j * rows + b] = out[b * I + j];
    const h = T / steps;
    const f = (s: Float64Array): Float64Array => {
      const y = csrTimesDense(this.rnT, csrTimesDense(this.rn, s, rows), rows);
      for (let i = 0; i < y.length; i++) y[i] = -y[i];
      return y;
    };
    const axpy = (base: Float64Array, c: number, d: Float64Array): Float64Array => {
      const r = new Float64Array(base.length);
      for (let i = 0; i < r.length; i++) r[i] = base[i] + c * d[i];
      return r;
    };
    for (let s = 0; s < steps; s++) {
      if (solver === 'euler') x = axpy(x, h, f(x));
      else {
        const k1 = f(x);
        const k2 = f(axpy(x, h / 2, k1));
        const k3 = f(axpy(x, h / 2, k2));
        const k4 = f(axpy(x, h, k3));
        for (let i = 0; i < x.length; i++) x[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
    }
    for (let b = 0; b < rows; b++) for (let j = 0; j < I; j++) out[b * I + j] = x[j * rows + b];
  }
}

/** Rows [from, to) of a block as one flat job for a helper thread. */
function flatten(signals: readonly Signal[], from: number, to: number): LinearJob {
  const rows = new Int32Array(Math.max(0, to - from));
  const offsets = new Int32Array(rows.length + 1);
  let len = 0;
  for (let b = from; b < to; b++) {
    rows[b - from] = b;
    len += signals[b].items.length;
    offsets[b - from + 1] = len;
  }
  const items = new Int32Array(len);
  const anyWeights = signals.slice(from, to).some((s) => s.weights !== null);
  const weights = anyWeights ? new Float32Array(len) : null;
  for (let b = from; b < to; b++) {
    const s = signals[b];
    items.set(s.items, offsets[b - from]);
    if (weights) {
      if (s.weights) weights.set(s.weights, offsets[b - from]);
      else weights.fill(1, offsets[b - from], offsets[b - from + 1]);
    }
  }
  return { rows, offsets, items, weights };
}
