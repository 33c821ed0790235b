import type { Csr } from '../../tensor/csr.ts';
import { Rng } from '../../util/rng.ts';
import { rankProfile } from './rank-profile.ts';
import { dotAt } from './row-dot.ts';

/**
 * A hierarchical navigable small-world graph over item rows (Malkov & Yashunin 2018) for maximum inner product
 * search: every item is a node of layer 0, a geometrically shrinking random subset also of layers 1, 2, …, each
 * node linked to ≤ `m` (layer 0: 2m) rows of highest inner product with it (ip-NSW, Morozov & Babenko 2018, in
 * place of HNSW's Euclidean neighbours). A query descends the upper layers greedily and a beam of `ef` rows walks
 * layer 0 towards higher q·x (the retrieval's score), so it reads O(ef · m) rows plus O(m log n) on the way down,
 * instead of a share of the catalogue.
 */
export interface HnswIndex {
  /** Width of a row. */
  dim: number;
  /** Number of rows (items). */
  n: number;
  /** Links per node on layers ≥ 1 (layer 0: 2m). */
  m: number;
  /** The indexed rows (n × dim, row-major; the caller's array, not copied). */
  rows: Float32Array;
  /** Layer-0 links: node v's are links0[v·(2m + 1) .. + count0[v]) (the last slot only for `connect`'s links). */
  links0: Int32Array;
  /** Number of layer-0 links of each node. */
  count0: Uint8Array;
  /** −(inner product) of each layer-0 link (kept so a full list's weakest link is found without recomputing). */
  dist0: Float32Array;
  /** Top layer of each node. */
  level: Uint8Array;
  /** Links of layers ≥ 1: upper[v][(l − 1)·(m + 1)] holds the count, then ≤ m links (null for layer-0 nodes). */
  upper: (Int32Array | null)[];
  /** Entry point (a node on the top layer). */
  entry: number;
  /** The top layer. */
  top: number;
}

/** Build settings: links per node (`m`), the beam width while inserting (`efBuild`) and the level seed. */
export interface HnswBuild {
  m: number;
  efBuild: number;
  seed: number;
}

/** Layers are capped so a level fits a byte; 2⁻¹⁶ of a catalogue above layer 15 never happens in practice. */
const MAX_LEVEL = 15;

/**
 * Builds the graph over `n` rows of width `dim` (`rows`, row-major), inserting items in id order with levels drawn
 * from `seed` (so the index is a function of the rows and settings). Cost O(n · efBuild · m · dim · log n).
 */
export function buildHnsw(rows: Float32Array, n: number, dim: number, opts: HnswBuild): HnswIndex {
  const m = Math.max(2, Math.min(opts.m, 127));
  const m0 = 2 * m;
  const rng = new Rng(opts.seed);
  const mult = 1 / Math.log(m);
  const ix: HnswIndex = {
    dim,
    n,
    m,
    rows,
    links0: new Int32Array(n * (m0 + 1)),
    count0: new Uint8Array(n),
    dist0: new Float32Array(n * (m0 + 1)),
    level: new Uint8Array(n),
    upper: new Array<Int32Array | null>(n).fill(null),
    entry: -1,
    top: -1,
  };
  const s = new Search(n);
  const ef = Math.max(opts.efBuild, m);
  // Links into each node on layer 0: a reverse link never removes a node's last one, so every node stays reachable.
  const indeg = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const lv = Math.min(MAX_LEVEL, Math.floor(-Math.log(1 - rng.uniform()) * mult));
    ix.level[v] = lv;
    if (lv > 0) ix.upper[v] = new Int32Array(lv * (m + 1));
    if (ix.entry < 0) {
      ix.entry = v;
      ix.top = lv;
      continue;
    }
    const near = (j: number): number => -negDot(rows, v * dim, rows, j * dim, dim);
    let ep = ix.entry;
    for (let l = ix.top; l > lv; l--) ep = greedy(ix, l, ep, near);
    for (let l = Math.min(lv, ix.top); l >= 0; l--) {
      const found = s.beam(ix, l, ep, ef, near, null);
      const cap = l === 0 ? m0 : m;
      const chosen = selectNeighbours(found.ids, found.size, cap, v);
      setLinks(ix, v, l, chosen);
      if (l === 0) for (const u of chosen) indeg[u]!++;
      for (const u of chosen) link(ix, u, v, l, indeg, false);
      // A row no full list wants keeps one link in (forced), so it stays reachable.
      if (l === 0 && indeg[v] === 0 && chosen.length > 0) link(ix, chosen[0]!, v, 0, indeg, true);
      ep = found.ids[0]!;
    }
    if (lv > ix.top) {
      ix.entry = v;
      ix.top = lv;
    }
  }
  connect(ix, s);
  return ix;
}

