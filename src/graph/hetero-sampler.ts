import { csrFromCoo } from '../tensor/csr.ts';
import type { Csr } from '../tensor/csr.ts';
import type { Rng } from '../util/rng.ts';
import { edgeKey } from './hetero.ts';
import type { EdgeTypeKey, HeteroGraph } from './hetero.ts';

/**
 * One message-passing layer of a computation block: per node type, the destination nodes (a prefix
 * of the source nodes of the same type, so the root term is a row slice) and, per edge type, a
 * row-normalised adjacency from local sources to local destinations (mean aggregation weights).
 */
export interface BlockLayer {
  /** Global ids of the destination nodes of each type. */
  dst: Map<string, Int32Array>;
  /** Global ids of the source nodes of each type (destination nodes first). */
  src: Map<string, Int32Array>;
  /** Mean-aggregation matrix per edge key: rows = local dst, cols = local src, values 1/deg. */
  adj: Map<string, Csr>;
  edgeTypes: EdgeTypeKey[];
}

/** Row-normalises a structural CSR (values 1/row length), turning a sum into PyG's mean aggregation. */
export function rowNormalise(a: Csr): Csr {
  const values = new Float32Array(a.indptr[a.rows]);
  for (let r = 0; r < a.rows; r++) {
    const s = a.indptr[r];
    const e = a.indptr[r + 1];
    for (let p = s; p < e; p++) values[p] = (a.values ? a.values[p] : 1) / (e - s);
  }
  return { ...a, values };
}

/**
 * Samples a computation block for `seeds` (GraphSAGE's minibatch algorithm, Hamilton et al. 2017,
 * Alg. 2): layers are built from the output back to the input, each destination drawing at most
 * `fanouts[l]` distinct neighbours per edge type; `fanouts[0]` is the first (input) layer.
 * Returns layers in forward order; `layers[0].src` are the nodes whose input features are needed.
 */
export function sampleBlocks(
  g: HeteroGraph,
  seeds: Map<string, Int32Array>,
  fanouts: readonly number[],
  rng: Rng,
): BlockLayer[] {
  const layers: BlockLayer[] = [];
  let dst = seeds;
  const edgeTypes = g.metadata().edgeTypes;
  for (let l = fanouts.length - 1; l >= 0; l--) {
    const fan = fanouts[l];
    const srcList = new Map<string, number[]>();
    const srcIndex = new Map<string, Map<number, number>>();
    for (const t of g.metadata().nodeTypes) {
      const d = dst.get(t) ?? new Int32Array(0);
      srcList.set(t, Array.from(d));
      srcIndex.set(t, new Map(Array.from(d, (v, i) => [v, i])));
    }
    const coo = new Map<string, { r: number[]; c: number[] }>();
    for (const et of edgeTypes) {
      const e = g.edge(et);
      const d = dst.get(et[2]) ?? new Int32Array(0);
      const list = srcList.get(et[0]) as number[];
      const index = srcIndex.get(et[0]) as Map<number, number>;
      const r: number[] = [];
      const c: number[] = [];
      const scratch: number[] = [];
      for (let i = 0; i < d.length; i++) {
        const s = e.inCsr.indptr[d[i]];
        const n = e.inCsr.indptr[d[i] + 1] - s;
        scratch.length = 0;
        for (let p = 0; p < n; p++) scratch.push(e.inCsr.indices[s + p]);
        // Partial Fisher–Yates: the first `fan` entries become a uniform sample without replacement.
        const take = fan > 0 && n > fan ? fan : n;
        for (let p = 0; p < take && take < n; p++) {
          const q = p + rng.int(n - p);
          const t = scratch[p];
          scratch[p] = scratch[q];
          scratch[q] = t;
        }
        for (let p = 0; p < take; p++) {
          const v = scratch[p];
          let li = index.get(v);
          if (li === undefined) {
            li = list.length;
            list.push(v);
            index.set(v, li);
          }
          r.push(i);
          c.push(li);
        }
      }
      coo.set(edgeKey(et), { r, c });
    }
    const src = new Map<string, Int32Array>();
    for (const [t, list] of srcList) src.set(t, Int32Array.from(list));
    const adj = new Map<string, Csr>();
    for (const et of edgeTypes) {
      const k = edgeKey(et);
      const { r, c } = coo.get(k) as { r: number[]; c: number[] };
      const rows = (dst.get(et[2]) ?? new Int32Array(0)).length;
      const cols = (src.get(et[0]) as Int32Array).length;
      adj.set(k, rowNormalise(csrFromCoo(rows, cols, Int32Array.from(r), Int32Array.from(c))));
    }
    layers.push({ dst, src, adj, edgeTypes });
    dst = src;
  }
  return layers.reverse();
}

/** The full-graph block: every node at every layer, exact mean aggregation over all neighbours. */
export function fullBlocks(g: HeteroGraph, numLayers: number): BlockLayer[] {
  const md = g.metadata();
  const all = new Map<string, Int32Array>();
  for (const t of md.nodeTypes)
    all.set(
      t,
      Int32Array.from({ length: g.node(t).count }, (_, i) => i),
    );
  const adj = new Map<string, Csr>();
  for (const et of md.edgeTypes) adj.set(edgeKey(et), rowNormalise(g.edge(et).inCsr));
  const layer: BlockLayer = { dst: all, src: all, adj, edgeTypes: md.edgeTypes };
  return Array.from({ length: numLayers }, () => layer);
}
