import type { Csr } from '../tensor/csr.ts';
import type { Interactions } from '../data/types.ts';

/**
 * Item–item co-occurrence graph weighted by frequency × PMI, as in the Keras node2vec movie notebook
 * (`seeds/003`): per user the items rated ≥ `minRating`; `freq[i]` users liked i, `pair[i,j]` users liked
 * both; weight = pair × (ln pair − ln freq_i − ln freq_j + ln Σ freq); edges with weight ≥ `minWeight`.
 * Nodes are the items with at least one kept edge (as networkx adds nodes through `add_edge`).
 */
export interface CooccurrenceGraph {
  /** Item index of each graph node, ascending; shape [nodes]. */
  nodeItems: Int32Array;
  /** Graph node of each item, −1 for items without a kept edge; shape [numItems]. */
  itemNode: Int32Array;
  /** Symmetric nodes × nodes adjacency, columns sorted per row, values = edge weights. */
  adj: Csr;
  /** Undirected edges kept (each stored twice in `adj`). */
  numEdges: number;
  /** Distinct co-liked item pairs counted before the weight filter (the notebook's `len(pair_frequency)`). */
  numPairs: number;
  /** Users who liked each item (the notebook's `item_frequency`); shape [numItems]. */
  itemFreq: Int32Array;
  /** Σ itemFreq, the total inside the notebook's `D = log(sum(item_frequency.values()))`. */
  totalFreq: number;
}

/** Options of `buildCooccurrence` (the notebook's `min_rating = 5`, `min_weight = 10`). */
export interface CooccurrenceOptions {
  minRating: number;
  minWeight: number;
}

/** Edge weight exactly as the notebook computes it, in float64 and in the same operation order. */
export function pmiWeight(pair: number, freqX: number, freqY: number, logTotal: number): number {
  const pmi = Math.log(pair) - Math.log(freqX) - Math.log(freqY) + logTotal;
  return pmi * pair;
}

/**
 * Builds the co-occurrence graph from rating interactions. Pair counting is a row-by-row sparse
 * product AᵀA over the liked-items matrix (Gustavson): one dense counter per item row, no hashing,
 * so latest-small's ~300k pairs take milliseconds. A user's repeated (user, item) rows count once.
 */
export function buildCooccurrence(
  inter: Interactions,
  numUsers: number,
  numItems: number,
  opts: CooccurrenceOptions,
): CooccurrenceGraph {
  const { userPtr, userItems } = likedByUser(inter, numUsers, numItems, opts.minRating);
  const itemFreq = new Int32Array(numItems);
  for (let p = 0; p < userItems.length; p++) itemFreq[userItems[p]]++;
  let totalFreq = 0;
  for (let i = 0; i < numItems; i++) totalFreq += itemFreq[i];
  const logTotal = Math.log(totalFreq);

  // item → (position inside its user's sorted list): lets row a visit only items b > a of each user.
  const itemPtr = new Int32Array(numItems + 1);
  for (let i = 0; i < numItems; i++) itemPtr[i + 1] = itemPtr[i] + itemFreq[i];
  const fill = itemPtr.slice(0, numItems);
  const posInUser = new Int32Array(userItems.length);
  const userOfPos = new Int32Array(userItems.length);
  for (let u = 0; u < numUsers; u++) {
    for (let p = userPtr[u]; p < userPtr[u + 1]; p++) {
      const q = fill[userItems[p]]++;
      posInUser[q] = p;
      userOfPos[q] = u;
    }
  }

  const count = new Int32Array(numItems);
  const touched = new Int32Array(numItems);
  let src: Int32Array = new Int32Array(1024);
  let dst: Int32Array = new Int32Array(1024);
  let wgt: Float64Array = new Float64Array(1024);
  let kept = 0;
  let numPairs = 0;
  for (let a = 0; a < numItems; a++) {
    let nt = 0;
    for (let q = itemPtr[a]; q < itemPtr[a + 1]; q++) {
      const end = userPtr[userOfPos[q] + 1];
      for (let p = posInUser[q] + 1; p < end; p++) {
        const b = userItems[p];
        if (count[b]++ === 0) touched[nt++] = b;
      }
    }
    numPairs += nt;
    // Ascending b keeps every CSR row sorted when the edges are assembled (see `assemble`).
    touched.subarray(0, nt).sort();
    for (let t = 0; t < nt; t++) {
      const b = touched[t];
      const w = pmiWeight(count[b], itemFreq[a], itemFreq[b], logTotal);
      count[b] = 0;
      if (!(w >= opts.minWeight)) continue;
      if (kept === src.length) {
        src = grow(src);
        dst = grow(dst);
        wgt = growF(wgt);
      }
      src[kept] = a;
      dst[kept] = b;
      wgt[kept] = w;
      kept++;
    }
  }
  return assemble(src, dst, wgt, kept, numItems, numPairs, itemFreq, totalFreq);
}

