import { Rng } from '../../util/rng.ts';
import { sampleAlias } from '../alias.ts';
import type { AliasTable } from '../alias.ts';

/**
 * node2vec second-order biased random walks (Grover & Leskovec, "node2vec: Scalable Feature Learning
 * for Networks", KDD 2016). From `cur` having come from `prev`, neighbour x is chosen with probability
 * ∝ w(cur,x) · α(prev,x), α = 1/p if x = prev, 1 if x is a neighbour of prev, 1/q otherwise; the first
 * step is ∝ w. Sampling is exact by rejection (KnightKing-style): draw x from the first-order alias
 * table of `cur`, accept with α / max(1/p, 1, 1/q) — no O(Σ deg²) second-order tables.
 * Shapes: graph is a symmetric CSR over n nodes with sorted rows; walks are `walkLength` node ids each.
 */
export interface WalkGraph {
  indptr: Int32Array;
  indices: Int32Array;
  /** First-order alias tables aligned with `indices` (from the edge weights). */
  alias: AliasTable;
}

/** Walk hyper-parameters (the notebook's p = 2, q = 1.5, num_steps = 10). */
export interface WalkParams {
  /** Return parameter: 1/p weighs going straight back. */
  p: number;
  /** In-out parameter: 1/q weighs moving away from the previous node. */
  q: number;
  /** Nodes per walk, start included. */
  walkLength: number;
}

/** Whether `x` is in the sorted CSR row `v` (binary search). */
export function hasEdge(g: WalkGraph, v: number, x: number): boolean {
  let lo = g.indptr[v];
  let hi = g.indptr[v + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = g.indices[mid];
    if (m === x) return true;
    if (m < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Writes one walk from `start` into `out[offset .. offset+walkLength)`; −1 pads after a dead end. */
export function walkFrom(
  g: WalkGraph,
  start: number,
  params: WalkParams,
  rng: Rng,
  out: Int32Array,
  offset: number,
): void {
  const invP = 1 / params.p;
  const invQ = 1 / params.q;
  const maxBias = Math.max(invP, 1, invQ);
  let prev = -1;
  let cur = start;
  out[offset] = start;
  for (let t = 1; t < params.walkLength; t++) {
    const s = g.indptr[cur];
    const e = g.indptr[cur + 1];
    if (e === s) {
      out.fill(-1, offset + t, offset + params.walkLength);
      return;
    }
    let next: number;
    for (;;) {
      next = g.indices[s + sampleAlias(g.alias, s, e, rng)];
      if (prev < 0) break;
      const bias = next === prev ? invP : hasEdge(g, prev, next) ? 1 : invQ;
      if (bias >= maxBias || rng.uniform() * maxBias < bias) break;
    }
    out[offset + t] = next;
    prev = cur;
    cur = next;
  }
}

/**
 * Runs walks for a list of chunks: chunk c walks from `starts[c·chunkSize ..]` with its own
 * `new Rng(seeds[c])` and writes rows at the same positions, so output is independent of which
 * worker runs which chunk.
 */
export function runWalkChunks(
  g: WalkGraph,
  starts: Int32Array,
  seeds: Uint32Array,
  chunkSize: number,
  chunks: Iterable<number>,
  params: WalkParams,
  out: Int32Array,
): void {
  for (const c of chunks) {
    const rng = new Rng(seeds[c]);
    const end = Math.min(starts.length, (c + 1) * chunkSize);
    for (let w = c * chunkSize; w < end; w++) walkFrom(g, starts[w], params, rng, out, w * params.walkLength);
  }
}
