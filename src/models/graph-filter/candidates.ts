import type { Csr } from '../../tensor/csr.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import type { RecommendOptions, TopK } from '../recommender.ts';
import { topKRow } from '../shared/topk.ts';
import type { ItemFilter } from './filter.ts';
import { HotColumns } from './hot-columns.ts';
import { buildIvf, ivfSearch, type IvfIndex } from './ivf.ts';

/**
 * Users per `topkDot` call: the wasm kernel rotates the whole catalogue into its principal basis once per call
 * (items × dim² work), so calls must carry many users for that to vanish next to the per-user screening.
 */
const RETRIEVE_BLOCK = 8192;

/** Batches below this many users are scored exactly: a `topkDot` call's catalogue rotation would dominate them. */
export const CANDIDATE_MIN_USERS = 256;

/**
 * GF-CF top-K by candidate retrieval and exact re-ranking, so a user costs O(C · (k + item degree)) plus a screened
 * pass of the catalogue instead of a dense k × items product and a second sparse hop over every co-user's history.
 *
 * Retrieval: R̃ᵀR̃ = V Σ² Vᵀ + (the part outside the top singular directions), so with the leading `m` directions
 *   s_j ≈ Σ_t (σ_t² Σ_{i∈u} V_it) V_jt + α Σ_t (Σ_{i∈u} d_i V_it) V_jt / d_j      (d = D_I^-b)
 * is one dot product of a 2m-wide user query with a 2m-wide item row, ranked by the backend's threaded `topkDot`
 * (no users × items matrix) into `candidates` items per user, with seen and excluded items already removed.
 * Re-ranking: the exact filter score of each candidate, s_j = Σ_{i∈u} G_ij + α a·V_j / d_j with G = R̃ᵀR̃ and
 * a = Σ_{i∈u} d_i V_i, then the top `k` of the candidates. G_ij is a lookup where i or j is one of the `hotItems` most
 * popular items (`HotColumns`); the rest is x·R̃[:, j] with x = r R̃ᵀ over the user's other items (sparse hops over
 * less popular items only).
 * With `ivf.lists` > 0 the retrieval reads only the `ivf.probe` k-means lists whose centroids score highest
 * (`ivf.ts`), O(lists + probe · items / lists) rows per user instead of every item.
 * Approximate only in which items are candidates: a true top-K item outside them is missed (measured, not bounded).
 */
export function recommendByCandidates(
  f: ItemFilter,
  seen: Csr,
  singularValues: Float64Array,
  alpha: number,
  users: Int32Array,
  opts: RecommendOptions,
  candidates: number,
  retrievalRank: number,
  hotItems = 0,
  ivf: IvfOptions = { lists: 0, probe: 0 },
): TopK {
  const { k } = opts;
  const I = f.numItems;
  const rank = f.rank;
  const m = Math.max(0, Math.min(retrievalRank, rank));
  const c = Math.min(Math.max(candidates, k), I);
  const items = new Int32Array(users.length * k);
  const scores = new Float32Array(users.length * k);
  for (const u of users)
    if (u < 0 || u >= seen.rows) throw new RangeError(`user ${u} out of range 0..${seen.rows - 1}`);
  if (m === 0) throw new Error('graph-filter: candidate retrieval needs rank > 0');
  const idx = indexOf(f, m, hotItems, ivf.lists);
  const { emb } = idx;
  const lists = ivf.lists > 0 ? idx.lists : null;
  const rerank = rerankerOf(idx, f, alpha);
  for (let s = 0; s < users.length; s += RETRIEVE_BLOCK) {
    const block = users.subarray(s, Math.min(users.length, s + RETRIEVE_BLOCK));
    const q = retrievalQueries(f, seen, singularValues, alpha, block, m);
    const ex = excluded(seen, block, opts, s, I);
    const candVal = new Float32Array(block.length * c);
    const candIdx = new Int32Array(block.length * c);
    if (lists) ivfSearch(lists, q, block.length, ivf.probe, c, ex, candIdx, candVal);
    else getBackend().topkDot(q, block.length, emb, I, 2 * m, c, ex, candVal, candIdx);
    for (let b = 0; b < block.length; b++) {
      const row = candIdx.subarray(b * c, (b + 1) * c);
      let n = 0;
      while (n < c && row[n] >= 0) n++;
      rerank.topK(seen, block[b], row.subarray(0, n), k, items, scores, (s + b) * k);
    }
  }
  return { k, items, scores };
}

/**
 * A new user's GF-CF top-`k` (the fold-in of their positive `items`, binary as in training) by the same retrieval and
 * exact re-rank, without their items and `exclude`: one query row, so with an IVF (`ivf.lists` > 0) it reads a few
 * lists instead of scoring the whole catalogue (what keeps a new user's ranking in milliseconds at 500 k items).
 */
