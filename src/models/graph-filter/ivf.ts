import type { Csr } from '../../tensor/csr.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import { Rng } from '../../util/rng.ts';
import { topKRow } from '../shared/topk.ts';
import { rankProfile } from './rank-profile.ts';
import { dotAt } from './row-dot.ts';

/** An inverted-file index over item rows: k-means lists, each item's row stored with its list. */
export interface IvfIndex {
  /** Width of a row. */
  dim: number;
  /** Number of lists (k-means centroids). */
  lists: number;
  /** Centroids, lists × dim. */
  centroids: Float32Array;
  /** Start of each list in `items` / `rows` (lists + 1 entries). */
  start: Int32Array;
  /** Item ids grouped by list. */
  items: Int32Array;
  /** The items' rows in the same order (items.length × dim), so a probed list is read contiguously. */
  rows: Float32Array;
}

/** Sample points per list the k-means trains on (the assignment of every item comes after, once). */
const SAMPLE_PER_LIST = 64;
const ITERATIONS = 8;
const ASSIGN_BLOCK = 1 << 16;

/**
 * Builds an IVF index over `n` rows of width `dim` (`emb`, row-major): k-means (`lists` centroids, seeded) trained
 * on a sample of ≤ 64 points per list, then every row assigned to its nearest centroid. The nearest centroid is the
 * top-1 of x·c − ‖c‖²/2, so assignment is one backend `topkDot` over [x, 1] · [c, −‖c‖²/2] (threaded, no n × lists
 * matrix). Cost O((sample · iterations + n) · lists · dim).
 */
export function buildIvf(emb: Float32Array, n: number, dim: number, lists: number, seed: number): IvfIndex {
  const L = Math.max(1, Math.min(lists, n));
  const rng = new Rng(seed);
  // A seeded sample without repeats (partial Fisher–Yates).
  const perm = Int32Array.from({ length: n }, (_, j) => j);
  const S = Math.min(n, Math.max(L, SAMPLE_PER_LIST * L));
  for (let s = 0; s < S; s++) {
    const t = s + rng.int(n - s);
    const x = perm[s]!;
    perm[s] = perm[t]!;
    perm[t] = x;
  }
  const sample = perm.subarray(0, S);
  const centroids = new Float32Array(L * dim);
  for (let l = 0; l < L; l++) centroids.set(emb.subarray(sample[l]! * dim, (sample[l]! + 1) * dim), l * dim);
  const sampleRows = gatherAugmented(emb, dim, sample);
  const sums = new Float64Array(L * dim);
  const counts = new Int32Array(L);
  for (let it = 0; it < ITERATIONS; it++) {
    const assign = nearest(sampleRows, S, centroids, L, dim);
    sums.fill(0);
    counts.fill(0);
    for (let s = 0; s < S; s++) {
      const l = assign[s]!;
      counts[l]!++;
      const o = sample[s]! * dim;
      for (let t = 0; t < dim; t++) sums[l * dim + t]! += emb[o + t]!;
    }
    for (let l = 0; l < L; l++) {
      if (counts[l] === 0) {
        // An empty list restarts at a random sample point rather than staying dead.
        const o = sample[rng.int(S)]! * dim;
        for (let t = 0; t < dim; t++) centroids[l * dim + t] = emb[o + t]!;
        continue;
      }
      for (let t = 0; t < dim; t++) centroids[l * dim + t] = sums[l * dim + t]! / counts[l]!;
    }
  }
  // Every row, in blocks (the widened copy of a block is what is held, not of the catalogue).
  const assign = new Int32Array(n);
  for (let s = 0; s < n; s += ASSIGN_BLOCK) {
    const ids = Int32Array.from({ length: Math.min(n, s + ASSIGN_BLOCK) - s }, (_, j) => s + j);
    assign.set(nearest(gatherAugmented(emb, dim, ids), ids.length, centroids, L, dim), s);
  }
  const start = new Int32Array(L + 1);
  for (let j = 0; j < n; j++) start[assign[j]! + 1]!++;
  for (let l = 0; l < L; l++) start[l + 1]! += start[l]!;
  const fill = start.slice(0, L);
  const items = new Int32Array(n);
  const rows = new Float32Array(n * dim);
  for (let j = 0; j < n; j++) {
    const p = fill[assign[j]!]!++;
    items[p] = j;
    rows.set(emb.subarray(j * dim, (j + 1) * dim), p * dim);
  }
  return { dim, lists: L, centroids, start, items, rows };
}

/** Rows `ids` of `emb` widened by a constant 1 (the column that meets −‖c‖²/2). */
function gatherAugmented(emb: Float32Array, dim: number, ids: Int32Array): Float32Array {
  const out = new Float32Array(ids.length * (dim + 1));
  for (let s = 0; s < ids.length; s++) {
    out.set(emb.subarray(ids[s]! * dim, (ids[s]! + 1) * dim), s * (dim + 1));
    out[s * (dim + 1) + dim] = 1;
  }
  return out;
}