/**
 * Makes every node reachable on layer 0 from the entry: reverse links can leave a pair of rows linked only to each
 * other. Each node a walk from the entry misses gets a link from the most similar reached node the search finds (in
 * that node's spare slot), then the walk goes on from it. Deterministic: nodes in id order.
 */
function connect(ix: HnswIndex, s: Search): void {
  const { n, rows, dim, links0, count0 } = ix;
  const stride = 2 * ix.m + 1;
  const reached = new Uint8Array(n);
  const stack: number[] = [];
  const walk = (from: number): void => {
    reached[from] = 1;
    stack.push(from);
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let p = 0; p < count0[v]!; p++) {
        const j = links0[v * stride + p]!;
        if (!reached[j]) {
          reached[j] = 1;
          stack.push(j);
        }
      }
    }
  };
  walk(ix.entry);
  // Where every similar reached node has used its spare slot (the hubs of an inner-product graph), the first
  // reached node with a free one from here on links in instead: reachability, not navigation, is what it is for.
  let cursor = 0;
  for (let v = 0; v < n; v++) {
    if (reached[v]) continue;
    const near = (j: number): number => -negDot(rows, v * dim, rows, j * dim, dim);
    const found = s.beam(ix, 0, ix.entry, 2 * ix.m, near, null);
    let u = -1;
    for (let p = 0; p < found.size && u < 0; p++) {
      const w = found.ids[p]!;
      if (reached[w] && count0[w]! < stride) u = w;
    }
    for (let tries = 0; u < 0 && tries < n; tries++, cursor = (cursor + 1) % n)
      if (reached[cursor] && count0[cursor]! < stride) u = cursor;
    if (u < 0) continue;
    links0[u * stride + count0[u]!] = v;
    ix.dist0[u * stride + count0[u]!] = negDot(rows, u * dim, rows, v * dim, dim);
    count0[u]!++;
    walk(v);
  }
}

/**
 * Top-`c` rows by q·row for each of `rows` queries (q: rows × dim), found by a beam of max(`ef`, c) over the
 * graph, without row r's items in `exclude` (they are walked through, never returned): outIdx/outVal (rows × c)
 * best first, −1 / −∞ where fewer were reached. Approximate: a row the beam never reaches is missed.
 */
export function hnswSearch(
  ix: HnswIndex,
  q: Float32Array,
  rows: number,
  ef: number,
  c: number,
  exclude: Csr,
  outIdx: Int32Array,
  outVal: Float32Array,
): void {
  const { dim, n } = ix;
  const s = searchOf(ix);
  const width = Math.max(ef, c);
  const prof = rankProfile();
  for (let r = 0; r < rows; r++) {
    prof?.mark();
    const qo = r * dim;
    const score = (j: number): number => dotAt(q, qo, ix.rows, j * dim, dim);
    let ep = ix.entry;
    for (let l = ix.top; l > 0; l--) ep = greedy(ix, l, ep, score);
    for (let p = exclude.indptr[r]!; p < exclude.indptr[r + 1]!; p++) {
      const j = exclude.indices[p]!;
      if (j >= 0 && j < n) s.banned[j] = s.epoch + 1;
    }
    // The entry starts the beam too: every node is reachable from it (`connect`), so a wide enough beam is exact.
    const found = s.beam(ix, 0, ep, width, score, s.banned, ix.entry);
    if (prof) {
      prof.count.graphHops += s.expanded;
      prof.count.scannedRows += s.scored;
      prof.lap('scan');
    }
    let w = 0;
    for (let p = 0; p < found.size && w < c; p++) {
      outIdx[r * c + w] = found.ids[p]!;
      outVal[r * c + w] = found.vals[p]!;
      w++;
    }
    for (; w < c; w++) {
      outIdx[r * c + w] = -1;
      outVal[r * c + w] = -Infinity;
    }
    prof?.lap('select');
  }
}

/**
 * The graph's dissimilarity of two rows, −a·b: ip-NSW (Morozov & Babenko 2018) links each row to the rows of highest
 * inner product with it, so the large-norm rows a maximum inner product search is after collect many links in (a
 * Euclidean graph leaves them far from everything, reached by few links: recall 0.06–0.15 on the test's rows).
 */
function negDot(a: Float32Array, ao: number, b: Float32Array, bo: number, dim: number): number {
  return -dotAt(a, ao, b, bo, dim);
}

