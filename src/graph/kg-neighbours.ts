import type { KnowledgeGraph } from './kg.ts';

/**
 * Neighbourhoods of the collaborative knowledge graph (users + items + attribute entities) as one CSR:
 * node ids are users `0..U-1`, items `U..U+I-1`, attribute entities `U+I..`; every edge is stored in both
 * directions, each direction with its own relation id.
 */
export interface KgNeighbourhoods {
  numUsers: number;
  numItems: number;
  /** Users + items + attribute entities. */
  numNodes: number;
  /** Edge range of node v: `indptr[v]..indptr[v+1]`. */
  indptr: Int32Array;
  /** Neighbour node per edge. */
  nbr: Int32Array;
  /** Relation id per edge (indexes `relationNames`). */
  rel: Int32Array;
  /** `interact`, `interacted_by`, then per KG relation `r` and its inverse `r^-1`. */
  relationNames: string[];
}

/** Relation id of user→item edges. */
export const REL_INTERACT = 0;
/** Relation id of item→user edges. */
export const REL_INTERACTED_BY = 1;

/**
 * Joins training interactions and the item knowledge graph into neighbourhoods (duplicate interactions kept once).
 * KG entity e maps to node `U + e`, so items line up with their interaction-graph node.
 */
export function buildKgNeighbourhoods(
  numUsers: number,
  kg: KnowledgeGraph,
  users: Int32Array,
  items: Int32Array,
): KgNeighbourhoods {
  const U = numUsers;
  const numNodes = U + kg.numItems + kg.entityNames.length;
  const pairs = new Set<number>();
  const src: number[] = [];
  const dst: number[] = [];
  const rel: number[] = [];
  const push = (a: number, b: number, r: number): void => {
    src.push(a);
    dst.push(b);
    rel.push(r);
  };
  for (let k = 0; k < users.length; k++) {
    const key = users[k] * kg.numItems + items[k];
    if (pairs.has(key)) continue;
    pairs.add(key);
    push(users[k], U + items[k], REL_INTERACT);
    push(U + items[k], users[k], REL_INTERACTED_BY);
  }
  for (let t = 0; t < kg.head.length; t++) {
    push(U + kg.head[t], U + kg.tail[t], 2 + 2 * kg.relation[t]);
    push(U + kg.tail[t], U + kg.head[t], 3 + 2 * kg.relation[t]);
  }
  // Counting sort by source node; edges keep insertion order within a node (deterministic).
  const indptr = new Int32Array(numNodes + 1);
  for (const s of src) indptr[s + 1]++;
  for (let v = 0; v < numNodes; v++) indptr[v + 1] += indptr[v];
  const fill = indptr.slice(0, numNodes);
  const nbr = new Int32Array(src.length);
  const relOut = new Int32Array(src.length);
  for (let e = 0; e < src.length; e++) {
    const p = fill[src[e]]++;
    nbr[p] = dst[e];
    relOut[p] = rel[e];
  }
  const relationNames = ['interact', 'interacted_by', ...kg.relationNames.flatMap((r) => [r, `${r}^-1`])];
  return { numUsers: U, numItems: kg.numItems, numNodes, indptr, nbr, rel: relOut, relationNames };
}