export function foldInByCandidates(
  f: ItemFilter,
  items: Int32Array,
  singularValues: Float64Array,
  alpha: number,
  k: number,
  exclude: Int32Array,
  candidates: number,
  retrievalRank: number,
  hotItems: number,
  ivf: IvfOptions,
): TopK {
  const row: Csr = {
    rows: 1,
    cols: f.numItems,
    indptr: Int32Array.of(0, items.length),
    indices: items,
    values: null,
  };
  const opts = { k, exclude: [exclude] };
  const one = Int32Array.of(0);
  return recommendByCandidates(
    f,
    row,
    singularValues,
    alpha,
    one,
    opts,
    candidates,
    retrievalRank,
    hotItems,
    ivf,
  );
}

/** Retrieval by an inverted file instead of screening every item: `lists` k-means lists (0 = off), `probe` read per user. */
export interface IvfOptions {
  lists: number;
  probe: number;
}

interface CandidateIndex {
  m: number;
  hotItems: number;
  emb: Float32Array;
  hot: HotColumns;
  /** The IVF over `emb` (null when retrieval screens every item). */
  lists: IvfIndex | null;
  /**
   * The re-rank's scratch (users + items sized), kept with the index: a served model ranks one user per request, and
   * a fresh ≈ 4 MB of scratch per request at 500 k items was garbage the server collected constantly.
   */
  rerank: Reranker | null;
}

/** The index's reusable re-ranker for `alpha` (calls never overlap: JavaScript runs one at a time per thread). */
function rerankerOf(x: CandidateIndex, f: ItemFilter, alpha: number): Reranker {
  if (!x.rerank || x.rerank.alpha !== alpha) x.rerank = new Reranker(f, alpha, x.hot);
  return x.rerank;
}

/** Per fitted filter: the retrieval rows, hot columns and IVF, built on first use (a model ranks many batches). */
const indexes = new WeakMap<ItemFilter, CandidateIndex>();

function indexOf(f: ItemFilter, m: number, hotItems: number, lists: number): CandidateIndex {
  let x = indexes.get(f);
  if (!x || x.m !== m || x.hotItems !== hotItems) {
    x = {
      m,
      hotItems,
      emb: retrievalItems(f, m),
      hot: new HotColumns(f, hotItems),
      lists: null,
      rerank: null,
    };
    indexes.set(f, x);
  }
  if (lists > 0 && x.lists?.lists !== Math.min(lists, f.numItems))
    x.lists = buildIvf(x.emb, f.numItems, 2 * m, lists, IVF_SEED);
  return x;
}

/** The k-means seed of the IVF (fixed: the index is a function of the fitted filter). */
const IVF_SEED = 23;

/** Item rows of the retrieval dot product: [V_j,1..m, V_j,1..m / d_j] (2m floats per item; zero for unseen items). */
function retrievalItems(f: ItemFilter, m: number): Float32Array {
  const I = f.numItems;
  const k = f.rank;
  const out = new Float32Array(I * 2 * m);
  for (let j = 0; j < I; j++) {
    const up = f.itemDown[j] > 0 ? 1 / f.itemDown[j] : 0;
    for (let t = 0; t < m; t++) {
      out[j * 2 * m + t] = f.v[j * k + t];
      out[j * 2 * m + m + t] = f.v[j * k + t] * up;
    }
  }
  return out;
}

/** User queries of the retrieval dot product: [σ_t² Σ_{i∈u} V_it, α Σ_{i∈u} d_i V_it] for t < m. */
function retrievalQueries(
  f: ItemFilter,
  seen: Csr,
  sv: Float64Array,
  alpha: number,
  block: Int32Array,
  m: number,
): Float32Array {
  const k = f.rank;
  const q = new Float32Array(block.length * 2 * m);
  const lin = new Float64Array(m);
  const ideal = new Float64Array(m);
  for (let b = 0; b < block.length; b++) {
    lin.fill(0);
    ideal.fill(0);
    const u = block[b];
    for (let p = seen.indptr[u]; p < seen.indptr[u + 1]; p++) {
      const i = seen.indices[p];
      const d = f.itemDown[i];
      for (let t = 0; t < m; t++) {
        const x = f.v[i * k + t];
        lin[t] += x;
        ideal[t] += d * x;
      }
    }
    for (let t = 0; t < m; t++) {
      q[b * 2 * m + t] = sv[t] * sv[t] * lin[t];
      q[b * 2 * m + m + t] = alpha * ideal[t];
    }
  }
  return q;
}

