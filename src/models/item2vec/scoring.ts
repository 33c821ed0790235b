import { topKRow } from '../shared/topk.ts';

/**
 * Cosine scoring on unit-length item2vec embeddings (`nodes × dim`). A user (or fold-in profile) is the
 * mean of their in-graph items' vectors, so its dot with an item equals the mean cosine similarity
 * to those items. Items outside the co-occurrence graph have no vector: they score in [−3, −2), ranked
 * among themselves by training popularity, i.e. always after every in-graph item; a profile with no
 * in-graph item falls back to pure popularity in [0, 1).
 */
export interface EmbeddingIndex {
  dim: number;
  /** Unit rows, one per graph node; shape [nodes, dim]. */
  emb: Float32Array;
  /** Item of each node, ascending; shape [nodes]. */
  nodeItems: Int32Array;
  /** Node of each item or −1; shape [numItems]. */
  itemNode: Int32Array;
  /** Training interactions per item; shape [numItems]. */
  itemPop: Float32Array;
}

/** Base score of out-of-graph items: below any cosine (≥ −1). */
const COLD_BASE = -3;

/** Writes the scores of every item for a profile of items into `out[offset .. offset+numItems)`. */
export function scoreProfile(
  ix: EmbeddingIndex,
  profile: ArrayLike<number>,
  out: Float32Array,
  offset: number,
): void {
  const { dim, emb, itemNode, nodeItems, itemPop } = ix;
  const n = itemNode.length;
  let maxPop = 0;
  for (let i = 0; i < n; i++) if (itemPop[i] > maxPop) maxPop = itemPop[i];
  const popScale = 1 / (maxPop + 1);
  const v = new Float64Array(dim);
  let cnt = 0;
  for (let k = 0; k < profile.length; k++) {
    const node = itemNode[profile[k]];
    if (node < 0) continue;
    for (let c = 0; c < dim; c++) v[c] += emb[node * dim + c];
    cnt++;
  }
  if (cnt === 0) {
    for (let i = 0; i < n; i++) out[offset + i] = itemPop[i] * popScale;
    return;
  }
  for (let i = 0; i < n; i++) out[offset + i] = COLD_BASE + itemPop[i] * popScale;
  for (let c = 0; c < dim; c++) v[c] /= cnt;
  for (let node = 0; node < nodeItems.length; node++) {
    let s = 0;
    const r = node * dim;
    for (let c = 0; c < dim; c++) s += emb[r + c] * v[c];
    out[offset + nodeItems[node]] = s;
  }
}

/** Cosine similarity of graph node `a` with every node, written into `out` (length nodes). */
export function nodeSimilarities(ix: EmbeddingIndex, a: number, out: Float32Array): void {
  const { dim, emb } = ix;
  const ra = a * dim;
  for (let node = 0, r = 0; node < ix.nodeItems.length; node++, r += dim) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += emb[ra + c] * emb[r + c];
    out[node] = s;
  }
}

/** Top-k cosine neighbours of one node: node ids and similarities, best first (−1 pads). */
export interface NodeNeighbours {
  nodes: Int32Array;
  sims: Float32Array;
}

/** Computes (and memoises in `cache`) the top-`k` cosine neighbours of `node`, itself excluded. */
export function nodeNeighbours(
  ix: EmbeddingIndex,
  node: number,
  k: number,
  cache: Map<number, NodeNeighbours>,
): NodeNeighbours {
  const hit = cache.get(node);
  if (hit) return hit;
  const sims = new Float32Array(ix.nodeItems.length);
  nodeSimilarities(ix, node, sims);
  sims[node] = -Infinity;
  const nb: NodeNeighbours = { nodes: new Int32Array(k), sims: new Float32Array(k) };
  topKRow(sims, 0, sims.length, k, nb.nodes, nb.sims, 0);
  cache.set(node, nb);
  return nb;
}

/**
 * Item-based neighbourhood scoring on the embeddings (the ItemKNN rule with item2vec similarities): each
 * profile item votes its top-`k` neighbours with their positive cosine; items nobody voted for, including
 * items off the graph, keep only a popularity score below every vote, so they rank by popularity.
 */
export function scoreProfileNeighbours(
  ix: EmbeddingIndex,
  profile: ArrayLike<number>,
  k: number,
  cache: Map<number, NodeNeighbours>,
  out: Float32Array,
  offset: number,
): void {
  const n = ix.itemNode.length;
  let maxPop = 0;
  for (let i = 0; i < n; i++) if (ix.itemPop[i] > maxPop) maxPop = ix.itemPop[i];
  // Popularity stays under 1e-3 so that any vote (cosine ≥ 1e-3) outranks it.
  const popScale = 1e-3 / (maxPop + 1);
  for (let i = 0; i < n; i++) out[offset + i] = ix.itemPop[i] * popScale;
  for (let p = 0; p < profile.length; p++) {
    const node = ix.itemNode[profile[p]];
    if (node < 0) continue;
    const nb = nodeNeighbours(ix, node, k, cache);
    for (let r = 0; r < k; r++) {
      const v = nb.nodes[r];
      if (v < 0) break;
      const s = nb.sims[r];
      if (s > 1e-3) out[offset + ix.nodeItems[v]] += s;
    }
  }
}
