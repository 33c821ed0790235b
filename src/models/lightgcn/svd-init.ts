import type { Interactions } from '../../data/types.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import type { Rng } from '../../util/rng.ts';
import { buildBasis } from '../spectral-filter/basis.ts';
import { DEFAULT_CONFIG as SPECTRAL_DEFAULTS } from '../spectral-filter/config.ts';

/** What the SVD initialiser needs: sizes, the training positives, the embedding width and the target std. */
export interface SvdInitInput {
  numUsers: number;
  numItems: number;
  train: Interactions;
  dim: number;
  /** Root-mean-square of the stacked layer-0 entries after scaling (the normal init's std, so Adam's steps compare). */
  std: number;
}

/**
 * Layer-0 embeddings from the top-`dim` singular triplets of R̃ = D_U^-½ R D_I^-½ (the user–item block of LightGCN's
 * Â, so the fit is the spectral filter's `buildBasis` at ε = ½): e_u = c·U√Σ, e_i = c·V√Σ with U = R̃VΣ⁻¹, and c
 * scaling the stacked rows to root-mean-square `std`. Each singular pair is an eigenvector of Â, so propagation only
 * re-weights it and the untrained model already scores as a rank-`dim` low-pass filter (GF-CF's ideal term, Shen et
 * al. 2021; SVD-GCN, Peng et al. 2022). Columns beyond the graph's rank, and rows without interactions, get N(0, std²).
 * Returns the stacked (users then items) × dim array, row-major.
 */
export function svdInitEmbeddings(input: SvdInitInput, rng: Rng): Float32Array {
  const { numUsers: U, numItems: I, dim: d, std } = input;
  const r = interactionCsr(U, I, input.train.user, input.train.item);
  const basis = buildBasis(
    r,
    { ...SPECTRAL_DEFAULTS, userExp: 0.5, itemExp: 0.5, degreeShift: 0, fitRank: d, maxRankFraction: 1 },
    rng,
  );
  const k = basis.rank;
  const out = new Float32Array((U + I) * d);
  // U√Σ = R̃·V·Σ^-½: one pass over R̃'s rows.
  const scale = new Float64Array(k);
  for (let t = 0; t < k; t++) scale[t] = basis.sigma[t] > 1e-12 ? 1 / Math.sqrt(basis.sigma[t]) : 0;
  const { rn, v } = basis;
  const vals = rn.values as Float32Array;
  for (let u = 0; u < U; u++) {
    const row = u * d;
    for (let p = rn.indptr[u]; p < rn.indptr[u + 1]; p++) {
      const w = vals[p];
      const vi = rn.indices[p] * k;
      for (let t = 0; t < k; t++) out[row + t] += w * v[vi + t] * scale[t];
    }
  }
  for (let i = 0; i < I; i++) {
    const row = (U + i) * d;
    for (let t = 0; t < k; t++) out[row + t] = v[i * k + t] * Math.sqrt(basis.sigma[t]);
  }
  // One scale for users and items keeps the score's spectrum (c²·Σ) symmetric in the two sides.
  let ss = 0;
  for (let p = 0; p < out.length; p++) ss += out[p] * out[p];
  const c = ss > 0 ? std / Math.sqrt(ss / out.length) : 0;
  for (let p = 0; p < out.length; p++) out[p] *= c;
  const deg = new Int32Array(U + I);
  for (let u = 0; u < U; u++) deg[u] = r.indptr[u + 1] - r.indptr[u];
  for (let p = 0; p < input.train.item.length; p++) deg[U + input.train.item[p]]++;
  // Isolated nodes and the columns past the rank would otherwise stay zero and never break symmetry.
  for (let n = 0; n < U + I; n++) {
    const from = deg[n] === 0 ? 0 : k;
    for (let t = from; t < d; t++) out[n * d + t] = rng.normal(0, std);
  }
  return out;
}
