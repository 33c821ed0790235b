// Synthetic benchmark graphs: a symmetric-normalised bipartite user–item adjacency with Zipf-like item
// popularity, the shape LightGCN propagates over.
import { Rng } from '../src/util/rng.ts';
import { csrFromCoo } from '../src/tensor/csr.ts';
import type { Csr } from '../src/tensor/csr.ts';

/** A named benchmark size. */
export interface BenchSize {
  name: string;
  nodes: number;
  nnz: number;
  cols: number;
}

/** The two sizes of issue 3: small, and Gowalla-sized (29 858 users + 40 981 items). */
export const SIZES: BenchSize[] = [
  { name: '10k', nodes: 10_000, nnz: 160_000, cols: 64 },
  { name: 'gowalla', nodes: 70_839, nnz: 1_620_000, cols: 64 },
];

/** D^-1/2 A D^-1/2 of a random bipartite graph with `nodes` nodes and about `nnz` stored entries. */
export function benchGraph(size: BenchSize, seed = 1): Csr {
  const rng = new Rng(seed);
  const users = Math.round(size.nodes * 0.42);
  const items = size.nodes - users;
  const edges = Math.floor(size.nnz / 2);
  const r = new Int32Array(2 * edges),
    c = new Int32Array(2 * edges);
  for (let e = 0; e < edges; e++) {
    const u = rng.int(users);
    // Zipf-ish popularity: squaring a uniform skews towards low item ids.
    const i = users + Math.floor(items * rng.uniform() ** 2);
    r[2 * e] = u;
    c[2 * e] = i;
    r[2 * e + 1] = i;
    c[2 * e + 1] = u;
  }
  const a = csrFromCoo(size.nodes, size.nodes, r, c);
  const deg = new Float64Array(size.nodes);
  for (let row = 0; row < a.rows; row++) deg[row] = a.indptr[row + 1] - a.indptr[row];
  const nnz = a.indptr[a.rows];
  const values = new Float32Array(nnz);
  for (let row = 0; row < a.rows; row++) {
    for (let p = a.indptr[row]; p < a.indptr[row + 1]; p++) {
      // Duplicates were merged; keep weights binary before normalising.
      values[p] = 1 / Math.sqrt(deg[row] * deg[a.indices[p]]);
    }
  }
  return { ...a, values };
}
