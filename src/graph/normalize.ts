import type { Csr } from '../tensor/csr.ts';
import type { Bipartite } from './bipartite.ts';

/**
 * The symmetrically normalised adjacency D^-½ A D^-½ of a bipartite graph, A = [[0, R], [Rᵀ, 0]], stored as its two
 * off-diagonal blocks (no self loops, as PyG's gcn_norm(add_self_loops=False)): weight of (u, i) is 1/√(d_u d_i).
 * Nodes without edges get weight 0 (their rows are empty anyway).
 */
export interface NormalizedBipartite {
  numUsers: number;
  numItems: number;
  /** D_u^-½ R D_i^-½ (users × items). */
  userItems: Csr;
  /** Its transpose (items × users), same weights. */
  itemUsers: Csr;
}

/** Normalises a bipartite graph as D^-½ A D^-½. */
export function normalizeBipartite(g: Bipartite): NormalizedBipartite {
  const du = degrees(g.userItems);
  const di = degrees(g.itemUsers);
  return {
    numUsers: g.numUsers,
    numItems: g.numItems,
    userItems: weighted(g.userItems, du, di),
    itemUsers: weighted(g.itemUsers, di, du),
  };
}

function degrees(m: Csr): Float64Array {
  const d = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) d[r] = m.indptr[r + 1] - m.indptr[r];
  return d;
}

function weighted(m: Csr, drow: Float64Array, dcol: Float64Array): Csr {
  const values = new Float32Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++)
      values[p] = 1 / Math.sqrt(drow[r] * dcol[m.indices[p]]);
  }
  return { rows: m.rows, cols: m.cols, indptr: m.indptr, indices: m.indices, values };
}
