import type { Csr } from '../../tensor/csr.ts';
import { topKRow } from '../shared/topk.ts';
import type { ItemFilter } from './filter.ts';
import type { HotColumns } from './hot-columns.ts';
import { rankProfile } from './rank-profile.ts';

const NONE = new Float32Array(0);

/**
 * The GF-CF score of a user's candidates, s_j = Σ_{i∈u} G_ij + α a·V_j / d_j, with reusable per-user scratch.
 * G_ij is a lookup where i or j is hot (`HotColumns`); the rest, Σ_{i∈u non-hot} G_ij, is a sparse walk over j's
 * users (x·R̃[:, j], x = R̃ over the user's non-hot items), whose length is j's degree and so grows with the users.
 * With `walks` ≥ 0 only the `walks` non-hot candidates whose estimate ranks highest are walked, the estimate being
 * the score with that part replaced by its low-rank value Σ_t σ_t² b_t V_jt (b = Σ_{i∈u non-hot} V_i, the filter's
 * own singular directions); the others are ranked by their estimate. The walks per user are then bounded by
 * `walks` item degrees instead of `cand.length` of them.
 */
export class Reranker {
  private readonly x: Float64Array;
  private readonly touched: Int32Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly row: Float32Array;
  private readonly hotOfUser: Int32Array;
  /** Per candidate: linear term, low-rank term, estimate (grown to the largest candidate list seen). */
  private lin = new Float64Array(0);
  private ideal = new Float64Array(0);
  private est = new Float32Array(0);
  private pick = new Int32Array(0);
  private pickVal = new Float32Array(0);

  constructor(
    private readonly f: ItemFilter,
    readonly alpha: number,
    private readonly hot: HotColumns,
    private readonly sv: Float64Array,
  ) {
    this.x = new Float64Array(f.rn.rows);
    this.touched = new Int32Array(f.rn.rows);
    this.a = new Float64Array(f.rank);
    this.b = new Float64Array(f.rank);
    this.row = new Float32Array(f.numItems);
    this.hotOfUser = new Int32Array(Math.max(1, hot.count));
  }

