import { csrFromCoo, csrTranspose, type Csr } from '../tensor/csr.ts';

/** A user–item bipartite graph: the binary interaction matrix R (users × items) and its transpose. */
export interface Bipartite {
  numUsers: number;
  numItems: number;
  /** R: row u lists user u's items, sorted, without duplicates. */
  userItems: Csr;
  /** Rᵀ: row i lists item i's users, sorted. */
  itemUsers: Csr;
}

/** Binary users × items CSR from parallel index arrays (duplicate pairs collapse to one edge). */
export function interactionCsr(
  numUsers: number,
  numItems: number,
  users: Int32Array,
  items: Int32Array,
): Csr {
  const m = csrFromCoo(numUsers, numItems, users, items);
  // Duplicates were summed by csrFromCoo; a binary graph keeps the pattern only.
  return { ...m, values: null };
}

/** Builds the bipartite graph of the given interactions. */
export function buildBipartite(
  numUsers: number,
  numItems: number,
  users: Int32Array,
  items: Int32Array,
): Bipartite {
  const userItems = interactionCsr(numUsers, numItems, users, items);
  return { numUsers, numItems, userItems, itemUsers: csrTranspose(userItems) };
}

/** Number of distinct edges of a bipartite graph. */
export function bipartiteEdges(g: Bipartite): number {
  return g.userItems.indptr[g.numUsers];
}
