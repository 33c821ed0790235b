// Item-to-item protocol of the item2vec benchmark: hold out 20% of users; queries are items, the truth of item a
// is the set of items co-liked with a by held-out users; Recall@K = |top-K ∩ truth| / |truth| averaged over queries.
import { selectInteractions } from '../src/data/select.ts';
import { interactionCsr } from '../src/graph/bipartite.ts';
import { Rng } from '../src/util/rng.ts';
import type { Dataset, Interactions } from '../src/data/types.ts';
import type { Csr } from '../src/tensor/csr.ts';

/** Training ratings of the kept users and, per item, the held-out co-liked items. */
export interface Item2ItemSplit {
  train: Interactions;
  /** item × item CSR of co-liked pairs among held-out users (values = how many users). */
  truth: Csr;
  heldOutUsers: number;
  pairs: number;
}

/** Splits users 80/20 with `seed`; a pair is co-liked when one held-out user rated both ≥ `minRating`. */
export function item2itemSplit(ds: Dataset, seed: number, minRating: number): Item2ItemSplit {
  const U = ds.users.size;
  const I = ds.items.size;
  const rng = new Rng(seed).fork(9009);
  const held = new Uint8Array(U);
  const perm = rng.shuffle(Int32Array.from({ length: U }, (_, i) => i));
  for (let k = 0; k < Math.round(0.2 * U); k++) held[perm[k]] = 1;
  const inter = ds.interactions;
  const trainIdx: number[] = [];
  const likedIdx: number[] = [];
  for (let e = 0; e < inter.user.length; e++) {
    if (!held[inter.user[e]]) trainIdx.push(e);
    else if (inter.rating[e] >= minRating) likedIdx.push(e);
  }
  const liked = selectInteractions(inter, Int32Array.from(likedIdx));
  const byUser = interactionCsr(U, I, liked.user, liked.item);
  const a: number[] = [];
  const b: number[] = [];
  for (let u = 0; u < U; u++) {
    const row = byUser.indices.subarray(byUser.indptr[u], byUser.indptr[u + 1]);
    for (let x = 0; x < row.length; x++) {
      for (let y = 0; y < row.length; y++) {
        if (x === y) continue;
        a.push(row[x]);
        b.push(row[y]);
      }
    }
  }
  return {
    train: selectInteractions(inter, Int32Array.from(trainIdx)),
    truth: coo(I, a, b),
    heldOutUsers: Math.round(0.2 * U),
    pairs: a.length / 2,
  };
}

function coo(n: number, a: number[], b: number[]): Csr {
  const ptr = new Int32Array(n + 1);
  for (const x of a) ptr[x + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const fill = ptr.slice(0, n);
  const idx = new Int32Array(a.length);
  for (let e = 0; e < a.length; e++) idx[fill[a[e]]++] = b[e];
  // Collapse duplicates per row (values = multiplicity).
  const outPtr = new Int32Array(n + 1);
  const outIdx: number[] = [];
  const outVal: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = idx.subarray(ptr[i], ptr[i + 1]).sort();
    for (let k = 0; k < row.length; k++) {
      if (k > 0 && row[k] === row[k - 1]) outVal[outVal.length - 1]++;
      else {
        outIdx.push(row[k]);
        outVal.push(1);
      }
    }
    outPtr[i + 1] = outIdx.length;
  }
  return {
    rows: n,
    cols: n,
    indptr: outPtr,
    indices: Int32Array.from(outIdx),
    values: Float32Array.from(outVal),
  };
}

/** Macro Recall@K over queries and micro pair hit rate (pairs weighted by how many held-out users co-liked them). */
export function item2itemRecall(
  truth: Csr,
  queries: Int32Array,
  k: number,
  similar: (item: number, k: number) => Int32Array,
): { recall: number; pairHit: number; queries: number } {
  let sum = 0;
  let n = 0;
  let hitW = 0;
  let totW = 0;
  for (const q of queries) {
    const s = truth.indptr[q];
    const e = truth.indptr[q + 1];
    if (e === s) continue;
    const top = new Set(similar(q, k));
    let hits = 0;
    for (let p = s; p < e; p++) {
      const w = truth.values ? truth.values[p] : 1;
      totW += w;
      if (top.has(truth.indices[p])) {
        hits++;
        hitW += w;
      }
    }
    sum += hits / (e - s);
    n++;
  }
  return { recall: n > 0 ? sum / n : 0, pairHit: totW > 0 ? hitW / totW : 0, queries: n };
}