  /**
   * Top-`k` of `cand` for user `u` into out*[at ..]: exact with `walks` < 0, else by the estimate with `walks` non-hot
   * candidates walked exactly (0: none, and then the user's own items' lists are not walked either). `walked` holds,
   * for the candidates from `cand.length − walked.length` on (the co-rated ones), their walked part of the linear
   * term: their estimate uses it instead of the low-rank value, which is what misses them.
   */
  topK(
    seen: Csr,
    u: number,
    cand: Int32Array,
    k: number,
    outItems: Int32Array,
    outScores: Float32Array,
    at: number,
    walks = -1,
    walked: Float32Array = NONE,
  ): void {
    const { f, x, touched, a, b, row, alpha, hotOfUser } = this;
    const { slot, cols } = this.hot;
    const I = f.numItems;
    const t = f.rnT;
    const tPtr = t.indptr,
      tIdx = t.indices,
      tVal = t.values as Float32Array;
    const rank = f.rank;
    const from = seen.indptr[u],
      to = seen.indptr[u + 1];
    const prof = rankProfile();
    prof?.mark();
    if (this.lin.length < cand.length) {
      this.lin = new Float64Array(cand.length);
      this.ideal = new Float64Array(cand.length);
      this.est = new Float32Array(cand.length);
    }
    const { lin, ideal } = this;
    let nt = 0;
    let nh = 0;
    a.fill(0);
    b.fill(0);
    const bounded = walks >= 0;
    const knownFrom = cand.length - walked.length;
    for (let p = from; p < to; p++) {
      const i = seen.indices[p];
      const d = f.itemDown[i] * alpha;
      if (d !== 0) for (let r = 0; r < rank; r++) a[r] += d * f.v[i * rank + r];
      if (slot[i] >= 0) {
        hotOfUser[nh++] = slot[i];
        continue;
      }
      if (bounded) for (let r = 0; r < rank; r++) b[r] += f.v[i * rank + r];
      // x only serves walked candidates.
      if (walks === 0) continue;
      if (prof) prof.count.walkEntries += tPtr[i + 1] - tPtr[i];
      for (let q = tPtr[i]; q < tPtr[i + 1]; q++) {
        const v = tIdx[q];
        if (x[v] === 0) touched[nt++] = v;
        x[v] += tVal[q];
      }
    }
    prof?.lap('walk');
    for (let c = 0; c < cand.length; c++) {
      const j = cand[c];
      let s = 0;
      const sj = slot[j];
      if (sj >= 0) {
        // G symmetric: Σ_{i∈u} G_ij is the hot column of j read at the user's items.
        const o = sj * I;
        for (let p = from; p < to; p++) s += cols[o + seen.indices[p]];
      } else for (let h = 0; h < nh; h++) s += cols[hotOfUser[h] * I + j];
      lin[c] = s;
    }
    if (prof) prof.count.hotLookups += cand.length * nh;
    prof?.lap('hot');
    if (bounded) for (let r = 0; r < rank; r++) b[r] *= this.sv[r] * this.sv[r];
    for (let c = 0; c < cand.length; c++) {
      const j = cand[c];
      let s = 0;
      let e = 0;
      const o = j * rank;
      if (bounded && slot[j] < 0) {
        // One pass over V_j for both dot products (the row is the cache miss, not the multiplies).
        for (let r = 0; r < rank; r++) {
          const vr = f.v[o + r];
          s += a[r] * vr;
          e += b[r] * vr;
        }
      } else for (let r = 0; r < rank; r++) s += a[r] * f.v[o + r];
      if (f.itemDown[j] > 0) s /= f.itemDown[j];
      else s = 0;
      ideal[c] = s;
      if (c >= knownFrom) e = walked[c - knownFrom];
      this.est[c] = slot[j] >= 0 ? -Infinity : lin[c] + s + e;
    }
    prof?.lap('ideal');
    const chosen = bounded ? this.chooseWalks(cand.length, walks) : null;
    // walks = 0 leaves every non-hot candidate to its estimate (chooseWalks picks none).
    for (let c = 0; c < cand.length; c++) {
      const j = cand[c];
      if (slot[j] >= 0) continue;
      if (chosen && chosen[c] === 0) {
        // Not walked: ranked by its estimate (the low-rank term stands in for the walk).
        lin[c] = this.est[c] - ideal[c];
        continue;
      }
      let s = lin[c];
      for (let q = tPtr[j]; q < tPtr[j + 1]; q++) s += x[tIdx[q]] * tVal[q];
      if (prof) prof.count.sparseEntries += tPtr[j + 1] - tPtr[j];
      lin[c] = s;
    }
    for (let p = 0; p < nt; p++) x[touched[p]] = 0;
    prof?.lap('sparse');
    for (let c = 0; c < cand.length; c++) row[cand[c]] = lin[c] + ideal[c];
    topKRow(row, 0, I, k, outItems, outScores, at, cand);
    prof?.lap('topk');
  }

  /** 1 for the `walks` non-hot candidates with the best estimates (positions into the candidate list), else 0. */
  private chooseWalks(n: number, walks: number): Uint8Array {
    if (this.pick.length < walks) {
      this.pick = new Int32Array(walks);
      this.pickVal = new Float32Array(walks);
    }
    const chosen = new Uint8Array(n);
    const pos = Int32Array.from({ length: n }, (_, c) => c);
    const w = Math.min(walks, n);
    if (w === 0) return chosen;
    topKRow(this.est, 0, n, w, this.pick, this.pickVal, 0, pos);
    for (let p = 0; p < w; p++) if (this.pick[p] >= 0) chosen[this.pick[p]] = 1;
    return chosen;
  }
}