/** Per-user sorted, de-duplicated lists of items rated ≥ minRating (CSR over users). */
function likedByUser(
  inter: Interactions,
  numUsers: number,
  numItems: number,
  minRating: number,
): { userPtr: Int32Array; userItems: Int32Array } {
  const n = inter.user.length;
  const ptr = new Int32Array(numUsers + 1);
  for (let e = 0; e < n; e++) if (inter.rating[e] >= minRating) ptr[inter.user[e] + 1]++;
  for (let u = 0; u < numUsers; u++) ptr[u + 1] += ptr[u];
  const fill = ptr.slice(0, numUsers);
  const items = new Int32Array(ptr[numUsers]);
  for (let e = 0; e < n; e++) {
    if (inter.rating[e] < minRating) continue;
    const i = inter.item[e];
    if (i < 0 || i >= numItems) throw new RangeError(`item ${i} out of range 0..${numItems - 1}`);
    items[fill[inter.user[e]]++] = i;
  }
  const outPtr = new Int32Array(numUsers + 1);
  let w = 0;
  for (let u = 0; u < numUsers; u++) {
    const row = items.subarray(ptr[u], ptr[u + 1]).sort();
    for (let k = 0; k < row.length; k++) if (k === 0 || row[k] !== row[k - 1]) items[w++] = row[k];
    outPtr[u + 1] = w;
  }
  return { userPtr: outPtr, userItems: items.subarray(0, w) };
}

/** Turns kept (a < b) edges into node numbering and a symmetric CSR with sorted columns. */
function assemble(
  src: Int32Array,
  dst: Int32Array,
  wgt: Float64Array,
  m: number,
  numItems: number,
  numPairs: number,
  itemFreq: Int32Array,
  totalFreq: number,
): CooccurrenceGraph {
  const deg = new Int32Array(numItems);
  for (let e = 0; e < m; e++) {
    deg[src[e]]++;
    deg[dst[e]]++;
  }
  const itemNode = new Int32Array(numItems).fill(-1);
  let nodes = 0;
  for (let i = 0; i < numItems; i++) if (deg[i] > 0) itemNode[i] = nodes++;
  const nodeItems = new Int32Array(nodes);
  const indptr = new Int32Array(nodes + 1);
  for (let i = 0; i < numItems; i++) {
    const v = itemNode[i];
    if (v < 0) continue;
    nodeItems[v] = i;
    indptr[v + 1] = indptr[v] + deg[i];
  }
  const fill = indptr.slice(0, nodes);
  const indices = new Int32Array(2 * m);
  const values = new Float32Array(2 * m);
  // Edges arrive sorted by (a, b) with a < b, so row v receives its smaller neighbours (as the b-side
  // of earlier rows a) in ascending order before its larger ones (its own row, also ascending).
  for (let e = 0; e < m; e++) {
    const a = itemNode[src[e]];
    const b = itemNode[dst[e]];
    let q = fill[b]++;
    indices[q] = a;
    values[q] = wgt[e];
    q = fill[a]++;
    indices[q] = b;
    values[q] = wgt[e];
  }
  return {
    nodeItems,
    itemNode,
    adj: { rows: nodes, cols: nodes, indptr, indices, values },
    numEdges: m,
    numPairs,
    itemFreq,
    totalFreq,
  };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function growF(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
