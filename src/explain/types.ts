/** One piece of an explanation: a rated item, a message-passing edge, an input feature group or a KG path. */
export interface Contribution {
  kind: 'item' | 'edge' | 'feature' | 'path';
  /**
   * Dense item index (rated items, and edges from the user's rated items), or −1 where the piece is not one of the
   * user's items (feature groups, paths, another user's rating of the recommended item: see `edge`).
   */
  id: number;
  /** Human-readable label (raw id, title, feature group or path), filled in by callers that know names. */
  label: string;
  /** Signed contribution to the score (exact for linear models, an attribution otherwise). */
  weight: number;
  /** weight / Σ|weight| over all contributions of the explanation. */
  share: number;
  /** For message-passing edges: which edge of the (user, item) pair's graph this is (hetero-sage). */
  edge?: EdgeRef;
  /** For knowledge-graph paths: the rated item the path leaves from and the entity it passes (`pathLabel` names them). */
  path?: PathRef;
}

/** A knowledge-graph path user → rated item `via` → entity → explained item, as its parts. */
export interface PathRef {
  /** Dense index of the user's rated item the path starts from. */
  via: number;
  /** The shared entity's name, e.g. `genre:Comedy` (its index as text when the graph has no names). */
  entity: string;
  /** Relation of each hop, e.g. `interact`, `genre`, `genre^-1`. */
  relations: string[];
}

/**
 * A path as a person reads it, with titles instead of indices: "you rated Toy Story (1995) → genre Animation →
 * Shrek (2001)". `itemName` turns a dense item index into a title (or raw id).
 */
export function pathLabel(p: PathRef, item: number, itemName: (i: number) => string): string {
  const [kind, value] = p.entity.includes(':') ? p.entity.split(/:(.*)/s) : [p.relations[1] ?? '', p.entity];
  return `you rated ${itemName(p.via)} → ${kind ? `${kind} ` : ''}${value} → ${itemName(item)}`;
}

/**
 * One edge next to an explained (user, item) pair: `side: 'user'` is the user's rating of item `node` (its message
 * into the user), `side: 'item'` is user `node`'s rating of the explained item (its message into the item).
 */
export interface EdgeRef {
  side: 'user' | 'item';
  /** Dense item (user side) or dense user (item side) at the other end of the edge. */
  node: number;
}

/** What `explain` returns for one (user, item) pair. */
export interface Explanation {
  /** Model kind that was explained. */
  model: string;
  /** Method name, e.g. `lightgcn-exact`, `graph-filter-exact`, `sage-ig`, `dskreg-paths`, `item2vec-similar`. */
  method: string;
  user: number;
  item: number;
  /** The model's score (or predicted rating) for the pair. */
  score: number;
  /** Top contributions, most positive weight first. */
  contributions: Contribution[];
  /** Part of the score not attributed to the user's items (e.g. the user's own layer-0 embedding). */
  residual: number;
  /** Extra method-specific detail (IG baseline score, paths, …). */
  detail?: Record<string, unknown>;
}

/** Options of `explain`. */
export interface ExplainOptions {
  /** How many contributions to keep (default 10). */
  top?: number;
  /** Also attribute to input feature groups where the method supports it (hetero-sage; a full-graph pass per IG step). */
  features?: boolean;
}

/**
 * A model-specific explainer: explanations plus a scorer of the user from a reduced history, which is what the
 * fidelity metrics need (remove or keep only the explanation's items, no retraining).
 */
export interface Explainer {
  /** Method name reported by `bench explain`. */
  readonly method: string;
  /** The user's history as the explainer sees it (dense item indices). */
  history(user: number): Int32Array;
  /** Explains `item` for `user`. */
  explain(user: number, item: number, opts?: ExplainOptions): Explanation;
  /** Scores of every item for `user` when only `kept` (a subset of `history(user)`) remains. */
  scoreHistory(user: number, kept: Int32Array): Float32Array;
  /** Edges an edge-level explanation of (user, item) chooses from (both sides); fidelity removes these when present. */
  pairEdges?(user: number, item: number): EdgeRef[];
  /** Scores of every item for `user` with `removed` edges of the (user, item) pair masked out. */
  scoreWithout?(user: number, item: number, removed: readonly EdgeRef[]): Float32Array;
}

/** Fills in shares over the whole list, sorts by weight (most positive first: what supports the item) and keeps `n`. */
export function rankContributions(all: Contribution[], n: number): Contribution[] {
  let total = 0;
  for (const c of all) total += Math.abs(c.weight);
  for (const c of all) c.share = total > 0 ? c.weight / total : 0;
  return [...all].sort((a, b) => b.weight - a.weight).slice(0, n);
}
