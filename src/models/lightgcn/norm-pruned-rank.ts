import type { Csr } from '../../graph/csr.ts';
import { getBackend } from '../../tensor/backend/registry.ts';

/** Items per scoring tile: large enough for an efficient gemm, small enough to stop soon after the bound bites. */
const TILE = 2048;
/** Users per block: only a tile's still-active users are scored, so a large block costs nothing but shares each tile's packing. */
const BLOCK = 1024;
/** Relative slack on the Cauchy–Schwarz bound, above float32 rounding of a 64…512-term dot product. */
const SLACK = 1e-5;

/**
 * Exact top-K of dot-product scores over all items, skipping the items that cannot make a user's top-K: items are
 * scanned in descending L2 norm, and once ‖u‖·‖i‖ (an upper bound on u·i) drops below the user's current K-th score,
 * no later item can enter (the pruning of LEMP / FEXIPRO, Teflioudi et al. SIGMOD 2015). Popularity makes trained
 * embedding norms very uneven, so most of the catalogue is never scored. Scores come from the backend gemm, so a
 * kept item scores exactly as in `scoreUsers`; only ties at the K-th score may break differently (by norm order
 * within a tile instead of item index).
 */
export function rankByNormPruning(
  userEmb: Float32Array,
  itemEmb: Float32Array,
  numItems: number,
  dim: number,
  users: Int32Array,
  k: number,
  exclude: readonly Csr[],
): { items: Int32Array; scores: Float32Array; scored: number } {
  const be = getBackend();
  const d = dim;
  const n = numItems;
  // Items by descending norm, copied contiguously into backend memory so tiles are row ranges.
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += itemEmb[i * d + c] ** 2;
    norms[i] = Math.sqrt(s);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => norms[b] - norms[a] || a - b);
  const pos = new Int32Array(n);
  const sorted = be.allocF32(n * d, false);
  const sortedNorm = new Float64Array(n + 1);
  for (let p = 0; p < n; p++) {
    pos[order[p]] = p;
    sorted.set(itemEmb.subarray(order[p] * d, order[p] * d + d), p * d);
    sortedNorm[p] = norms[order[p]];
  }
  const outItems = new Int32Array(users.length * k).fill(-1);
  const outScores = new Float32Array(users.length * k).fill(-Infinity);
  const q = be.allocF32(BLOCK * d, false);
  const tileScores = be.allocF32(BLOCK * TILE, false);
  const tv = new Float32Array(BLOCK * k);
  const ti = new Int32Array(BLOCK * k);
  const mergeS = new Float32Array(k);
  const mergeI = new Int32Array(k);
  let scored = 0;
  try {
    for (let s0 = 0; s0 < users.length; s0 += BLOCK) {
      const block = users.subarray(s0, Math.min(users.length, s0 + BLOCK));
      const unorm = new Float64Array(block.length);
      // Excluded items of each user as ascending sorted positions, consumed tile by tile.
      const ex: Int32Array[] = [];
      const exAt = new Int32Array(block.length);
      for (let b = 0; b < block.length; b++) {
        const u = block[b];
        let s = 0;
        for (let c = 0; c < d; c++) s += userEmb[u * d + c] ** 2;
        unorm[b] = Math.sqrt(s);
        const list: number[] = [];
        for (const m of exclude) if (u < m.rows) for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) list.push(pos[m.indices[p]]);
        ex.push(Int32Array.from(list).sort());
      }
      const active = new Int32Array(block.length);
      for (let t0 = 0; t0 < n; t0 += TILE) {
        const t1 = Math.min(n, t0 + TILE);
        const w = t1 - t0;
        let na = 0;
        for (let b = 0; b < block.length; b++) {
          const o = (s0 + b) * k;
          const full = k > 0 && outItems[o + k - 1] >= 0;
          if (!full || unorm[b] * sortedNorm[t0] * (1 + SLACK) >= outScores[o + k - 1]) active[na++] = b;
        }
        if (na === 0) break;
        for (let a = 0; a < na; a++) {
          const u = block[active[a]];
          q.set(userEmb.subarray(u * d, u * d + d), a * d);
        }
        const sc = tileScores.subarray(0, na * w);
        be.gemm(na, w, d, q.subarray(0, na * d), false, sorted.subarray(t0 * d, t1 * d), true, sc, 1, 0);
        scored += na * w;
        for (let a = 0; a < na; a++) {
          const b = active[a];
          const list = ex[b];
          let e = exAt[b];
          while (e < list.length && list[e] < t1) sc[a * w + list[e++] - t0] = -Infinity;
          exAt[b] = e;
        }
        const kk = Math.min(k, w);
        be.topk(sc, na, w, kk, tv, ti);
        for (let a = 0; a < na; a++) merge(s0 + active[a], a * kk, kk, t0);
      }
    }
  } finally {
    be.free(tileScores);
    be.free(q);
    be.free(sorted);
  }
  return { items: outItems, scores: outScores, scored };

  /** Merges a tile's sorted top list into a user's running top-K (score desc, then item index asc). */
  function merge(row: number, off: number, kk: number, t0: number): void {
    const o = row * k;
    let x = 0;
    let y = 0;
    for (let r = 0; r < k; r++) {
      const hasY = y < kk && tv[off + y] !== -Infinity;
      const yi = hasY ? order[t0 + ti[off + y]] : -1;
      const xi = outItems[o + x];
      const takeY = hasY && (xi < 0 || tv[off + y] > outScores[o + x] || (tv[off + y] === outScores[o + x] && yi < xi));
      if (takeY) {
        mergeS[r] = tv[off + y];
        mergeI[r] = yi;
        y++;
      } else {
        mergeS[r] = outScores[o + x];
        mergeI[r] = xi;
        if (xi >= 0) x++;
      }
    }
    outScores.set(mergeS, o);
    outItems.set(mergeI, o);
  }
}
