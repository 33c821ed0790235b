import type { Dataset } from '../data/types.ts';

/** A triple of raw strings as read from an extra knowledge-graph file (`head,relation,tail`). */
export interface RawTriple {
  head: string;
  relation: string;
  tail: string;
}

/** Item side information turned into a knowledge graph: item–attribute triples over dense ids. */
export interface KnowledgeGraph {
  numItems: number;
  /** Names of the non-item entities; entity id `numItems + a` is `entityNames[a]` (items keep their dense index). */
  entityNames: string[];
  /** Relation names; triple relation ids index this list. */
  relationNames: string[];
  /** Head entity per triple (items are 0..numItems-1). */
  head: Int32Array;
  /** Relation id per triple. */
  relation: Int32Array;
  /** Tail entity per triple. */
  tail: Int32Array;
}

/** Side-information relations a knowledge graph can be built from. */
export type KgSource = 'genre' | 'type' | 'tag' | 'decade';

/** Options of `buildKnowledgeGraph`. */
export interface KgOptions {
  /** Which item fields become relations (default all four). */
  sources?: readonly KgSource[];
  /** Extra triples; a head/tail equal to a raw item id is that item, anything else a named entity. */
  extra?: readonly RawTriple[];
}

/** Decade entity of a release year, e.g. 1994 → `1990s`. */
export function decadeOf(year: number): string {
  return `${Math.floor(year / 10) * 10}s`;
}

/**
 * Builds item–genre, item–type, item–tag and item–decade triples from `ds.itemMeta` plus any extra triples.
 * Attribute entities are named `relation:value` (tags lower-cased) so equal values of different fields stay apart;
 * duplicate triples are dropped. Entity and relation ids follow first appearance (deterministic for a dataset).
 */
export function buildKnowledgeGraph(
  ds: Pick<Dataset, 'items' | 'itemMeta'>,
  opts: KgOptions = {},
): KnowledgeGraph {
  const sources = new Set<KgSource>(opts.sources ?? ['genre', 'type', 'tag', 'decade']);
  const numItems = ds.items.size;
  const entityIds = new Map<string, number>();
  const entityNames: string[] = [];
  const relIds = new Map<string, number>();
  const relationNames: string[] = [];
  const seen = new Set<string>();
  const h: number[] = [];
  const r: number[] = [];
  const t: number[] = [];
  const entity = (name: string): number => {
    let id = entityIds.get(name);
    if (id === undefined) {
      id = numItems + entityNames.length;
      entityIds.set(name, id);
      entityNames.push(name);
    }
    return id;
  };
  const rel = (name: string): number => {
    let id = relIds.get(name);
    if (id === undefined) {
      id = relationNames.length;
      relIds.set(name, id);
      relationNames.push(name);
    }
    return id;
  };
  const add = (head: number, relation: number, tail: number): void => {
    const key = `${head} ${relation} ${tail}`;
    if (seen.has(key)) return;
    seen.add(key);
    h.push(head);
    r.push(relation);
    t.push(tail);
  };
  for (let i = 0; i < numItems; i++) {
    const m = ds.itemMeta[i] ?? {};
    if (sources.has('genre'))
      for (const g of m.genres ?? []) if (g.trim()) add(i, rel('genre'), entity(`genre:${g.trim()}`));
    if (sources.has('type') && m.type?.trim()) add(i, rel('type'), entity(`type:${m.type.trim()}`));
    if (sources.has('tag'))
      for (const g of m.tags ?? []) if (g.trim()) add(i, rel('tag'), entity(`tag:${g.trim().toLowerCase()}`));
    if (sources.has('decade') && m.year !== undefined && Number.isFinite(m.year))
      add(i, rel('decade'), entity(`decade:${decadeOf(m.year)}`));
  }
  // Why items are matched by raw id first: extra files usually describe catalogue items (movieId → director).
  const node = (raw: string): number => ds.items.get(raw) ?? entity(raw);
  for (const x of opts.extra ?? []) add(node(x.head), rel(x.relation), node(x.tail));
  return {
    numItems,
    entityNames,
    relationNames,
    head: Int32Array.from(h),
    relation: Int32Array.from(r),
    tail: Int32Array.from(t),
  };
}

/** Display name of entity `e` (an item's raw id for items). */
export function entityName(kg: KnowledgeGraph, e: number, itemRaw: (i: number) => string): string {
  return e < kg.numItems ? itemRaw(e) : kg.entityNames[e - kg.numItems];
}
