import { DenseProduct } from '../../tensor/linalg/gemm.ts';
import { csrTimesDense } from '../../tensor/linalg/sparse.ts';
import type { Csr } from '../../tensor/csr.ts';
import type { ItemFilter, Signal } from '../graph-filter/filter.ts';
import type { SpectralBasis } from './basis.ts';
import type { SpectralFilterConfig } from './config.ts';

/** Per-signal normalisers of the two terms (their sums over items), fixed for exact explanations. */
export interface TermSums {
  lowRank: Float64Array;
  linear: Float64Array;
}

/**
 * The filter of a fitted basis under one score-time setting:
 *   s = w_u · N_L(r) · (r ⊙ d_in) V_k diag((σ/σ₁)^p) V_kᵀ ⊙ (d_i+μ)^outExp  +  γ · N_H(r) · y(r) R̃ᵀR̃
 * with y(r) = r (raw) or r ⊙ d_in (normalized), N_L, N_H the inverse row sums of each term when `rowNorm`
 * (SGFCF) or 1, and w_u = (|r| / d̄)^κ (`lowRankUserExp`, 1 at κ 0); with `sharpenT` > 0, s then follows BSPM-EM's sharpening ODE ds/dt = −s·R̃ᵀR̃/σ₁² (Euler or RK4 steps). The low-rank term is a k-wide sparse product then one dense (block×k)·(k×items) product; the
 * linear term is two sparse hops per user (graph-filter's `ItemFilter`, helper threads included), never an items×items matrix.
 */
export class SpectralScorer {
  /** Singular vectors in use. */
  readonly rank: number;
  private readonly basis: SpectralBasis;
  private readonly cfg: SpectralFilterConfig;
  private readonly linear: ItemFilter;
  private readonly product: DenseProduct | null;
  /** Σ_j W[t, j]: the low-rank term's row sum is a·q. */
  private readonly q: Float64Array;
  /** R̃ᵀR̃·1: the linear term's row sum is y·c. */
  private readonly c: Float64Array;
  /** (σ_t/σ₁)^p, zero beyond the rank in use. */
  private readonly weights: Float64Array;
  /** ln d̄: the mean log-degree of the training users (the reference of `lowRankUserExp`). */
  private readonly logMeanDeg: number;

  /** Builds W = diag((σ/σ₁)^p) V_kᵀ ⊙ (d+μ)^outExp (packed once) and the row-sum vectors. */
  constructor(basis: SpectralBasis, cfg: SpectralFilterConfig, linear: ItemFilter, linearSums: Float64Array) {
    this.basis = basis;
    this.cfg = cfg;
    this.linear = linear;
    this.c = linearSums;
    const K = basis.rank;
    const k = cfg.rank > 0 ? Math.min(cfg.rank, K) : K;
    this.rank = k;
    const I = basis.rn.cols;
    const s1 = K > 0 ? basis.sigma[0] : 0;
    this.weights = new Float64Array(k);
    for (let t = 0; t < k; t++)
      this.weights[t] = basis.sigma[t] > 0 && s1 > 0 ? Math.pow(basis.sigma[t] / s1, cfg.power) : 0;
    this.q = new Float64Array(k);
    this.logMeanDeg = meanLogDegree(basis.rn);
    if (k === 0) {
      this.product = null;
      return;
    }
    const w = new Float32Array(k * I);
    for (let j = 0; j < I; j++) {
      const d = basis.itemDeg[j];
      if (d <= 0) continue;
      const up = Math.pow(d, cfg.outExp);
      const vo = j * K;
      for (let t = 0; t < k; t++) {
        const x = this.weights[t] * basis.v[vo + t] * up;
        w[t * I + j] = x;
        this.q[t] += x;
      }
    }
    this.product = new DenseProduct(w, k, I);
  }

  /** Frees the packed product now (the scorer is replaced when score-time settings change). */
  close(): void {
    this.product?.close();
  }

  /**
   * The per-signal divisors of the two terms: the row sums under `rowNorm` (else 1), the low-rank one also divided
   * by the user weight (d_u / d̄)^κ, so that a history's one-item signals share its whole-history mix.
   */
  sums(signals: readonly Signal[]): TermSums {
    const kappa = this.cfg.lowRankUserExp;
    const lowRank = Float64Array.from(signals, (s) =>
      kappa !== 0 && s.items.length > 0 ? Math.exp(-kappa * (Math.log(s.items.length) - this.logMeanDeg)) : 1,
    );
    const linear = new Float64Array(signals.length).fill(1);
    if (!this.cfg.rowNorm) return { lowRank, linear };
    const a = this.project(signals);
    const k = this.rank;
    for (let b = 0; b < signals.length; b++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[b * k + t] * this.q[t];
      lowRank[b] *= s;
      const lin = this.linearSignal(signals[b]);
      let h = 0;
      for (let p = 0; p < lin.items.length; p++) h += (lin.weights as Float32Array)[p] * this.c[lin.items[p]];
      linear[b] = h;
    }
    return { lowRank, linear };
  }

