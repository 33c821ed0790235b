import type { Csr } from '../../tensor/csr.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import type { RecommendOptions, TopK } from '../recommender.ts';
import { CoRatedWalk } from './co-rated.ts';
import type { GraphFilterConfig } from './config.ts';
import type { ItemFilter } from './filter.ts';
import { HotColumns } from './hot-columns.ts';
import { buildHnsw, hnswSearch, type HnswIndex } from './hnsw.ts';
import { buildIvf, ivfSearch, type IvfIndex } from './ivf.ts';
import { rankProfile } from './rank-profile.ts';
import { Reranker } from './rerank.ts';

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
 * (`ivf.ts`), O(lists + probe · items / lists) rows per user instead of every item; with `ivf.hnsw` a graph search
 * (`hnsw.ts`), O(ef · links + links · log items) rows. With `walks` ≥ 0 (−1: exact) only that many non-hot
 * candidates, the best by a low-rank estimate, are walked exactly and the rest ranked by the estimate (`rerank.ts`):
 * a user's re-rank then walks `walks` item lists, not `candidates` of them (0: none, nor the user's own).
 * With `coRated.count` > 0 the items co-rated with the user's less popular items that the sparse term scores highest
 * join the candidates (`co-rated.ts`): what the retrieval's leading directions cannot see.
 * Approximate only in which items are candidates: a true top-K item outside them is missed (measured, not bounded).
 */