/** Index of the nearest centroid (Euclidean) of each augmented row. */
function nearest(x: Float32Array, rows: number, centroids: Float32Array, L: number, dim: number): Int32Array {
  const c = new Float32Array(L * (dim + 1));
  for (let l = 0; l < L; l++) {
    let norm = 0;
    for (let t = 0; t < dim; t++) {
      const v = centroids[l * dim + t]!;
      c[l * (dim + 1) + t] = v;
      norm += v * v;
    }
    c[l * (dim + 1) + dim] = -norm / 2;
  }
  const val = new Float32Array(rows);
  const idx = new Int32Array(rows);
  getBackend().topkDot(x, rows, c, L, dim + 1, 1, emptyRows(rows, L), val, idx);
  // A row whose every score is NaN (non-finite input) has no nearest centroid: list 0 keeps it.
  for (let r = 0; r < rows; r++) if (idx[r]! < 0) idx[r] = 0;
  return idx;
}

function emptyRows(rows: number, cols: number): Csr {
  return { rows, cols, indptr: new Int32Array(rows + 1), indices: new Int32Array(0), values: null };
}

/**
 * Top-`c` items by q·row among the `probe` lists whose centroids score highest for each query (maximum inner
 * product, as the retrieval ranks), without row r's items in `exclude`: outIdx/outVal (rows × c) best first, −1 /
 * −∞ where the probed lists hold fewer. Approximate: an item in an unprobed list is never returned.
 */
export function ivfSearch(
  ix: IvfIndex,
  q: Float32Array,
  rows: number,
  probe: number,
  c: number,
  exclude: Csr,
  outIdx: Int32Array,
  outVal: Float32Array,
): void {
  const { dim, lists, start, items, rows: data } = ix;
  const P = Math.max(1, Math.min(probe, lists));
  const listVal = new Float32Array(rows * P);
  const listIdx = new Int32Array(rows * P);
  const prof = rankProfile();
  prof?.mark();
  if (rows < DIRECT_PROBE_ROWS) probeDirect(ix, q, rows, P, listIdx, listVal);
  else getBackend().topkDot(q, rows, ix.centroids, lists, dim, P, emptyRows(rows, lists), listVal, listIdx);
  const n = exclude.cols;
  const { score, mark } = scratchOf(ix, n);
  let cand = new Int32Array(1024);
  prof?.lap('choose');
  for (let r = 0; r < rows; r++) {
    for (let p = exclude.indptr[r]!; p < exclude.indptr[r + 1]!; p++) mark[exclude.indices[p]!] = r;
    let nc = 0;
    const qo = r * dim;
    for (let s = 0; s < P; s++) {
      const l = listIdx[r * P + s]!;
      if (l < 0) continue;
      const to = start[l + 1]!;
      if (nc + to - start[l]! > cand.length) {
        const grown = new Int32Array(2 * (nc + to - start[l]!));
        grown.set(cand.subarray(0, nc));
        cand = grown;
      }
      for (let p = start[l]!; p < to; p++) {
        const j = items[p]!;
        if (mark[j] === r) continue;
        score[j] = dotAt(q, qo, data, p * dim, dim);
        cand[nc++] = j;
      }
    }
    if (prof) {
      prof.count.scannedRows += nc;
      prof.lap('scan');
    }
    topKRow(score, 0, n, c, outIdx, outVal, r * c, cand.subarray(0, nc));
    prof?.lap('select');
    // The marks are left as a later call expects them (all −1): that call's row r may be this one's r.
    for (let p = exclude.indptr[r]!; p < exclude.indptr[r + 1]!; p++) mark[exclude.indices[p]!] = -1;
  }
}

/**
 * Below this many queries the lists are chosen by plain dot products with every centroid: `topkDot` first rotates
 * its operands into a principal basis (an eigendecomposition of a dim × dim matrix and a pass over the centroids per
 * call), which was 60% of a served request's 35 ms at 1 024 lists over 500 k items.
 */
const DIRECT_PROBE_ROWS = 32;

/** The `P` best lists per query by exact q·centroid (ties: lower list), as `topKRow` ranks. */
function probeDirect(
  ix: IvfIndex,
  q: Float32Array,
  rows: number,
  P: number,
  idx: Int32Array,
  val: Float32Array,
): void {
  const { dim, lists, centroids } = ix;
  const score = new Float32Array(lists);
  for (let r = 0; r < rows; r++) {
    const qo = r * dim;
    for (let l = 0; l < lists; l++) score[l] = dotAt(q, qo, centroids, l * dim, dim);
    topKRow(score, 0, lists, P, idx, val, r * P);
  }
}

/**
 * Catalogue-sized scratch of `ivfSearch`, one per index: a served model searches for one user per request, and two
 * fresh catalogue-sized arrays per request (4 MB at 500 k items) were garbage the server collected constantly.
 */
const scratch = new WeakMap<IvfIndex, { score: Float32Array; mark: Int32Array }>();

function scratchOf(ix: IvfIndex, n: number): { score: Float32Array; mark: Int32Array } {
  let s = scratch.get(ix);
  if (!s || s.score.length !== n) {
    s = { score: new Float32Array(n), mark: new Int32Array(n).fill(-1) };
    scratch.set(ix, s);
  }
  return s;
}
