import { csrFromCoo, csrTranspose } from '../tensor/csr.ts';
import type { Csr } from '../tensor/csr.ts';

/** A dense row-major feature matrix attached to a node type. */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** One node type: how many nodes it has and, optionally, their input features. */
export interface NodeStore {
  name: string;
  count: number;
  /** Input features; absent for types whose features are a learned identity embedding. */
  x?: FeatureMatrix;
}

/** Edge type triple `(src, rel, dst)` as in PyG's `HeteroData`. */
export type EdgeTypeKey = readonly [src: string, rel: string, dst: string];

/** One edge type: COO endpoints, optional per-edge labels, and CSR in both directions. */
export interface EdgeStore {
  type: EdgeTypeKey;
  /** Source node index per edge. */
  src: Int32Array;
  /** Destination node index per edge. */
  dst: Int32Array;
  /** Per-edge label (e.g. rating); reverse types carry none. */
  label?: Float32Array;
  /** Incoming adjacency: row = destination, columns = sources (what mean aggregation reads). */
  inCsr: Csr;
  /** Outgoing adjacency: row = source, columns = destinations (the transpose, for gradients and sampling). */
  outCsr: Csr;
}

/** Node and edge types of a graph, as PyG's `metadata()`. */
export interface HeteroMetadata {
  nodeTypes: string[];
  edgeTypes: EdgeTypeKey[];
}

/** Canonical string key `src__rel__dst` of an edge type (PyG's module-dict naming). */
export function edgeKey(t: EdgeTypeKey): string {
  return `${t[0]}__${t[1]}__${t[2]}`;
}

/**
 * A heterogeneous graph: typed nodes with feature matrices and typed edges stored as CSR in both
 * directions, so message passing can aggregate into destinations and gradients can flow back to sources.
 */
export class HeteroGraph {
  private readonly nodes = new Map<string, NodeStore>();
  private readonly edges = new Map<string, EdgeStore>();

  /** Adds (or replaces) a node type. */
  addNodeType(name: string, count: number, x?: FeatureMatrix): this {
    if (x && x.rows !== count)
      throw new RangeError(`node type ${name}: ${x.rows} feature rows for ${count} nodes`);
    if (x && x.data.length !== x.rows * x.cols)
      throw new RangeError(`node type ${name}: feature data length mismatch`);
    this.nodes.set(name, { name, count, x });
    return this;
  }

  /** Adds (or replaces) an edge type from COO endpoints; both endpoint types must exist. */
  addEdgeType(type: EdgeTypeKey, src: Int32Array, dst: Int32Array, label?: Float32Array): this {
    const s = this.node(type[0]);
    const d = this.node(type[2]);
    if (src.length !== dst.length)
      throw new RangeError(`edge type ${edgeKey(type)}: src/dst length mismatch`);
    if (label && label.length !== src.length)
      throw new RangeError(`edge type ${edgeKey(type)}: label length mismatch`);
    // Structure only (values null): mean aggregation divides by degree, labels are kept per edge.
    const inCsr = csrFromCoo(d.count, s.count, dst, src);
    const outCsr = csrTranspose(inCsr);
    this.edges.set(edgeKey(type), { type, src, dst, label, inCsr, outCsr });
    return this;
  }

  /** The node store of `name` (throws when unknown). */
  node(name: string): NodeStore {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`unknown node type '${name}'`);
    return n;
  }

  /** The edge store of `type` (throws when unknown). */
  edge(type: EdgeTypeKey | string): EdgeStore {
    const key = typeof type === 'string' ? type : edgeKey(type);
    const e = this.edges.get(key);
    if (!e) throw new Error(`unknown edge type '${key}'`);
    return e;
  }

  /** Whether an edge type exists. */
  hasEdge(type: EdgeTypeKey): boolean {
    return this.edges.has(edgeKey(type));
  }

  /** All edge stores, in insertion order. */
  edgeStores(): EdgeStore[] {
    return [...this.edges.values()];
  }

  /** Node and edge types (PyG `metadata()`). */
  metadata(): HeteroMetadata {
    return { nodeTypes: [...this.nodes.keys()], edgeTypes: [...this.edges.values()].map((e) => e.type) };
  }

  /** Total node and edge counts (for `train --json`'s `graph` field). */
  size(): { nodes: number; edges: number } {
    let nodes = 0;
    let edges = 0;
    for (const n of this.nodes.values()) nodes += n.count;
    for (const e of this.edges.values()) edges += e.src.length;
    return { nodes, edges };
  }

  /**
   * Returns a graph with a reverse type `(dst, rev_<rel>, src)` for every edge type that lacks one
   * (PyG `ToUndirected`); reverse types carry no labels, so they never become training targets.
   */
  toUndirected(): HeteroGraph {
    const g = this.cloneStructure();
    for (const e of this.edges.values()) {
      if (e.type[1].startsWith('rev_')) continue;
      const rev: EdgeTypeKey = [e.type[2], `rev_${e.type[1]}`, e.type[0]];
      if (this.hasEdge(rev)) continue;
      // Same-type relations would be symmetrised in place by PyG; for bipartite types a reverse type is added.
      g.addEdgeType(rev, e.dst, e.src);
    }
    return g;
  }

  /** A new graph sharing node stores and edge stores (cheap; stores are treated as immutable). */
  cloneStructure(): HeteroGraph {
    const g = new HeteroGraph();
    for (const n of this.nodes.values()) g.nodes.set(n.name, n);
    for (const [k, e] of this.edges) g.edges.set(k, e);
    return g;
  }

  /** Drops an edge type (used by the link split to rebuild message-passing edges). */
  removeEdgeType(type: EdgeTypeKey): this {
    this.edges.delete(edgeKey(type));
    return this;
  }
}
