import type { Csr } from '../../tensor/csr.ts';
import { csrTranspose } from '../../tensor/csr.ts';
import { randomizedSvd } from '../../tensor/linalg/rsvd.ts';
import type { Rng } from '../../util/rng.ts';
import type { SpectralFilterConfig } from './config.ts';
import { cappedRank } from '../shared/filter-keys.ts';

/**
 * What `fit` computes once (everything score-time settings re-weight): R̃ = (D_U+μ)^-εᵤ R (D_I+μ)^-εᵢ, the item
 * scalings and the top singular triplets of R̃.
 */
export interface SpectralBasis {
  /** R̃ (users × items, float values). */
  rn: Csr;
  /** (d_i + μ)^-εᵢ per item (0 for items without training interactions). */
  itemIn: Float64Array;
  /** d_i + μ per item (0 for items without training interactions), for the output re-scaling. */
  itemDeg: Float64Array;
  /** Singular vectors kept (columns of `v`). */
  rank: number;
  /** V (items × rank, row-major): right singular vectors of R̃. */
  v: Float32Array;
  /** σ (descending). */
  sigma: Float64Array;
}

/** Singular vectors to compute: `fitRank`, capped at `maxRankFraction` × min(users, items) (at least 1 when > 0). */
export function fittedRank(cfg: SpectralFilterConfig, users: number, items: number): number {
  return cappedRank(cfg.fitRank, cfg.maxRankFraction, users, items);
}

/** R̃ and the item scalings of a binary R (users × items) under the config's generalised normalisation. */
export function normalize(
  r: Csr,
  cfg: SpectralFilterConfig,
): { rn: Csr; itemIn: Float64Array; itemDeg: Float64Array } {
  const nnz = r.indptr[r.rows];
  const itemDeg = new Float64Array(r.cols);
  for (let p = 0; p < nnz; p++) itemDeg[r.indices[p]]++;
  const itemIn = new Float64Array(r.cols);
  for (let i = 0; i < r.cols; i++) {
    if (itemDeg[i] > 0) {
      itemDeg[i] += cfg.degreeShift;
      itemIn[i] = Math.pow(itemDeg[i], -cfg.itemExp);
    }
  }
  const values = new Float32Array(nnz);
  for (let u = 0; u < r.rows; u++) {
    const d = r.indptr[u + 1] - r.indptr[u];
    if (d === 0) continue;
    const su = Math.pow(d + cfg.degreeShift, -cfg.userExp);
    for (let p = r.indptr[u]; p < r.indptr[u + 1]; p++) values[p] = su * itemIn[r.indices[p]];
  }
  return {
    rn: { rows: r.rows, cols: r.cols, indptr: r.indptr, indices: r.indices, values },
    itemIn,
    itemDeg,
  };
}

/** Fits the basis: normalisation plus the randomized SVD (Halko et al. 2011) of R̃, seeded by `rng`. */
export function buildBasis(r: Csr, cfg: SpectralFilterConfig, rng: Rng): SpectralBasis {
  const { rn, itemIn, itemDeg } = normalize(r, cfg);
  const k = fittedRank(cfg, r.rows, r.cols);
  if (k === 0 || r.indptr[r.rows] === 0)
    return { rn, itemIn, itemDeg, rank: 0, v: new Float32Array(0), sigma: new Float64Array(0) };
  const svd = randomizedSvd(rn, rng, {
    rank: k,
    oversample: cfg.oversample,
    powerIters: cfg.powerIters,
    transposed: csrTranspose(rn),
  });
  // σ rounded to float32 as saved, so a loaded model scores bit-identically to the fitted one.
  return {
    rn,
    itemIn,
    itemDeg,
    rank: svd.rank,
    v: Float32Array.from(svd.v),
    sigma: Float64Array.from(Float32Array.from(svd.values)),
  };
}