export function recommendByCandidates(
  f: ItemFilter,
  seen: Csr,
  singularValues: Float64Array,
  alpha: number,
  users: Int32Array,
  opts: RecommendOptions,
  how: CandidateOptions,
): TopK {
  const { candidates, retrievalRank, hotItems = 0, ivf = NO_INDEX, walks = -1, coRated = NO_CO_RATED } = how;
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
  const idx = indexOf(f, m, hotItems, ivf);
  const { emb } = idx;
  const graph = ivf.hnsw ? idx.graph : null;
  const lists = !graph && ivf.lists > 0 ? idx.lists : null;
  const rerank = rerankerOf(idx, f, alpha, singularValues);
  const walk = coRated.count > 0 ? (idx.coRated ??= new CoRatedWalk(f)) : null;
  const prof = rankProfile();
  for (let s = 0; s < users.length; s += RETRIEVE_BLOCK) {
    const block = users.subarray(s, Math.min(users.length, s + RETRIEVE_BLOCK));
    prof?.mark();
    const q = retrievalQueries(f, seen, singularValues, alpha, block, m);
    const ex = excluded(seen, block, opts, s, I);
    const candVal = new Float32Array(block.length * c);
    const candIdx = new Int32Array(block.length * c);
    prof?.lap('query');
    if (graph) hnswSearch(graph, q, block.length, ivf.hnsw!.ef, c, ex, candIdx, candVal);
    else if (lists) ivfSearch(lists, q, block.length, ivf.probe, c, ex, candIdx, candVal);
    else {
      getBackend().topkDot(q, block.length, emb, I, 2 * m, c, ex, candVal, candIdx);
      prof?.lap('scan');
    }
    for (let b = 0; b < block.length; b++) {
      const row = candIdx.subarray(b * c, (b + 1) * c);
      let n = 0;
      while (n < c && row[n] >= 0) n++;
      let cand = row.subarray(0, n);
      let walked: Float32Array | undefined;
      if (walk) {
        const u = block[b];
        const rated = seen.indices.subarray(seen.indptr[u], seen.indptr[u + 1]);
        const skip = [ex.indices.subarray(ex.indptr[b], ex.indptr[b + 1]), cand];
        const extra = walk.pick(rated, idx.hot.slot, coRated.count, coRated.budget, skip);
        cand = new Int32Array(n + extra.length);
        cand.set(row.subarray(0, n));
        cand.set(extra, n);
        walked = walk.pickedSums(extra.length);
      }
      rerank.topK(seen, block[b], cand, k, items, scores, (s + b) * k, walks, walked);
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
  how: CandidateOptions,
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
  return recommendByCandidates(f, row, singularValues, alpha, one, opts, how);
}

/**
 * How the candidate path ranks: `candidates` retrieved per user over `retrievalRank` directions, the `hotItems` whose
 * Gram columns the re-rank keeps, the retrieval index (none: screen every item), the re-rank's walk budget (−1:
 * exact) and the co-rated candidates (none by default).
 */
export interface CandidateOptions {
  candidates: number;
  retrievalRank: number;
  hotItems?: number;
  ivf?: IvfOptions;
  walks?: number;
  coRated?: CoRatedOptions;
}

/** The candidate path a configuration asks for (the one place that reads its candidate keys). */
export function candidateOptions(c: Readonly<GraphFilterConfig>): CandidateOptions {
  return {
    candidates: c.candidates,
    retrievalRank: c.retrievalRank,
    hotItems: c.hotItems,
    ivf: retrievalIndex(c),
    walks: c.rerank === 'estimate' ? c.rerankWalks : -1,
    coRated: { count: c.coRated, budget: c.coRatedBudget },
  };
}

/** Co-rated items added to each user's candidates (`count`; 0 = none) and the co-rater list entries read for them. */
export interface CoRatedOptions {
  count: number;
  budget: number;
}

const NO_CO_RATED: CoRatedOptions = { count: 0, budget: 0 };

const NO_INDEX: IvfOptions = { lists: 0, probe: 0 };

/**
 * Retrieval by an index instead of screening every item: an inverted file of `lists` k-means lists (0 = off), `probe`
 * read per user; or, when `hnsw` is set, a navigable small-world graph (`hnsw.ts`; the lists are then unused).
 */
export interface IvfOptions {
  lists: number;
  probe: number;
  hnsw?: HnswOptions;
}

/** Whether a configuration asks for a retrieval index (an IVF or the HNSW graph) rather than screening every item. */
export function hasRetrievalIndex(c: Readonly<GraphFilterConfig>): boolean {
  return c.ivfLists > 0 || c.ann === 'hnsw';
}

/** The retrieval index a configuration asks for (`ann`, `ivfLists`/`ivfProbe`, `hnswM`/`hnswEf`). */
function retrievalIndex(c: Readonly<GraphFilterConfig>): IvfOptions {
  const ivf = { lists: c.ivfLists, probe: c.ivfProbe };
  return c.ann === 'hnsw' ? { ...ivf, hnsw: { m: c.hnswM, ef: c.hnswEf } } : ivf;
}

/** The graph index's links per node `m` and its search beam `ef` (at least the candidate count). */
export interface HnswOptions {
  m: number;
  ef: number;
}

interface CandidateIndex {
  m: number;
  hotItems: number;
  emb: Float32Array;
  hot: HotColumns;
  /** The IVF over `emb` (null when retrieval screens every item). */
  lists: IvfIndex | null;
  /** The HNSW graph over `emb` (null unless asked for). */
  graph: HnswIndex | null;
  /**
   * The re-rank's scratch (users + items sized), kept with the index: a served model ranks one user per request, and
   * a fresh ≈ 4 MB of scratch per request at 500 k items was garbage the server collected constantly.
   */
  rerank: Reranker | null;
  /** The co-rated walk's scratch (users + items sized), kept for the same reason. */
  coRated: CoRatedWalk | null;
}

/** The index's reusable re-ranker for `alpha` (calls never overlap: JavaScript runs one at a time per thread). */
function rerankerOf(x: CandidateIndex, f: ItemFilter, alpha: number, sv: Float64Array): Reranker {
  if (!x.rerank || x.rerank.alpha !== alpha) x.rerank = new Reranker(f, alpha, x.hot, sv);
  return x.rerank;
}

/** Per fitted filter: the retrieval rows, hot columns and IVF, built on first use (a model ranks many batches). */
const indexes = new WeakMap<ItemFilter, CandidateIndex>();

function indexOf(f: ItemFilter, m: number, hotItems: number, ivf: IvfOptions): CandidateIndex {
  const { lists, hnsw } = ivf;
  let x = indexes.get(f);
  if (!x || x.m !== m || x.hotItems !== hotItems) {
    x = {
      m,
      hotItems,
      emb: retrievalItems(f, m),
      hot: new HotColumns(f, hotItems),
      lists: null,
      graph: null,
      rerank: null,
      coRated: null,
    };
    indexes.set(f, x);
  }
  if (!hnsw && lists > 0 && x.lists?.lists !== Math.min(lists, f.numItems))
    x.lists = buildIvf(x.emb, f.numItems, 2 * m, lists, IVF_SEED);
  // buildHnsw caps m at 127 (a byte of link counts): compare what it was asked for.
  if (hnsw && x.graph?.m !== Math.max(2, Math.min(hnsw.m, 127)))
    x.graph = buildHnsw(x.emb, f.numItems, 2 * m, { m: hnsw.m, efBuild: HNSW_EF_BUILD, seed: IVF_SEED });
  return x;
}

/** The k-means seed of the IVF and the level seed of the HNSW (fixed: an index is a function of the fitted filter). */
const IVF_SEED = 23;

/** Beam width while inserting into the HNSW (the paper's efConstruction; 100 is its usual setting). */
const HNSW_EF_BUILD = 100;

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