  /** a = (r ⊙ d_in) V_k, block × k. */
  private project(signals: readonly Signal[]): Float64Array {
    const k = this.rank;
    const K = this.basis.rank;
    const { v, itemIn } = this.basis;
    const a = new Float64Array(signals.length * k);
    for (let b = 0; b < signals.length; b++) {
      const { items, weights } = signals[b];
      const o = b * k;
      for (let p = 0; p < items.length; p++) {
        const i = items[p];
        const x = (weights ? weights[p] : 1) * itemIn[i];
        if (x === 0) continue;
        const vo = i * K;
        for (let t = 0; t < k; t++) a[o + t] += x * v[vo + t];
      }
    }
    return a;
  }

  private linearSignal(s: Signal): Signal {
    const w = new Float32Array(s.items.length);
    for (let p = 0; p < w.length; p++)
      w[p] =
        (s.weights ? s.weights[p] : 1) *
        (this.cfg.linearInput === 'normalized' ? this.basis.itemIn[s.items[p]] : 1);
    return { items: s.items, weights: w };
  }

  /**
   * out (signals × items, row-major) += the filter's response; `sums` fixes the normalisers (default: each signal's
   * own), so that one-item signals scored with a history's sums add up exactly to the history's scores.
   */
  addScores(signals: readonly Signal[], out: Float32Array, sums: TermSums = this.sums(signals)): void {
    const { sharpenT, sharpenSteps, sharpenSolver } = this.cfg;
    if (sharpenT <= 0) {
      this.addMixed(signals, out, sums);
      return;
    }
    // Sharpening is linear, so it runs on this call's own response (out may already hold other terms).
    const n = signals.length * this.basis.rn.cols;
    const own = new Float32Array(n);
    this.addMixed(signals, own, sums);
    // Time in units of 1/σ₁² so that T means the same under every normalisation (σ₁ = 1 at ε = ½, as in BSPM).
    const s1 = this.basis.rank > 0 ? this.basis.sigma[0] : 1;
    this.linear.sharpen(own, signals.length, sharpenT / (s1 * s1), sharpenSteps, sharpenSolver);
    for (let x = 0; x < n; x++) out[x] += own[x];
  }

  /** out += the mixed low-rank and linear terms (before sharpening). */
  private addMixed(signals: readonly Signal[], out: Float32Array, sums: TermSums): void {
    const safe = (x: number): number => (Math.abs(x) > 1e-30 ? 1 / x : 1);
    if (this.product) {
      const k = this.rank;
      const a = this.project(signals);
      for (let b = 0; b < signals.length; b++) {
        const inv = safe(sums.lowRank[b]);
        for (let t = 0; t < k; t++) a[b * k + t] *= inv;
      }
      this.product.mulAdd(a, signals.length, out);
    }
    const gamma = this.cfg.gamma;
    if (gamma === 0) return;
    const lin = signals.map((s, b) => {
      const l = this.linearSignal(s);
      const f = gamma * safe(sums.linear[b]);
      const w = l.weights as Float32Array;
      for (let p = 0; p < w.length; p++) w[p] *= f;
      return l;
    });
    this.linear.addLinear(lin, out);
  }
}

/** Mean of ln d_u over the users with a training history (0 when none). */
function meanLogDegree(rn: Csr): number {
  let s = 0;
  let n = 0;
  for (let u = 0; u < rn.rows; u++) {
    const d = rn.indptr[u + 1] - rn.indptr[u];
    if (d > 0) {
      s += Math.log(d);
      n++;
    }
  }
  return n > 0 ? s / n : 0;
}

/** R̃ᵀR̃·1 (items): the linear term's response summed over items, per input item. */
export function linearRowSums(basis: SpectralBasis, linear: ItemFilter): Float64Array {
  const ones = new Float64Array(basis.rn.cols).fill(1);
  return csrTimesDense(linear.rnT, csrTimesDense(basis.rn, ones, 1), 1);
}
