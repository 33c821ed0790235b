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
export function scoreProfile(ix: EmbeddingIndex, profile: ArrayLike<number>, out: Float32Array, offset: number): void {
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