/** Links of node v on layer l as (array, offset, count). */
function linksOf(ix: HnswIndex, v: number, l: number): [Int32Array, number, number] {
  if (l === 0) return [ix.links0, v * (2 * ix.m + 1), ix.count0[v]!];
  const up = ix.upper[v]!;
  const o = (l - 1) * (ix.m + 1);
  return [up, o + 1, up[o]!];
}

function setLinks(ix: HnswIndex, v: number, l: number, ids: readonly number[]): void {
  if (l === 0) {
    const o = v * (2 * ix.m + 1);
    ix.links0.set(ids, o);
    ix.count0[v] = ids.length;
    for (let p = 0; p < ids.length; p++)
      ix.dist0[o + p] = negDot(ix.rows, v * ix.dim, ix.rows, ids[p]! * ix.dim, ix.dim);
    return;
  }
  const up = ix.upper[v]!;
  const o = (l - 1) * (ix.m + 1);
  up[o] = ids.length;
  up.set(ids, o + 1);
}

/**
 * Adds the reverse link u → v. A full list keeps its links of highest inner product (v replaces the weakest when
 * stronger; with `force`, whatever it is) but never the last link into a node (`indeg`, layer 0).
 */
function link(ix: HnswIndex, u: number, v: number, l: number, indeg: Int32Array, force: boolean): void {
  const cap = l === 0 ? 2 * ix.m : ix.m;
  const [arr, o, cnt] = linksOf(ix, u, l);
  const { rows, dim, dist0 } = ix;
  const dv = negDot(rows, u * dim, rows, v * dim, dim);
  for (let p = 0; p < cnt; p++) if (arr[o + p] === v) return;
  if (cnt < cap) {
    arr[o + cnt] = v;
    if (l === 0) {
      ix.count0[u] = cnt + 1;
      dist0[o + cnt] = dv;
      indeg[v]!++;
    } else arr[o - 1] = cnt + 1;
    return;
  }
  let far = -1;
  let farD = force ? -Infinity : dv;
  for (let p = 0; p < cnt; p++) {
    if (l === 0 && indeg[arr[o + p]!]! <= 1) continue;
    const d = l === 0 ? dist0[o + p]! : negDot(rows, u * dim, rows, arr[o + p]! * dim, dim);
    if (d > farD) {
      far = p;
      farD = d;
    }
  }
  if (far < 0) return;
  if (l === 0) {
    indeg[arr[o + far]!]!--;
    indeg[v]!++;
    dist0[o + far] = dv;
  }
  arr[o + far] = v;
}

/** The first `cap` of `ids` (best first) other than `v`: ip-NSW keeps the rows of highest inner product. */
function selectNeighbours(ids: Int32Array, size: number, cap: number, v: number): number[] {
  const kept: number[] = [];
  for (let p = 0; p < size && kept.length < cap; p++) if (ids[p] !== v) kept.push(ids[p]!);
  return kept;
}

/** Greedy walk on layer l from `ep` to a local maximum of `score`. */
function greedy(ix: HnswIndex, l: number, ep: number, score: (j: number) => number): number {
  let best = ep;
  let bestVal = score(ep);
  for (let moved = true; moved;) {
    moved = false;
    const [arr, o, cnt] = linksOf(ix, best, l);
    for (let p = 0; p < cnt; p++) {
      const j = arr[o + p]!;
      const v = score(j);
      if (v > bestVal || (v === bestVal && j < best)) {
        best = j;
        bestVal = v;
        moved = true;
      }
    }
  }
  return best;
}

/** Scratch of beam searches: visited tags, the frontier and result heaps (one per index; calls never overlap). */
class Search {
  readonly visited: Uint32Array;
  readonly banned: Uint32Array;
  epoch = 0;
  expanded = 0;
  scored = 0;
  private frontIds = new Int32Array(64);
  private frontVals = new Float64Array(64);
  private resIds = new Int32Array(64);
  private resVals = new Float64Array(64);

  constructor(n: number) {
    this.visited = new Uint32Array(n);
    this.banned = new Uint32Array(n);
  }