/** Per-row items no list may hold: the user's training items (unless `filterSeen` is false) and `exclude`. */
function excluded(seen: Csr, block: Int32Array, opts: RecommendOptions, from: number, I: number): Csr {
  const filterSeen = opts.filterSeen !== false;
  const indptr = new Int32Array(block.length + 1);
  for (let b = 0; b < block.length; b++) {
    const u = block[b];
    const own = filterSeen ? seen.indptr[u + 1] - seen.indptr[u] : 0;
    indptr[b + 1] = indptr[b] + own + (opts.exclude?.[from + b]?.length ?? 0);
  }
  const indices = new Int32Array(indptr[block.length]);
  let w = 0;
  for (let b = 0; b < block.length; b++) {
    const u = block[b];
    if (filterSeen) for (let p = seen.indptr[u]; p < seen.indptr[u + 1]; p++) indices[w++] = seen.indices[p];
    // Out-of-range ids are dropped, as the exact path ignores them; the slot is kept as a repeat of a valid id.
    for (const i of opts.exclude?.[from + b] ?? []) indices[w++] = i >= 0 && i < I ? i : -1;
  }
  return compactRows({ rows: block.length, cols: I, indptr, indices, values: null });
}

/** The same rows without the −1 placeholders of out-of-range ids. */
function compactRows(a: Csr): Csr {
  const indptr = new Int32Array(a.rows + 1);
  const indices = new Int32Array(a.indices.length);
  let w = 0;
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) if (a.indices[p] >= 0) indices[w++] = a.indices[p];
    indptr[r + 1] = w;
  }
  return { rows: a.rows, cols: a.cols, indptr, indices: indices.subarray(0, w), values: null };
}

/** The exact GF-CF score of a user's candidates, with reusable per-user scratch. */
class Reranker {
  private readonly x: Float64Array;
  private readonly touched: Int32Array;
  private readonly a: Float64Array;
  private readonly row: Float32Array;
  private readonly hotOfUser: Int32Array;

  constructor(
    private readonly f: ItemFilter,
    readonly alpha: number,
    private readonly hot: HotColumns,
  ) {
    this.x = new Float64Array(f.rn.rows);
    this.touched = new Int32Array(f.rn.rows);
    this.a = new Float64Array(f.rank);
    this.row = new Float32Array(f.numItems);
    this.hotOfUser = new Int32Array(Math.max(1, hot.count));
  }

  /** Top-`k` of `cand` by exact score for user `u` into out*[at ..]. */
  topK(
    seen: Csr,
    u: number,
    cand: Int32Array,
    k: number,
    outItems: Int32Array,
    outScores: Float32Array,
    at: number,
  ): void {
    const { f, x, touched, a, row, alpha, hotOfUser } = this;
    const { slot, cols } = this.hot;
    const I = f.numItems;
    const t = f.rnT;
    const tPtr = t.indptr,
      tIdx = t.indices,
      tVal = t.values as Float32Array;
    const rank = f.rank;
    const from = seen.indptr[u],
      to = seen.indptr[u + 1];
    let nt = 0;
    let nh = 0;
    a.fill(0);
    for (let p = from; p < to; p++) {
      const i = seen.indices[p];
      const d = f.itemDown[i] * alpha;
      if (d !== 0) for (let r = 0; r < rank; r++) a[r] += d * f.v[i * rank + r];
      if (slot[i] >= 0) {
        hotOfUser[nh++] = slot[i];
        continue;
      }
      for (let q = tPtr[i]; q < tPtr[i + 1]; q++) {
        const v = tIdx[q];
        if (x[v] === 0) touched[nt++] = v;
        x[v] += tVal[q];
      }
    }
    for (let c = 0; c < cand.length; c++) {
      const j = cand[c];
      let lin = 0;
      const sj = slot[j];
      if (sj >= 0) {
        // G symmetric: Σ_{i∈u} G_ij is the hot column of j read at the user's items.
        const o = sj * I;
        for (let p = from; p < to; p++) lin += cols[o + seen.indices[p]];
      } else {
        for (let h = 0; h < nh; h++) lin += cols[hotOfUser[h] * I + j];
        for (let q = tPtr[j]; q < tPtr[j + 1]; q++) lin += x[tIdx[q]] * tVal[q];
      }
      let ideal = 0;
      if (f.itemDown[j] > 0) {
        for (let r = 0; r < rank; r++) ideal += a[r] * f.v[j * rank + r];
        ideal /= f.itemDown[j];
      }
      row[j] = lin + ideal;
    }
    for (let p = 0; p < nt; p++) x[touched[p]] = 0;
    topKRow(row, 0, I, k, outItems, outScores, at, cand);
  }
}
