/** Neighbourhoods kept after training: for every node its K sampled neighbours, relations and weights π. */
export interface SampledGraph {
  numUsers: number;
  numItems: number;
  /** Kept-edge range of node v (users, then items, then attribute entities). */
  indptr: Int32Array;
  nbr: Int32Array;
  rel: Int32Array;
  weight: Float32Array;
  relationNames: string[];
  /** Names of attribute entities (node `numUsers + numItems + a`). */
  entityNames: string[];
}

/** One node on a knowledge-graph path. */
export interface KgPathNode {
  kind: 'user' | 'item' | 'entity';
  /** Dense user or item index, or entity index into `entityNames`. */
  index: number;
  /** Entity name (attribute entities only), e.g. `genre:Comedy`. */
  name?: string;
}

/** A path user → item they interacted with → shared attribute → recommended item, with its weight. */
export interface KgPath {
  nodes: KgPathNode[];
  /** Relation of each hop, e.g. `interact`, `genre`, `genre^-1`. */
  relations: string[];
  /** Product of the sampled edge weights π along the path (u→j, j→a, i→a). */
  weight: number;
}

/**
 * Paths u → j → a → i through the kept (sampled) neighbourhoods: j among u's sampled items, a an attribute among j's
 * sampled neighbours that is also among i's sampled neighbours. The last hop uses π(i→a) since a keeps only K items.
 * Heaviest first, at most `max`.
 */
export function kgPaths(g: SampledGraph, user: number, item: number, max: number): KgPath[] {
  const U = g.numUsers;
  const I = g.numItems;
  const target = U + item;
  const attrWeight = new Map<number, { w: number; rel: number }>();
  for (let q = g.indptr[target]; q < g.indptr[target + 1]; q++)
    if (g.nbr[q] >= U + I) attrWeight.set(g.nbr[q], { w: g.weight[q], rel: g.rel[q] });
  const out: KgPath[] = [];
  if (attrWeight.size === 0 || user < 0 || user >= U) return out;
  for (let q = g.indptr[user]; q < g.indptr[user + 1]; q++) {
    const j = g.nbr[q];
    if (j < U || j >= U + I || j === target) continue;
    for (let q2 = g.indptr[j]; q2 < g.indptr[j + 1]; q2++) {
      const a = g.nbr[q2];
      const last = attrWeight.get(a);
      if (!last) continue;
      out.push({
        nodes: [
          { kind: 'user', index: user },
          { kind: 'item', index: j - U },
          { kind: 'entity', index: a - U - I, name: g.entityNames[a - U - I] },
          { kind: 'item', index: item },
        ],
        relations: [g.relationNames[g.rel[q]], g.relationNames[g.rel[q2]], `${g.relationNames[last.rel]}^-1`],
        weight: g.weight[q] * g.weight[q2] * last.w,
      });
    }
  }
  out.sort((x, y) => y.weight - x.weight);
  return out.slice(0, Math.max(0, max));
}