  /**
   * Beam search on layer l (Algorithm 2): the best `ef` nodes by `score` reachable from `ep`, best first (ties:
   * lower id), also starting from `also` when ≥ 0. Nodes tagged in `banned` with this search's epoch are walked
   * through but not kept.
   */
  beam(
    ix: HnswIndex,
    l: number,
    ep: number,
    ef: number,
    score: (j: number) => number,
    banned: Uint32Array | null,
    also = -1,
  ): { ids: Int32Array; vals: Float64Array; size: number } {
    const tag = ++this.epoch;
    // Banned marks were written with this epoch by the caller (epoch + 1 before the increment).
    if (this.resIds.length < ef + 1) {
      this.resIds = new Int32Array(2 * ef + 2);
      this.resVals = new Float64Array(2 * ef + 2);
    }
    const visited = this.visited;
    let nf = 0;
    let nr = 0;
    this.expanded = 0;
    this.scored = 1;
    const push = (j: number, v: number): void => {
      if (nf === this.frontIds.length) {
        const ids = new Int32Array(2 * nf);
        const vals = new Float64Array(2 * nf);
        ids.set(this.frontIds);
        vals.set(this.frontVals);
        this.frontIds = ids;
        this.frontVals = vals;
      }
      nf = heapPush(this.frontIds, this.frontVals, nf, j, v, true);
    };
    const keep = (j: number, v: number): void => {
      nr = heapPush(this.resIds, this.resVals, nr, j, v, false);
      if (nr > ef) nr = heapPop(this.resIds, this.resVals, nr, false);
    };
    for (const e of also >= 0 && also !== ep ? [ep, also] : [ep]) {
      visited[e] = tag;
      const v0 = score(e);
      push(e, v0);
      if (!banned || banned[e] !== tag) keep(e, v0);
    }
    while (nf > 0) {
      const cur = this.frontIds[0]!;
      const curVal = this.frontVals[0]!;
      // The frontier's best cannot improve a full result set whose worst beats it.
      if (nr >= ef && curVal < this.resVals[0]!) break;
      nf = heapPop(this.frontIds, this.frontVals, nf, true);
      this.expanded++;
      const [arr, o, cnt] = linksOf(ix, cur, l);
      for (let p = 0; p < cnt; p++) {
        const j = arr[o + p]!;
        if (visited[j] === tag) continue;
        visited[j] = tag;
        const v = score(j);
        this.scored++;
        if (nr < ef || v > this.resVals[0]!) {
          push(j, v);
          if (!banned || banned[j] !== tag) keep(j, v);
        }
      }
    }
    // Results best first: pop the worst-first heap from the back.
    const ids = new Int32Array(nr);
    const vals = new Float64Array(nr);
    for (let p = nr - 1; p >= 0; p--) {
      ids[p] = this.resIds[0]!;
      vals[p] = this.resVals[0]!;
      nr = heapPop(this.resIds, this.resVals, nr, false);
    }
    return { ids, vals, size: ids.length };
  }
}

/** a ranks above b: higher value, ties to the lower id. */
function above(av: number, aj: number, bv: number, bj: number): boolean {
  return av > bv || (av === bv && aj < bj);
}

/**
 * Pushes (j, v) on a binary heap of `size` entries: `best` keeps the best entry at the root (the frontier), else
 * the worst (the bounded result set). Returns the new size.
 */
function heapPush(
  ids: Int32Array,
  vals: Float64Array,
  size: number,
  j: number,
  v: number,
  best: boolean,
): number {
  let p = size;
  while (p > 0) {
    const q = (p - 1) >> 1;
    const up = best ? above(v, j, vals[q]!, ids[q]!) : above(vals[q]!, ids[q]!, v, j);
    if (!up) break;
    ids[p] = ids[q]!;
    vals[p] = vals[q]!;
    p = q;
  }
  ids[p] = j;
  vals[p] = v;
  return size + 1;
}

/** Removes the root of a heap of `size` entries (ordered as `heapPush`'s `best`); returns the new size. */
function heapPop(ids: Int32Array, vals: Float64Array, size: number, best: boolean): number {
  const n = size - 1;
  const j = ids[n]!;
  const v = vals[n]!;
  let p = 0;
  for (;;) {
    let c = 2 * p + 1;
    if (c >= n) break;
    if (c + 1 < n) {
      const right = best
        ? above(vals[c + 1]!, ids[c + 1]!, vals[c]!, ids[c]!)
        : above(vals[c]!, ids[c]!, vals[c + 1]!, ids[c + 1]!);
      if (right) c++;
    }
    const down = best ? above(vals[c]!, ids[c]!, v, j) : above(v, j, vals[c]!, ids[c]!);
    if (!down) break;
    ids[p] = ids[c]!;
    vals[p] = vals[c]!;
    p = c;
  }
  if (n > 0) {
    ids[p] = j;
    vals[p] = v;
  }
  return n;
}

/** Search scratch per index (catalogue-sized tags, reused across served requests). */
const scratch = new WeakMap<HnswIndex, Search>();

function searchOf(ix: HnswIndex): Search {
  let s = scratch.get(ix);
  if (!s) {
    s = new Search(ix.n);
    scratch.set(ix, s);
  }
  return s;
}
